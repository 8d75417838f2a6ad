import { checkSample, checkTimeWindow, labelsKey, parseRfc3339 } from './samples';

const ctx = {
  now: Date.parse('2027-03-02T12:00:00Z'),
  earliestContractMs: Date.parse('2027-01-01T00:00:00Z'),
};

describe('parseRfc3339', () => {
  it.each([
    ['2027-03-02T10:15:00Z', Date.parse('2027-03-02T10:15:00Z')],
    ['2027-03-02T10:15:00+02:00', Date.parse('2027-03-02T08:15:00Z')],
    ['2027-03-02T10:15:00.123456-05:30', Date.parse('2027-03-02T15:45:00.123Z')],
    ['2028-02-29T00:00:00Z', Date.parse('2028-02-29T00:00:00Z')],
    ['2027-02-29T00:00:00Z', undefined],
    ['2027-04-31T00:00:00Z', undefined],
    ['2100-02-29T00:00:00Z', undefined],
    ['2027-03-02T10:15:00', undefined],
    ['2027-03-02T24:00:00Z', undefined],
    ['2027-03-02T10:15:60Z', undefined],
    ['2027-03-02T10:15:00.1234567Z', undefined],
    ['0999-03-02T10:15:00Z', undefined],
    ['1e9', undefined],
  ])('reads %p as %p', (text, ms) => {
    expect(parseRfc3339(text)).toBe(ms);
  });

  it('answers a repeated text as the first time, whatever came between (the last result is kept)', () => {
    const sequence = ['2027-02-29T00:00:00Z', '2027-02-29T00:00:00Z', '2027-03-02T10:15:00Z', '1e9', '1e9'];
    const again = [...sequence, ...sequence.reverse()].map((t) => parseRfc3339(t));
    expect(again).toEqual([
      undefined,
      undefined,
      Date.parse('2027-03-02T10:15:00Z'),
      undefined,
      undefined,
      undefined,
      undefined,
      Date.parse('2027-03-02T10:15:00Z'),
      undefined,
      undefined,
    ]);
  });
});

describe('checkTimeWindow', () => {
  it.each([
    ['4 minutes ahead', '2027-03-02T12:04:00Z', ctx, undefined],
    ['6 minutes ahead', '2027-03-02T12:06:00Z', ctx, 'future_timestamp'],
    ['at the contract start', '2027-01-01T00:00:00Z', ctx, undefined],
    ['a millisecond before it', '2026-12-31T23:59:59.999Z', ctx, 'before_contract'],
    [
      'for a vendor without contracts',
      '2027-03-02T10:00:00Z',
      { ...ctx, earliestContractMs: undefined },
      'before_contract',
    ],
  ])('judges a timestamp %s', (_, ts, context, reason) => {
    expect(checkTimeWindow(Date.parse(ts), context)?.reason).toBe(reason);
  });
});

describe('labelsKey', () => {
  it('is the same whatever the key order, and tells apart labels that a separator could confuse', () => {
    expect(labelsKey({ b: '2', a: '1' })).toBe(labelsKey({ a: '1', b: '2' }));
    expect(labelsKey({ a: 'x,b' })).not.toBe(labelsKey({ a: 'x', b: '' }));
    expect(labelsKey({})).toBe('');
  });
});

describe('checkSample', () => {
  const ok = { metric: 'm', value: 1, timestamp: '2027-03-02T10:00:00Z' };
  it.each([
    [{ ...ok }, undefined],
    [{ ...ok, metric: '9m' }, 'invalid_metric'],
    [{ ...ok, value: Infinity }, 'invalid_value'],
    [{ ...ok, value: null }, 'invalid_value'],
    [{ ...ok, value: 1.7e308 }, 'invalid_value'],
    [{ ...ok, value: -1.7e308 }, 'invalid_value'],
    [{ ...ok, value: 2 ** 53 }, 'invalid_value'],
    [{ ...ok, value: 2 ** 53 - 1 }, undefined],
    [{ ...ok, value: -(2 ** 53 - 1) }, undefined],
    [{ ...ok, value: -5 }, undefined],
    [{ ...ok, timestamp: undefined }, 'invalid_timestamp'],
    [{ ...ok, labels: [] }, 'invalid_labels'],
    [{ ...ok, labels: { 'bad-name': 'x' } }, 'invalid_labels'],
    [{ ...ok, labels: { a: 'x'.repeat(257) } }, 'invalid_labels'],
    [{ ...ok, labels: { a: '\ud800' } }, 'invalid_labels'],
    [{ ...ok, labels: { a: 'nul\u0000' } }, 'invalid_labels'],
    [{ ...ok, cumulative: true }, undefined],
    [{ ...ok, cumulative: false }, undefined],
    [{ ...ok, cumulative: 'yes' }, 'invalid_cumulative'],
    [{ ...ok, cumulative: 1 }, 'invalid_cumulative'],
    [{ ...ok, cumulative: true, value: -1 }, 'invalid_value'],
    [{ ...ok, cumulative: true, value: 0 }, undefined],
  ])('checks %j: %p', (raw, reason) => {
    const result = checkSample(raw, 3, ctx);
    expect('reason' in result ? result.reason : undefined).toBe(reason);
  });
});

describe('counted metrics', () => {
  const counted = { ...ctx, countedMetrics: new Set(['req', 'req_ok']) };
  it.each([
    ['a negative count', { metric: 'req', value: -50 }, 'invalid_value'],
    ['a negative zero count', { metric: 'req_ok', value: -0 }, undefined],
    ['a zero count', { metric: 'req_ok', value: 0 }, undefined],
    ['a negative value of a metric no ratio counts', { metric: 'temperature', value: -5 }, undefined],
  ])('judges %s', (_name, sample, reason) => {
    const result = checkSample({ ...sample, timestamp: '2027-03-02T10:00:00Z' }, 0, counted);
    expect('reason' in result ? result.reason : undefined).toBe(reason);
  });
});

describe('closed periods', () => {
  const ctx = {
    now: Date.parse('2027-05-10T00:00:00Z'),
    earliestContractMs: Date.parse('2027-01-01T00:00:00Z'),
    closed: [[Date.parse('2027-01-01T00:00:00Z'), Date.parse('2027-04-01T00:00:00Z')] as const],
  };
  it.each([
    ['inside a closed period', '2027-03-31T23:59:59.999Z', 'period_closed'],
    ['at the end of the closed time (the next period is open)', '2027-04-01T00:00:00Z', undefined],
    ['in an open period', '2027-05-01T00:00:00Z', undefined],
  ])('a timestamp %s', (_name, ts, reason) => {
    expect(checkTimeWindow(Date.parse(ts), ctx)?.reason).toBe(reason);
  });
});

describe('the kind of a sample', () => {
  it('keeps cumulative as part of what is checked, false when absent', () => {
    const base = { metric: 'm', value: 1, timestamp: '2027-03-02T10:00:00Z' };
    expect(checkSample({ ...base, cumulative: true }, 0, ctx)).toMatchObject({ cumulative: true });
    expect(checkSample(base, 0, ctx)).toMatchObject({ cumulative: false });
  });
});
