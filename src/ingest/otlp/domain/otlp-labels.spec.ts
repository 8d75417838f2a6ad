import { partialSuccess, sampleRefusal } from './otlp-answer';
import { attributeLabels, labelName, labelValue, scopeLabels } from './otlp-labels';
import { OtlpShapeError, timeOf } from './otlp-values';

const kv = (key: string, value: object) => ({ key, value });

describe('OTLP attributes as labels', () => {
  it.each([
    ['service.name', 'service_name'],
    ['http.response.status_code', 'http_response_status_code'],
    ['k8s-pod/name', 'k8s_pod_name'],
    ['2xx', '_2xx'],
    ['plain_name', 'plain_name'],
    ['ünïcode', '_n_code'],
  ])('names %s as %s', (key, name) => expect(labelName(key)).toBe(name));

  it.each([
    [{ stringValue: 'a b' }, 'a b'],
    [{ boolValue: false }, 'false'],
    [{ intValue: '-42' }, '-42'],
    [{ intValue: 7 }, '7'],
    [{ intValue: '9007199254740993' }, '9007199254740993'],
    [{ doubleValue: 0.25 }, '0.25'],
    [{ doubleValue: 'NaN' }, 'NaN'],
    [{ bytesValue: 'AQID' }, 'AQID'],
    [
      { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, { boolValue: true }, {}] } },
      '["a",1,true,null]',
    ],
    [
      { kvlistValue: { values: [kv('k', { doubleValue: 1.5 }), kv('n', { arrayValue: {} })] } },
      '{"k":1.5,"n":[]}',
    ],
  ])('writes %j as %s', (value, text) => expect(labelValue(value, 'v')).toBe(text));

  it('leaves out attributes without a value, and refuses values of the wrong type', () => {
    expect(attributeLabels([kv('a', {}), kv('b', { stringValue: '' })], 'at')).toEqual({ b: '' });
    expect(() => labelValue({ boolValue: 'yes' }, 'at')).toThrow(
      new OtlpShapeError('at.boolValue', 'has the wrong type'),
    );
  });

  it('keeps an attribute named __proto__ as a label', () => {
    const labels = attributeLabels([kv('__proto__', { stringValue: 'x' })], 'at');
    expect(Object.entries({ ...labels })).toEqual([['__proto__', 'x']]);
  });

  it('joins the values of keys that share a label name, in key order', () => {
    const labels = attributeLabels(
      [kv('a_b', { stringValue: '2' }), kv('a.b', { stringValue: '1' }), kv('c', { stringValue: '3' })],
      'at',
    );
    expect(labels).toEqual({ a_b: '1;2', c: '3' });
  });

  it('stops rendering deep or long values soon after the label length limit', () => {
    let value: object = { stringValue: 'leaf' };
    for (let i = 0; i < 1000; i++) value = { arrayValue: { values: [value] } };
    const text = labelValue(value, 'at') as string;
    expect(text.length).toBeGreaterThan(256);
    expect(text.length).toBeLessThan(1000);
    const wide = { arrayValue: { values: Array.from({ length: 10_000 }, () => ({ stringValue: 'abc' })) } };
    expect((labelValue(wide, 'at') as string).length).toBeLessThan(1000);
  });

  it('adds the scope name and version, over the scope attributes', () => {
    expect(
      scopeLabels(
        {
          name: 'lib',
          version: '1',
          attributes: [kv('otel.scope.name', { stringValue: 'x' }), kv('team', { stringValue: 'y' })],
        },
        's',
      ),
    ).toEqual({
      otel_scope_name: 'lib',
      otel_scope_version: '1',
      team: 'y',
    });
    expect(scopeLabels({ name: '' }, 's')).toEqual({});
  });
});

describe('OTLP times', () => {
  it.each([
    ['1803988800123456789', '2027-03-02T12:00:00.123Z'],
    [1_803_988_800_123_456_800, '2027-03-02T12:00:00.123Z'],
    ['999999', '1970-01-01T00:00:00.000Z'],
    ['18446744073709551615', '2554-07-21T23:34:33.709Z'],
  ])('reads %j as %s', (ns, iso) => expect(timeOf(ns)?.timestamp).toBe(iso));

  it.each([
    undefined,
    '0',
    '000',
    0,
    '-1',
    '1.5',
    1.5,
    '18446744073709551616',
    '123456789012345678901',
    'abc',
  ])('refuses %j', (ns) => expect(timeOf(ns)).toBeUndefined());
});

describe('OTLP partial success', () => {
  it('is absent when nothing was refused', () => expect(partialSuccess(5, [])).toBeUndefined());

  it('counts each point once and says each reason once, with its number of points', () => {
    const refused = [
      { point: 1, message: 'A' },
      { point: 1, message: 'A' },
      { point: 2, message: 'A' },
      { point: 3, message: 'B' },
    ];
    expect(partialSuccess(9, refused)).toEqual({
      rejectedDataPoints: 3,
      errorMessage: '3 of 9 data points rejected: A (2 points); B',
    });
  });

  it('shows the first five reasons and counts the others', () => {
    const refused = Array.from({ length: 8 }, (_, i) => ({ point: i, message: `R${i}` }));
    expect(partialSuccess(8, refused)?.errorMessage).toBe(
      '8 of 8 data points rejected: R0; R1; R2; R3; R4; and 3 more reason(s)',
    );
  });

  it('points at resource attributes when a label limit refuses a sample', () => {
    expect(sampleRefusal('m', 'invalid_labels', 'at most 16 labels, got 20')).toMatch(
      /^"m": at most 16 labels, got 20 \(resource, scope/,
    );
    expect(sampleRefusal('m', 'future_timestamp', 'too new')).toBe('"m": too new');
  });
});
