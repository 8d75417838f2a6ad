import fc from 'fast-check';
import {
  encodeV1,
  encodeV2,
  type SeriesInput,
  snappy,
  STALE,
} from '../src/ingest/remote-write/remote-write.spec-helpers';
import { contractDoc, createContract, objectiveDoc, vendorToken } from './support/fixtures';
import { type TestApp, useTestApp } from './support/test-app';

// Hostile and large remote-write bodies: whatever arrives (truncated or garbled protobuf, broken
// snappy framing, huge label sets, NaN, infinities and staleness markers), the answer is never a
// 5xx, and nothing accepted before is lost.

const T0 = Date.parse('2027-03-02T08:00:00Z');
const V2 = 'application/x-protobuf;proto=io.prometheus.write.v2.Request';

function write(t: TestApp, token: string, payload: Buffer, type = 'application/x-protobuf') {
  return t.request({
    method: 'POST',
    url: '/api/v1/write',
    token,
    payload,
    headers: { 'content-type': type, 'content-encoding': 'snappy' },
  });
}

const series = (n: number, metric = 'load', at = T0): SeriesInput[] =>
  Array.from({ length: n }, (_, i) => ({
    labels: { __name__: metric, instance: `host-${i}`, job: 'node' },
    samples: [{ value: i, timestamp: at }],
  }));

describe('remote-write under hostile and large bodies', () => {
  const t = useTestApp({ INGEST_RATE_LIMIT: '100000' });
  let token: string;
  const baseline = snappy(encodeV1(series(50, 'baseline_total')));

  beforeAll(async () => {
    const objectives = [
      objectiveDoc('load', { kind: 'threshold', metric: 'load', aggregate: 'max' }, '<= 1e9'),
    ];
    await createContract(t, 'fuzz-2027', contractDoc('fuzz-2027', { objectives }), {
      at: '2027-03-02T12:00:00Z',
    });
    token = await vendorToken(t, 'acme');
    expect((await write(t, token, baseline)).json()).toMatchObject({ accepted: 50 });
  });

  it('takes 10 000 series in one request, and 25 000 samples in three chunks', async () => {
    const big = await write(t, token, snappy(encodeV1(series(10_000))));
    expect(big.statusCode).toBe(200);
    expect(big.json()).toMatchObject({ accepted: 10_000, rejected: 0 });
    const chunked = await write(t, token, snappy(encodeV1(series(25_000, 'load', T0 + 60_000))));
    expect(chunked.statusCode).toBe(200);
    expect(chunked.json()).toMatchObject({ accepted: 25_000, duplicates: 0, rejected: 0 });
  }, 60_000);

  it('answers huge label sets and values with per-sample rejections', async () => {
    const labels = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`label_${i}`, `value-${i}`]));
    const res = await write(
      t,
      token,
      snappy(
        encodeV1([
          { labels: { __name__: 'load', ...labels }, samples: [{ value: 1, timestamp: T0 }] },
          { labels: { __name__: 'load', big: 'x'.repeat(100_000) }, samples: [{ value: 1, timestamp: T0 }] },
          { labels: { __name__: 'x'.repeat(300) }, samples: [{ value: 1, timestamp: T0 }] },
        ]),
      ),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().rejections.map((r: { reason: string }) => r.reason)).toEqual([
      'invalid_labels',
      'invalid_labels',
      'invalid_metric',
    ]);
    // The answer lists what was refused, bounded: no 100 000-character echo of the label.
    expect(res.body.length).toBeLessThan(250_000);
  });

  it('never answers a 5xx to truncated, garbled or mis-framed bodies, NaN or staleness markers', async () => {
    const value = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, STALE, -0, 2 ** 60));
    const input = fc.array(
      fc.record({
        labels: fc.dictionary(fc.constantFrom('__name__', 'job', 'a', 'b', '__proto__', ''), fc.string(), {
          maxKeys: 4,
        }),
        samples: fc.array(fc.record({ value, timestamp: fc.oneof(fc.constant(T0), fc.integer()) }), {
          maxLength: 4,
        }),
      }),
      { maxLength: 6 },
    );
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('none' as const) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('snappy-truncate' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('snappy-flip' as const),
        at: fc.nat(),
        bits: fc.integer({ min: 1, max: 255 }),
      }),
      fc.record({ kind: fc.constant('raw' as const) }),
    );
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(input, mutation, fc.boolean(), async (input, m, v2) => {
        let body = v2 ? encodeV2(input) : encodeV1(input);
        if (m.kind === 'truncate') body = body.subarray(0, m.at % (body.length + 1));
        if (m.kind === 'flip' && body.length > 0) {
          body = Buffer.from(body);
          body[m.at % body.length] ^= m.bits;
        }
        let payload = m.kind === 'raw' ? body : snappy(body);
        if (m.kind === 'snappy-truncate') payload = payload.subarray(0, m.at % payload.length);
        if (m.kind === 'snappy-flip') {
          payload = Buffer.from(payload);
          payload[m.at % payload.length] ^= m.bits;
        }
        const res = await write(t, token, payload, v2 ? V2 : undefined);
        statuses.add(res.statusCode);
        expect([200, 400, 413]).toContain(res.statusCode);
        if (res.statusCode !== 200) expect(res.json().detail).toEqual(expect.any(String));
      }),
      { numRuns: 150 },
    );
    expect(statuses).toContain(200);
    expect(statuses).toContain(400);
    // Nothing accepted before was lost: the baseline comes back as duplicates only.
    expect((await write(t, token, baseline)).json()).toMatchObject({ accepted: 0, duplicates: 50 });
  }, 120_000);
});

describe('remote-write over the rate limit', () => {
  const t = useTestApp({ INGEST_RATE_LIMIT: '1' });

  it('answers 429 with Retry-After, which Prometheus retries, and the retry stores the batch once', async () => {
    const objectives = [
      objectiveDoc('load', { kind: 'threshold', metric: 'load', aggregate: 'max' }, '<= 1e9'),
    ];
    await createContract(t, 'limit-2027', contractDoc('limit-2027', { objectives }), {
      at: '2027-03-02T12:00:00Z',
    });
    const token = await vendorToken(t, 'acme');
    const body = snappy(encodeV1(series(3)));
    const answers = [await write(t, token, body), await write(t, token, body)];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 429]);
    expect(Number(answers[1].headers['retry-after'])).toBeGreaterThanOrEqual(1);
    t.setNow(new Date('2027-03-02T12:00:05Z'));
    expect((await write(t, token, body)).json()).toMatchObject({ accepted: 0, duplicates: 3 });
  });
});
