import { increases } from '../../src/evaluation/domain/counter';
import { METRIC } from '../../src/exposition/metric-names';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { type Exporter, type Sender, startExporter, startSender, sumOf } from './remote-write-sender';
import { ADMIN, api, type Service, startService, VENDOR } from './sla-service';

// A real Prometheus (Debian's 2.42, a remote-write 1.0 sender) scrapes a fixture exporter every
// second and remote-writes to SLA Sentinel with a vendor token from a credentials file. The objective
// over the counters must equal Σ increases of the raw points Prometheus itself stored, the reset
// included; nothing fails on the sender's side; staleness markers (written when the target goes
// away) are never values. Run by `npm run test:prometheus`.

const DAY = 86_400_000;
const CONTRACT = 'rw-live';

function contract(now: number) {
  const objective = (key: string, metric: string, aggregate: string) => ({
    key,
    title: key,
    responsible: 'vendor',
    period: 'month',
    indicator: { kind: 'threshold', metric, aggregate },
    objective: '<= 1000000000',
  });
  return {
    apiVersion: 'sla-sentinel/v1',
    kind: 'Contract',
    metadata: { key: CONTRACT, title: 'Remote-write live' },
    spec: {
      vendor: VENDOR,
      timezone: 'UTC',
      effective: {
        from: new Date(now - DAY).toISOString().slice(0, 10),
        to: new Date(now + 400 * DAY).toISOString().slice(0, 10),
      },
      owners: ['owner@customer.example'],
      objectives: [
        objective('requests', 'http_requests_total', 'sum'),
        objective('queue', 'queue_depth', 'max'),
      ],
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Until the sender has sent (and so had answered 2xx, after commit) samples stamped 2 s past `after`:
 * it sends in order, so everything scraped before, and the staleness markers of the first failed
 * scrape, went first. (Its sent count never settles: a failing target still yields `up` and the
 * scrape series every second.)
 */
async function waitSentPast(sender: Sender, after: number, limitMs: number): Promise<Map<string, number>> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const metrics = await sender.selfMetrics();
    const highest = sumOf(metrics, 'prometheus_remote_storage_queue_highest_sent_timestamp_seconds');
    if (highest * 1000 >= after + 2_000) return metrics;
    if (Date.now() > deadline) throw new Error(`sent only up to ${highest}\n${sender.output()}`);
    await sleep(1_000);
  }
}

describe('a real Prometheus remote-writing scraped counters to SLA Sentinel', () => {
  let db: TestDatabase;
  let service: Service;
  let exporter: Exporter;
  let sender: Sender;
  let senderMetrics: Map<string, number>;

  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startService(db.url);
    await api(service.base, 'PUT', `/api/v1/vendors/${VENDOR}`, ADMIN, {
      name: 'Acme',
      contacts: ['d@acme.example'],
    });
    const { token } = await api(service.base, 'POST', `/api/v1/vendors/${VENDOR}/api-keys`, ADMIN, {});
    await api(service.base, 'PUT', `/api/v1/contracts/${CONTRACT}`, ADMIN, contract(Date.now()));
    exporter = await startExporter(6);
    sender = await startSender(exporter.target, `${service.base}/api/v1/write`, token);
    const deadline = Date.now() + 60_000;
    while (exporter.scrapes() < 12 && Date.now() < deadline) await sleep(500);
    expect(exporter.scrapes()).toBeGreaterThanOrEqual(12);
    // The target goes away: the next scrapes fail and Prometheus writes staleness markers.
    exporter.fail();
    const failedAt = Date.now();
    await sleep(3_000);
    senderMetrics = await waitSentPast(sender, failedAt, 60_000);
    await api(service.base, 'POST', '/api/v1/evaluations', ADMIN);
  }, 180_000);

  afterAll(async () => {
    await sender?.stop();
    await exporter?.stop();
    await service?.stop();
    await db?.drop();
  }, 60_000);

  it('sends everything without a failed, dropped or retried sample', () => {
    expect(sumOf(senderMetrics, 'prometheus_remote_storage_samples_total')).toBeGreaterThan(0);
    expect({
      failed: sumOf(senderMetrics, 'prometheus_remote_storage_samples_failed_total'),
      dropped: sumOf(senderMetrics, 'prometheus_remote_storage_samples_dropped_total'),
      retried: sumOf(senderMetrics, 'prometheus_remote_storage_samples_retried_total'),
      metadataFailed: sumOf(senderMetrics, 'prometheus_remote_storage_metadata_failed_total'),
    }).toEqual({ failed: 0, dropped: 0, retried: 0, metadataFailed: 0 });
  });

  it('counts exactly Σ increases of the raw points Prometheus stored, the counter reset included', async () => {
    const raw = await sender.get(`/api/v1/query?query=${encodeURIComponent('http_requests_total[10m]')}`);
    const series = raw.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
    expect(series.map((s) => s.metric.code).sort()).toEqual(['200', '500']);
    const points = series.map((s) => s.values.map(([ts, v]) => ({ ts: ts * 1000, value: Number(v) })));
    // The 500 counter restarted: one of its points is below the one before.
    const errors = points[series.findIndex((s) => s.metric.code === '500')];
    expect(errors.some((p, i) => i > 0 && p.value < errors[i - 1].value)).toBe(true);
    const expected = points.flatMap((p) => increases(p)).reduce((a, b) => a + b, 0);
    expect(expected).toBeGreaterThan(0);
    const status = await api(service.base, 'GET', `/api/v1/contracts/${CONTRACT}/status`, ADMIN);
    const byKey = Object.fromEntries(status.objectives.map((o: any) => [o.key, o]));
    expect(byKey.requests.attainment).toBe(expected);
    const queue = await sender.get(
      `/api/v1/query?query=${encodeURIComponent('max_over_time(queue_depth[10m])')}`,
    );
    expect(byKey.queue.attainment).toBe(Number(queue.result[0].value[1]));
  });

  it('stored no staleness marker and refused nothing Prometheus sent', async () => {
    const text = await (await fetch(`${service.base}/metrics`)).text();
    const count = (result: string) => {
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith(`${METRIC.ingestSamples}{`) &&
            l.includes(`result="${result}"`) &&
            l.includes('protocol="remote_write"'),
        );
      return Number(line?.split(' ').pop());
    };
    expect(count('accepted')).toBeGreaterThan(0);
    // A staleness marker passed on as a value would be refused as invalid_value.
    expect(count('rejected')).toBe(0);
  });
});
