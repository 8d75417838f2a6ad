import { gzipSync } from 'node:zlib';
import { increases } from '../src/evaluation/domain/counter';
import {
  encodeV1,
  encodeV2,
  type SeriesInput,
  snappy,
  STALE,
} from '../src/ingest/remote-write/remote-write.spec-helpers';
import {
  contractDoc,
  createContract,
  objectiveDoc,
  objectiveStatuses,
  runPass,
  vendorToken,
} from './support/fixtures';
import { ADMIN_TOKEN, type TestApp, useTestApp } from './support/test-app';

// POST /api/v1/write end to end: WriteRequests encoded by protobufjs from the same upstream .proto
// files and snappy-compressed, as Prometheus sends them, become samples, figures and answers.

const T0 = Date.parse('2027-03-02T08:00:00Z');
const MIN = 60_000;
const PROTOBUF = 'application/x-protobuf';

const objectives = [
  objectiveDoc('avail', { kind: 'ratio', good: 'req_ok_total', total: 'req_total' }, '>= 90%'),
  objectiveDoc('all-sum', { kind: 'threshold', metric: 'req_total', aggregate: 'sum' }, '<= 1000000000'),
  objectiveDoc('temp', { kind: 'threshold', metric: 'temperature', aggregate: 'max' }, '<= 1000'),
];

function write(t: TestApp, token: string | undefined, payload: Buffer, headers: Record<string, string> = {}) {
  return t.request({
    method: 'POST',
    url: '/api/v1/write',
    token,
    payload,
    headers: { 'content-type': PROTOBUF, 'content-encoding': 'snappy', ...headers },
  });
}

/** A counter series: one point a minute from T0, growing by `step`, restarting at `resetAt` (index). */
function counter(labels: Record<string, string>, values: number[]): SeriesInput {
  return { labels, samples: values.map((value, i) => ({ value, timestamp: T0 + i * MIN })) };
}

/** Σ increases over the series (the engine's counter rule). */
const sumOfIncreases = (series: SeriesInput[]) =>
  series
    .flatMap((s) => increases(s.samples.map((p) => ({ ts: p.timestamp, value: p.value }))))
    .reduce((a, b) => a + b, 0);

