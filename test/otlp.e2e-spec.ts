import {
  contractDoc,
  createContract,
  objectiveDoc,
  objectiveStatuses,
  runPass,
  vendorToken,
} from './support/fixtures';
import { listenLocally, sdkPipeline, type SdkPipeline } from './support/otlp';
import { useTestApp } from './support/test-app';

// POST /v1/metrics fed by the real OpenTelemetry JS SDK (MeterProvider + the OTLP/HTTP exporters,
// protobuf and JSON, cumulative and delta): the figures the service computes are the ones the SDK
// recorded (docs/ingest-otlp.md).

const DAY_MS = 86_400_000;
/** A contract running from yesterday (UTC), so the SDK's real-time points fall inside it. */
const effective = () => {
  const yesterday = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
  return { from: yesterday, to: `${new Date().getUTCFullYear() + 1}-12-31` };
};
const sumOf = (key: string, metric: string) =>
  objectiveDoc(key, { kind: 'threshold', metric, aggregate: 'sum' }, '<= 1000000');
const contract = () =>
  contractDoc('otlp-sdk', {
    effective: effective(),
    objectives: [
      sumOf('placed', 'orders.placed'), // cumulative counter, protobuf
      sumOf('shipped', 'orders.shipped'), // delta counter, JSON
      objectiveDoc('avail', { kind: 'ratio', good: 'http.ok', total: 'http.all' }, '>= 99%'),
      objectiveDoc('depth-avg', { kind: 'threshold', metric: 'queue.depth', aggregate: 'avg' }, '<= 1000'),
      objectiveDoc('depth-last', { kind: 'threshold', metric: 'queue.depth', aggregate: 'last' }, '<= 1000'),
      sumOf('lat-count', 'latency.ms_count'),
      // The share of requests within 50 ms, exact from the cumulative buckets.
      objectiveDoc(
        'fast',
        { kind: 'ratio', good: 'latency.ms_bucket{le="50"}', total: 'latency.ms_count' },
        '>= 50%',
      ),
      sumOf('lat-sum', 'latency.ms_sum'),
      sumOf('delta-lat-count', 'delta.latency.ms_count'),
      sumOf('delta-lat-sum', 'delta.latency.ms_sum'),
    ],
  });

/** Each point gets its own millisecond (timestamps are stored to the millisecond). */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('OTLP/HTTP metrics from the OpenTelemetry JS SDK', () => {
  const t = useTestApp({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let url: string;
  let token: string;
  const pipelines: SdkPipeline[] = [];
  const pipeline = (encoding: 'protobuf' | 'json', temporality: 'cumulative' | 'delta') => {
    const p = sdkPipeline({ url, token, encoding, temporality });
    pipelines.push(p);
    return p;
  };

  beforeAll(async () => {
    url = await listenLocally(t);
    await createContract(t, 'otlp-sdk', contract());
    token = await vendorToken(t, 'acme');
  });
  afterAll(() => Promise.all(pipelines.map((p) => p.shutdown())));

  it('counts cumulative counters (protobuf), delta counters (JSON), gauges and histograms as recorded', async () => {
    const cumulative = pipeline('protobuf', 'cumulative');
    const delta = pipeline('json', 'delta');
    const placed = cumulative.meter.createCounter('orders.placed');
    const all = cumulative.meter.createCounter('http.all');
    const ok = cumulative.meter.createCounter('http.ok');
    const latency = cumulative.meter.createHistogram('latency.ms');
    const shipped = delta.meter.createCounter('orders.shipped');
    const depth = delta.meter.createGauge('queue.depth');
    const deltaLatency = delta.meter.createHistogram('delta.latency.ms');

    placed.add(5, { route: 'a' });
    placed.add(3, { route: 'b' });
    all.add(100);
    ok.add(97);
    latency.record(3);
    latency.record(30);
    shipped.add(4, { carrier: 'x' });
    depth.record(100);
    deltaLatency.record(10);
    await tick();
    expect(await cumulative.flush()).toEqual({ code: 0 });
    expect(await delta.flush()).toEqual({ code: 0 });

    placed.add(7, { route: 'a' });
    all.add(100, { 'service.name': 'edge' });
    ok.add(99);
    latency.record(300);
    shipped.add(6, { carrier: 'x' });
    shipped.add(1, { carrier: 'y' });
    depth.record(300);
    deltaLatency.record(20);
    deltaLatency.record(5);
    await tick();
    expect(await cumulative.flush()).toEqual({ code: 0 });
    expect(await delta.flush()).toEqual({ code: 0 });

    await runPass(t);
    const s = await objectiveStatuses(t, 'otlp-sdk');
    // Cumulative: the first export's values count too (the series starts from zero at its start time).
    expect(s.placed.attainment).toBe(5 + 3 + 7);
    expect(s.shipped.attainment).toBe(4 + 6 + 1);
    expect(s.avail.attainment).toBeCloseTo((97 + 99) / (100 + 100), 10);
    expect(s['depth-avg'].attainment).toBe((100 + 300) / 2);
    expect(s['depth-last'].attainment).toBe(300);
    expect(s['lat-count'].attainment).toBe(3);
    expect(s['lat-sum'].attainment).toBe(3 + 30 + 300);
    expect(s.fast.attainment).toBeCloseTo(2 / 3, 10);
    expect(s['delta-lat-count'].attainment).toBe(3);
    expect(s['delta-lat-sum'].attainment).toBe(10 + 20 + 5);
  });

  it('stores histogram buckets as <name>_bucket with cumulative le labels, +Inf last', async () => {
    const rows: Array<{ le: string; value: number }> = await t.dataSource.query(
      `SELECT s.labels->>'le' AS le, max(p.value)::float8 AS value
         FROM series s JOIN samples p ON p.series_id = s.id
        WHERE s.metric = 'latency.ms_bucket' GROUP BY 1`,
    );
    const byLe = Object.fromEntries(rows.map((r) => [r.le, r.value]));
    // The SDK's default boundaries; after 3, 30 and 300 were recorded.
    expect(byLe).toMatchObject({ '0': 0, '5': 1, '25': 1, '50': 2, '250': 2, '500': 3, '+Inf': 3 });
    expect(Object.keys(byLe)).toHaveLength(16);
  });

  it('turns resource and scope attributes into labels, the point attributes winning', async () => {
    const rows: Array<{ labels: Record<string, string> }> = await t.dataSource.query(
      `SELECT labels FROM series WHERE metric = 'orders.placed' AND labels->>'route' = 'a'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0].labels).toMatchObject({
      route: 'a',
      service_name: expect.stringMatching(/^unknown_service/),
      telemetry_sdk_language: 'nodejs',
      otel_scope_name: 'sla-sentinel-e2e',
      otel_scope_version: '1.2.3',
    });
    const clash: Array<{ name: string }> = await t.dataSource.query(
      `SELECT DISTINCT labels->>'service_name' AS name FROM series WHERE metric = 'http.all' ORDER BY 1`,
    );
    expect(clash.map((r) => r.name)).toEqual(['edge', expect.stringMatching(/^unknown_service/)]);
  });
});
