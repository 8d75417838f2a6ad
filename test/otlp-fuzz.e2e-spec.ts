import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { contractDoc, createContract, objectiveDoc, vendorToken } from './support/fixtures';
import { decodeAnswer, deepAttributeRequest, encodeRequest, gaugeRequest, nanos } from './support/otlp';
import { useTestApp } from './support/test-app';

// Bad and hostile OTLP input is refused point by point or answered 400, never a 5xx: NaN, staleness
// markers, unusable names, label sets over the limit, deep attribute values, truncated and mutated
// protobuf, random JSON; and a request over 10 000 samples is stored in chunks.

const NOW = Date.parse('2027-03-02T12:00:00Z');
const MIN = 60_000;
const PROTOBUF = 'application/x-protobuf';
const wrap = (metrics: object[], resourceAttributes: object[] = []) => ({
  resourceMetrics: [{ resource: { attributes: resourceAttributes }, scopeMetrics: [{ metrics }] }],
});
const point = (ms: number, extra: object = {}) => ({ timeUnixNano: nanos(ms), ...extra });

/** A request with one metric of every kind: the seed of the mutation fuzz. */
const everyKind = wrap(
  [
    { name: 'g', gauge: { dataPoints: [point(NOW - MIN, { asDouble: 1.5 })] } },
    {
      name: 's',
      sum: {
        aggregationTemporality: 2,
        isMonotonic: true,
        dataPoints: [point(NOW - MIN, { asInt: '12', startTimeUnixNano: nanos(NOW - 5 * MIN) })],
      },
    },
    {
      name: 'h',
      histogram: {
        aggregationTemporality: 1,
        dataPoints: [point(NOW - MIN, { count: '2', sum: 3, bucketCounts: ['1', '1'], explicitBounds: [2] })],
      },
    },
    {
      name: 'e',
      exponentialHistogram: { aggregationTemporality: 2, dataPoints: [point(NOW - MIN, { count: '4' })] },
    },
    {
      name: 'q',
      summary: {
        dataPoints: [point(NOW - MIN, { count: '3', sum: 9, quantileValues: [{ quantile: 0.5, value: 2 }] })],
      },
    },
  ],
  [
    {
      key: 'service.name',
      value: {
        kvlistValue: { values: [{ key: 'a', value: { arrayValue: { values: [{ intValue: '1' }] } } }] },
      },
    },
  ],
);