describe('POST /api/v1/write (Prometheus remote-write)', () => {
  const t = useTestApp({ INGEST_RATE_LIMIT: '100000' });
  let acme: string;
  let globex: string;

  const total = [
    counter({ __name__: 'req_total', instance: 'a', code: '200' }, [100, 160, 230, 20, 90]), // restarts
    counter({ __name__: 'req_total', instance: 'b', code: '200' }, [5, 15, 25, 35, 45]),
  ];
  const ok = [
    counter({ __name__: 'req_ok_total', instance: 'a' }, [90, 150, 215, 19, 80]),
    counter({ __name__: 'req_ok_total', instance: 'b' }, [5, 14, 24, 34, 44]),
  ];
  const temperature: SeriesInput = {
    labels: { __name__: 'temperature', room: 'dc1' },
    samples: [
      { value: 21.5, timestamp: T0 },
      { value: 23, timestamp: T0 + MIN },
      { value: STALE, timestamp: T0 + 2 * MIN },
    ],
  };
  const first = snappy(encodeV1([...total, ...ok, temperature]));

  beforeAll(async () => {
    await createContract(t, 'rw-2027', contractDoc('rw-2027', { objectives }), {
      at: '2027-03-02T12:00:00Z',
    });
    acme = await vendorToken(t, 'acme');
    await createContract(t, 'globex-2027', contractDoc('globex-2027', { vendor: 'globex', objectives }), {
      vendor: 'globex',
    });
    globex = await vendorToken(t, 'globex');
  });

  it('stores the samples, skips the staleness marker, and counters count Σ increases, resets included', async () => {
    const res = await write(t, acme, first);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      accepted: 22,
      duplicates: 0,
      rejected: 0,
      skipped: 1,
      unsupported: 0,
      rejections: [],
    });
    await runPass(t);
    const statuses = await objectiveStatuses(t, 'rw-2027');
    const all = sumOfIncreases(total);
    expect(all).toBe(60 + 70 + 20 + 70 + 40); // the restart at 20 counts 20
    expect(statuses['all-sum'].attainment).toBe(all);
    expect(statuses.avail.attainment).toBeCloseTo(sumOfIncreases(ok) / all, 12);
    expect(statuses.temp.attainment).toBe(23);
  });

  it('answers a resend with duplicates only: figures do not move', async () => {
    const res = await write(t, acme, first);
    expect(res.json()).toMatchObject({ accepted: 0, duplicates: 22, rejected: 0, skipped: 1 });
    await runPass(t);
    expect((await objectiveStatuses(t, 'rw-2027'))['all-sum'].attainment).toBe(sumOfIncreases(total));
  });

  it("lets another vendor write the same series names into its own series, never acme's", async () => {
    const theirs = [counter({ __name__: 'req_total', instance: 'a', code: '200' }, [0, 1_000_000])];
    const res = await write(t, globex, snappy(encodeV1(theirs)));
    expect(res.json()).toMatchObject({ accepted: 2, duplicates: 0 });
    await runPass(t);
    expect((await objectiveStatuses(t, 'rw-2027'))['all-sum'].attainment).toBe(sumOfIncreases(total));
    expect((await objectiveStatuses(t, 'globex-2027'))['all-sum'].attainment).toBe(1_000_000);
  });

  it('counts per-sample problems in a 200 and stores the rest', async () => {
    const at = T0 + 10 * MIN;
    const labels17 = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`l${i}`, 'v']));
    const res = await write(
      t,
      acme,
      snappy(
        encodeV1([
          { labels: { __name__: 'temperature', room: 'dc2' }, samples: [{ value: 20, timestamp: at }] },
          { labels: { __name__: 'temperature', room: 'dc3' }, samples: [{ value: NaN, timestamp: at }] },
          {
            labels: { __name__: 'temperature', room: 'dc4' },
            samples: [{ value: -Infinity, timestamp: at }],
          },
          { labels: { __name__: 'temperature', ...labels17 }, samples: [{ value: 1, timestamp: at }] },
          {
            labels: { __name__: 'temperature' },
            samples: [{ value: 1, timestamp: Date.parse('2027-03-02T13:00:00Z') }],
          },
          {
            labels: { __name__: 'temperature' },
            samples: [{ value: 1, timestamp: Date.parse('2026-01-01T00:00:00Z') }],
          },
          { labels: { __name__: 'req_total' }, samples: [{ value: -5, timestamp: at }] },
          { labels: { __name__: 'bad metric' }, samples: [{ value: 1, timestamp: at }] },
        ]),
      ),
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ accepted: 1, duplicates: 0, rejected: 7 });
    expect(body.rejections.map((r: { reason: string }) => r.reason)).toEqual([
      'invalid_value',
      'invalid_value',
      'invalid_labels',
      'future_timestamp',
      'before_contract',
      'invalid_value',
      'invalid_metric',
    ]);
    expect(body.rejections[0]).toMatchObject({ metric: 'temperature', labels: { room: 'dc3' } });
  });

  it.each([
    ['bad snappy', Buffer.from('not snappy at all, just text'), /snappy/],
    [
      'a snappy body that is not protobuf',
      snappy(Buffer.from('{"samples": []}')),
      /not a valid prometheus.WriteRequest/,
    ],
    ['truncated protobuf', snappy(encodeV1(total).subarray(0, 40)), /truncated|past the end/],
    [
      'a series without __name__',
      snappy(encodeV1([{ labels: { job: 'x' }, samples: [{ value: 1, timestamp: T0 }] }])),
      /no __name__ label/,
    ],
    ['an empty body', Buffer.alloc(0), /empty|length header/],
  ])('answers 400 for %s, naming the problem', async (_name, payload, detail) => {
    const res = await write(t, acme, payload);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().detail).toMatch(detail);
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('answers 413 for a body that declares more than 32 MiB uncompressed', async () => {
    const res = await write(t, acme, Buffer.from([0x80, 0x80, 0x80, 0x20, 0x00]));
    expect(res.statusCode).toBe(413);
  });

  it('answers 401 without a token, 403 for a staff token, 415 for another type or encoding', async () => {
    expect((await write(t, undefined, first)).statusCode).toBe(401);
    expect((await write(t, ADMIN_TOKEN, first)).statusCode).toBe(403);
    const gzipped = gzipSync(encodeV1(total));
    expect((await write(t, acme, gzipped, { 'content-encoding': 'gzip' })).statusCode).toBe(415);
    expect((await write(t, acme, first, { 'content-encoding': 'br' })).statusCode).toBe(415);
    // vmagent's VictoriaMetrics-protocol probe and zstd bodies: refused, so it falls back to snappy.
    expect((await write(t, acme, first, { 'content-encoding': 'zstd' })).statusCode).toBe(415);
    expect(
      (await t.request({ method: 'GET', url: '/api/v1/write?get_vm_proto_version=1', token: acme }))
        .statusCode,
    ).toBe(405);
    const json = await t.request({
      method: 'POST',
      url: '/api/v1/write',
      token: acme,
      payload: { samples: [] },
    });
    expect(json.statusCode).toBe(415);
    const v3 = await write(t, acme, first, {
      'content-type': `${PROTOBUF};proto=io.prometheus.write.v3.Request`,
    });
    expect(v3.statusCode).toBe(415);
  });

  it('takes remote-write 2.0 with its written-count headers and per-series metric types', async () => {
    const at = T0 + 20 * MIN;
    const series: SeriesInput[] = [
      {
        labels: { __name__: 'req_total', instance: 'v2' },
        samples: [
          { value: 7, timestamp: at },
          { value: 12, timestamp: at + MIN },
        ],
      },
      {
        labels: { __name__: 'temperature', room: 'v2' },
        samples: [
          { value: 30, timestamp: at },
          { value: STALE, timestamp: at + MIN },
        ],
      },
    ];
    const res = await write(
      t,
      acme,
      snappy(encodeV2(series, { req_total: 'counter', temperature: 'gauge' })),
      {
        'content-type': `${PROTOBUF};proto=io.prometheus.write.v2.Request`,
      },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 3, skipped: 1 });
    expect(res.headers['x-prometheus-remote-write-samples-written']).toBe('3');
    expect(res.headers['x-prometheus-remote-write-histograms-written']).toBe('0');
    await runPass(t);
    const statuses = await objectiveStatuses(t, 'rw-2027');
    expect(statuses['all-sum'].attainment).toBe(sumOfIncreases(total) + 5);
    expect(statuses.temp.attainment).toBe(30);
  });
});
