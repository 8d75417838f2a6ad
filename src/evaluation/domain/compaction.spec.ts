import { compactionHorizon, cursorSpan, HOUR_MS, ROWS_PER_STEP, seriesPerStep } from './compaction';

const at = (iso: string) => Date.parse(iso);

describe('compactionHorizon', () => {
  it.each([
    ['2026-11-30T02:59:59.999Z', '2026-11-29T23:00:00Z'],
    ['2026-11-30T03:00:00Z', '2026-11-30T00:00:00Z'],
    ['2026-11-30T04:00:00Z', '2026-11-30T01:00:00Z'],
    ['2026-11-30T23:59:59.999Z', '2026-11-30T20:00:00Z'],
    ['2026-12-01T00:30:00Z', '2026-11-30T21:00:00Z'],
  ])('at %s samples before %s are compacted', (now, horizon) => {
    expect(compactionHorizon(at(now))).toBe(at(horizon));
    expect(compactionHorizon(at(now)) % HOUR_MS).toBe(0);
  });
});

describe('cursorSpan', () => {
  it.each([
    // A past day whole, from its midnight or from an hour a running-day cursor had reached in it.
    ['2026-11-28T00:00:00Z', '2026-11-30T01:00:00Z', ['2026-11-28T00:00:00Z', '2026-11-29T00:00:00Z']],
    ['2026-11-29T17:00:00Z', '2026-11-30T01:00:00Z', ['2026-11-29T17:00:00Z', '2026-11-30T00:00:00Z']],
    ['2026-11-29T00:00:00Z', '2026-11-30T00:00:00Z', ['2026-11-29T00:00:00Z', '2026-11-30T00:00:00Z']],
    // Inside the running day: an hour at a time, up to the horizon.
    ['2026-11-30T00:00:00Z', '2026-11-30T01:00:00Z', ['2026-11-30T00:00:00Z', '2026-11-30T01:00:00Z']],
    ['2026-11-30T05:00:00Z', '2026-11-30T20:00:00Z', ['2026-11-30T05:00:00Z', '2026-11-30T06:00:00Z']],
    ['2026-11-30T19:00:00Z', '2026-11-30T20:00:00Z', ['2026-11-30T19:00:00Z', '2026-11-30T20:00:00Z']],
    // Nothing yet.
    ['2026-11-30T20:00:00Z', '2026-11-30T20:00:00Z', null],
    ['2026-11-30T01:00:00Z', '2026-11-30T01:00:00Z', null],
  ])('from %s with the horizon at %s: %j', (from, horizon, span) => {
    expect(cursorSpan(at(from), at(horizon))).toEqual(
      span === null ? null : { from: at(span[0]), until: at(span[1]) },
    );
  });
});

describe('seriesPerStep', () => {
  it.each([
    [0, 500],
    [1, 500],
    [1_440, Math.floor(ROWS_PER_STEP / 1_440)],
    [86_400, 1],
    [10_000_000, 1],
  ])('%d rows per series → %d series', (rows, series) => {
    expect(seriesPerStep(rows)).toBe(series);
  });
});