describe('OTLP/HTTP hostile input', () => {
  const t = useTestApp({ INGEST_RATE_LIMIT: '100000' });
  let token: string;
  const post = (payload: Buffer | string, type = PROTOBUF) =>
    t.request({ method: 'POST', url: '/v1/metrics', token, headers: { 'content-type': type }, payload });
  const partialOf = (res: LightMyRequestResponse) => decodeAnswer(res.rawPayload, 'response').partialSuccess;

  beforeAll(async () => {
    const objectives = [objectiveDoc('g', { kind: 'threshold', metric: 'g', aggregate: 'avg' }, '<= 100')];
    await createContract(t, 'fuzz-2027', contractDoc('fuzz-2027', { objectives }), { at: new Date(NOW) });
    token = await vendorToken(t, 'acme');
  });

  it('stores every kind of metric of the seed request', async () => {
    const res = await post(encodeRequest(everyKind));
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload).toHaveLength(0);
    const rows: Array<{ metric: string; n: number }> = await t.dataSource.query(
      `SELECT s.metric, count(*)::int AS n FROM samples p JOIN series s ON s.id = p.series_id GROUP BY 1 ORDER BY 1`,
    );
    // s: its value and the zero at its start time; h: count, sum, two buckets; e: count; q: count, sum, one quantile.
    expect(rows).toEqual([
      { metric: 'e_count', n: 1 },
      { metric: 'g', n: 1 },
      { metric: 'h_bucket', n: 2 },
      { metric: 'h_count', n: 1 },
      { metric: 'h_sum', n: 1 },
      { metric: 'q', n: 1 },
      { metric: 'q_count', n: 1 },
      { metric: 'q_sum', n: 1 },
      { metric: 's', n: 2 },
    ]);
  });

  it('refuses NaN, infinite and NO_RECORDED_VALUE points and unusable names, storing the rest', async () => {
    const res = await post(
      encodeRequest(
        wrap([
          {
            name: 'nan.gauge',
            gauge: {
              dataPoints: [
                point(NOW - MIN, { asDouble: NaN }),
                point(NOW - 2 * MIN, { asDouble: Infinity }),
                point(NOW - 3 * MIN, { asDouble: 1, flags: 1 }),
                point(NOW - 4 * MIN, { asDouble: 4 }),
              ],
            },
          },
          { name: 'bad name/with slash', gauge: { dataPoints: [point(NOW - MIN, { asDouble: 1 })] } },
        ]),
      ),
    );
    expect(res.statusCode).toBe(200);
    const partial = partialOf(res);
    expect(partial.rejectedDataPoints).toBe('4');
    expect(partial.errorMessage).toMatch(/NaN or infinite \(2 points\)/);
    expect(partial.errorMessage).toMatch(/NO_RECORDED_VALUE/);
    expect(partial.errorMessage).toMatch(/metric name "bad name\/with slash" is not accepted/);
    // The same in JSON, where proto3 writes NaN as a string.
    const json = await post(
      JSON.stringify(gaugeRequest('nan.json', [[NOW - MIN, 0]])).replace('"asDouble":0', '"asDouble":"NaN"'),
      'application/json',
    );
    expect(json.json().partialSuccess.rejectedDataPoints).toBe('1');
  });

  it('refuses points whose labels exceed the limit, saying which attributes count', async () => {
    const attributes = Array.from({ length: 30 }, (_, i) => ({
      key: `k8s.attr.${i}`,
      value: { stringValue: 'x' },
    }));
    const res = await post(
      encodeRequest(
        wrap([{ name: 'wide', gauge: { dataPoints: [point(NOW - MIN, { asDouble: 1 })] } }], attributes),
      ),
    );
    expect(res.statusCode).toBe(200);
    expect(partialOf(res)).toEqual({
      rejectedDataPoints: '1',
      errorMessage: expect.stringMatching(
        /"wide": at most 16 labels, got 30 \(resource, scope and data-point attributes/,
      ),
    });
    const long = [{ key: 'blob', value: { stringValue: 'x'.repeat(5000) } }];
    const res2 = await post(encodeRequest(gaugeRequest('long.label', [[NOW - MIN, 1]], long)));
    expect(partialOf(res2).errorMessage).toMatch(/longer than 256 characters/);
  });

  it('stores moderately nested attribute values as JSON and refuses deeper ones with 400', async () => {
    const nested = await post(deepAttributeRequest(20, 'deep', NOW - MIN));
    expect(nested.statusCode).toBe(200);
    const [{ deep }] = await t.dataSource.query(
      `SELECT labels->>'deep' AS deep FROM series WHERE metric = 'deep'`,
    );
    expect(deep).toBe(`${'{"k":'.repeat(20)}"leaf"${'}'.repeat(20)}`);
    // Past protobuf's usual limit of 100 nested messages (protoc's too): the body is refused whole.
    for (const depth of [50, 2_000]) {
      const res = await post(deepAttributeRequest(depth, 'deeper', NOW - MIN));
      expect(res.statusCode).toBe(400);
      expect(decodeAnswer(res.rawPayload, 'status').message).toMatch(/maximum nesting depth exceeded/);
    }
  });

  it('stores a request of more than 10 000 samples in chunks, mapping refusals back to their points', async () => {
    const points: Array<[number, number]> = Array.from({ length: 12_000 }, (_, i) => [
      NOW - 5 * MIN - i * 1000,
      i,
    ]);
    points[10_500] = [NOW + 60 * MIN, -1];
    const res = await post(encodeRequest(gaugeRequest('many', points)));
    expect(res.statusCode).toBe(200);
    expect(partialOf(res)).toEqual({
      rejectedDataPoints: '1',
      errorMessage: '1 of 12000 data points rejected: "many": timestamp is more than 5 minutes in the future',
    });
    const stored = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM samples p JOIN series s ON s.id = p.series_id WHERE s.metric = 'many'`,
    );
    expect(stored[0].n).toBe(11_999);
  });

  it('answers truncated and mutated protobuf with 200 or 400, never 5xx', async () => {
    const seed = encodeRequest(everyKind);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: seed.length }),
        fc.array(fc.tuple(fc.nat({ max: seed.length - 1 }), fc.nat({ max: 255 })), { maxLength: 4 }),
        async (cut, flips) => {
          const body = Buffer.from(seed.subarray(0, cut));
          for (const [at, byte] of flips) if (at < body.length) body[at] = byte;
          const res = await post(body);
          expect([200, 400]).toContain(res.statusCode);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers random JSON with 200 or 400, never 5xx', async () => {
    const leaf = fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('NaN', '-1', '18446744073709551616'),
    );
    const mutated = fc
      .tuple(fc.constantFrom(...jsonPaths(everyKind)), leaf)
      .map(([path, value]) => setAt(structuredClone(everyKind), path, value));
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, fc.jsonValue({ maxDepth: 4 })), async (body) => {
        const res = await post(JSON.stringify(body), 'application/json');
        expect([200, 400]).toContain(res.statusCode);
      }),
      { numRuns: 200 },
    );
  });
});

type Path = Array<string | number>;
/** Every path to a value of `value` (objects, arrays and leaves). */
function jsonPaths(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [at];
  return [
    at,
    ...Object.entries(value).flatMap(([k, v]) => jsonPaths(v, [...at, Array.isArray(value) ? Number(k) : k])),
  ];
}
function setAt(root: any, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1]] = value;
  return root;
}
