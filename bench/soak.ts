import { readFileSync } from 'node:fs';
import { ADMIN, api, arg, freshDatabase, line, percentile, startService } from './support';

// npm run bench:soak [-- --minutes 30 --rate 1000 --objectives 0]
// Steady ingest (`--rate` samples/s in 200-sample requests from four clients, plus a ticket event a
// second) into a service that evaluates every 10 s and writes mail, for `--minutes`. Each minute
// prints the service's resident memory and V8 heap, ingest latency, pass time and a /metrics scrape;
// the end prints the drift: memory growth after warm-up (least-squares slope, MB per minute) and the
// latency of the last minutes against the first, and the pass time by position in the hour (the
// running hour's data must not make passes slower as the hour goes on). `--objectives N` adds N
// objectives in contracts of up to 100, ratio, p95, 1-minute timeslice and freshness in turn, each
// reading one shard through label selectors (`req{shard="7"}`). On the box's PostgreSQL
// (BENCH_DATABASE_URL).

const MINUTES = arg('minutes', 30);
const EXTRA_OBJECTIVES = arg('objectives', 0);
const PER_CONTRACT = 100;
const SHARDS = 50;
const RATE = arg('rate', 1000);
const BATCH = 200;
const CLIENTS = 4;
const HOSTS = 25;
const MIN = 60_000;

interface Minute {
  rssMb: number;
  heapMb: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  passMs: number;
  passes: number;
  scrapeMs: number;
  /** Minute of the hour (UTC) at which the minute ended. */
  ofHour: number;
}

/** Objective j of the extra ones: one kind in turn, over one shard. */
function extraObjective(j: number) {
  const shard = `{shard="${j % SHARDS}"}`;
  const common = { key: `x${j}`, title: `Extra ${j}`, responsible: 'vendor', period: 'month' };
  switch (j % 4) {
    case 0:
      return {
        ...common,
        objective: '>= 99%',
        indicator: { kind: 'ratio', good: `req_ok${shard}`, total: `req${shard}` },
      };
    case 1:
      return {
        ...common,
        period: '1d',
        objective: '<= 300',
        indicator: { kind: 'threshold', metric: `latency_ms${shard}`, aggregate: 'p95' },
      };
    case 2:
      return {
        ...common,
        objective: '>= 99.5%',
        indicator: { kind: 'timeslice', metric: `up${shard}`, slice: '1m', aggregate: 'min', good: '>= 1' },
      };
    default:
      return {
        ...common,
        objective: '>= 99%',
        indicator: { kind: 'freshness', metric: `req${shard}`, maxAge: '5m' },
      };
  }
}

function extraContract(now: number, c: number) {
  const day = new Date(now - 86_400_000).toISOString().slice(0, 10);
  const count = Math.min(PER_CONTRACT, EXTRA_OBJECTIVES - c * PER_CONTRACT);
  return {
    apiVersion: 'sla-sentinel/v1',
    kind: 'Contract',
    metadata: { key: `soak-extra-${c}`, title: `Soak extra ${c}` },
    spec: {
      vendor: 'acme',
      timezone: 'Europe/Berlin',
      effective: { from: day },
      owners: ['owner@customer.example'],
      objectives: Array.from({ length: count }, (_, k) => extraObjective(c * PER_CONTRACT + k)),
    },
  };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

function metric(text: string, name: string): number {
  const m = new RegExp(`^${name} ([^\\s]+)`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

function contract(now: number) {
  const day = new Date(now - 86_400_000).toISOString().slice(0, 10);
  return {
    apiVersion: 'sla-sentinel/v1',
    kind: 'Contract',
    metadata: { key: 'soak', title: 'Soak' },
    spec: {
      vendor: 'acme',
      timezone: 'Europe/Berlin',
      effective: { from: day },
      owners: ['owner@customer.example'],
      objectives: [
        {
          key: 'ok-ratio',
          title: 'Requests ok',
          responsible: 'vendor',
          period: 'month',
          objective: '>= 99%',
          indicator: { kind: 'ratio', good: 'req_ok', total: 'req' },
        },
        {
          key: 'latency',
          title: 'Latency p95',
          responsible: 'vendor',
          period: '1d',
          objective: '<= 300',
          indicator: { kind: 'threshold', metric: 'latency_ms', aggregate: 'p95' },
        },
        {
          key: 'up',
          title: 'Up by minute',
          responsible: 'vendor',
          period: 'month',
          objective: '>= 99.5%',
          indicator: { kind: 'timeslice', metric: 'up', slice: '1m', aggregate: 'min', good: '>= 1' },
        },
        {
          key: 'fresh',
          title: 'Feed fresh',
          responsible: 'vendor',
          period: 'month',
          objective: '>= 99%',
          indicator: { kind: 'freshness', metric: 'req', maxAge: '5m' },
        },
        {
          key: 'tickets',
          title: 'Tickets answered in 10 min',
          responsible: 'vendor',
          period: 'month',
          objective: '>= 90%',
          indicator: { kind: 'deadline', item: 'ticket', start: 'opened', stop: 'responded', within: '10m' },
        },
      ],
    },
  };
}

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = await freshDatabase(server);
  const service = await startService(db.url, {
    SCHEDULER_ENABLED: 'true',
    EVALUATION_INTERVAL: '10s',
    MAIL_INTERVAL: '10s',
    // BENCH_LOG_LEVEL=info shows the service's log, with its per-pass phase timings.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  });
  const pid = service.child.pid ?? 0;
  try {
    const now = Date.now();
    await api(service.base, 'PUT', '/api/v1/vendors/acme', ADMIN, {
      name: 'Acme',
      contacts: ['desk@acme.example'],
    });
    await api(service.base, 'PUT', '/api/v1/contracts/soak', ADMIN, contract(now));
    for (let c = 0; c * PER_CONTRACT < EXTRA_OBJECTIVES; c++)
      await api(service.base, 'PUT', `/api/v1/contracts/soak-extra-${c}`, ADMIN, extraContract(now, c));
    const { token } = (await api(service.base, 'POST', '/api/v1/vendors/acme/api-keys', ADMIN, {})) as {
      token: string;
    };
    line(
      'soak',
      `${MINUTES} min, ${RATE} samples/s in ${BATCH}-sample requests from ${CLIENTS} clients, ${5 + EXTRA_OBJECTIVES} objectives, evaluation every 10 s`,
    );

    let latencies: number[] = [];
    let ok = 0;
    let failed = 0;
    let running = true;
    const started = Date.now();
    const requestsPerSecond = RATE / BATCH;
    const push = async (body: unknown, path: string) => {
      const at = performance.now();
      try {
        const res = await fetch(`${service.base}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await res.arrayBuffer();
        if (res.ok) ok++;
        else failed++;
      } catch {
        failed++;
      }
      latencies.push(performance.now() - at);
    };
    // Each client sends on its own clock: request k at started + k × interval, so the rate holds.
    const clients = Array.from({ length: CLIENTS }, async (_, c) => {
      const interval = (1000 * CLIENTS) / requestsPerSecond;
      for (let k = 0; running; k++) {
        const due = started + c * (interval / CLIENTS) + k * interval;
        await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
        const ts = new Date(Math.min(Date.now(), due)).toISOString();
        const samples = Array.from({ length: BATCH / 4 }, (_, i) => {
          const labels = { host: `h${(i + c * 7) % HOSTS}`, shard: String(i) };
          return [
            { metric: 'req', value: 100, timestamp: ts, labels },
            { metric: 'req_ok', value: 99 + (k % 2), timestamp: ts, labels },
            { metric: 'latency_ms', value: 100 + ((k * 7 + i) % 250), timestamp: ts, labels },
            { metric: 'up', value: 1, timestamp: ts, labels },
          ];
        }).flat();
        await push({ samples }, '/api/v1/samples');
      }
    });
    const tickets = (async () => {
      for (let i = 0; running; i++) {
        const t = Date.now();
        await push(
          {
            events: [
              {
                item: 'ticket',
                id: `T-${i}`,
                action: 'opened',
                timestamp: new Date(t - 60_000).toISOString(),
              },
              { item: 'ticket', id: `T-${i}`, action: 'responded', timestamp: new Date(t).toISOString() },
            ],
          },
          '/api/v1/events',
        );
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();

    const minutes: Minute[] = [];
    let passSum = 0;
    let passCount = 0;
    for (let m = 1; m <= MINUTES; m++) {
      await new Promise((r) => setTimeout(r, started + m * MIN - Date.now()));
      const scrapeAt = performance.now();
      const text = await (await fetch(`${service.base}/metrics`)).text();
      const scrapeMs = performance.now() - scrapeAt;
      const sum = metric(text, 'sla_evaluation_duration_seconds_sum');
      const count = metric(text, 'sla_evaluation_duration_seconds_count');
      const sorted = latencies.sort((a, b) => a - b);
      const row: Minute = {
        rssMb: rssMb(pid),
        heapMb: metric(text, 'nodejs_heap_size_used_bytes') / 1e6,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        ok,
        failed,
        passMs: count > passCount ? ((sum - passSum) / (count - passCount)) * 1000 : NaN,
        passes: count - passCount,
        scrapeMs,
        ofHour: new Date().getUTCMinutes(),
      };
      passSum = sum;
      passCount = count;
      latencies = [];
      ok = 0;
      failed = 0;
      minutes.push(row);
      line(
        `minute ${m}`,
        `rss ${row.rssMb.toFixed(0)} MB, heap ${row.heapMb.toFixed(0)} MB, ingest p50 ${row.p50.toFixed(1)} ms p99 ${row.p99.toFixed(1)} ms, ` +
          `${row.ok} ok ${row.failed} failed, ${row.passes} passes avg ${row.passMs.toFixed(0)} ms, scrape ${row.scrapeMs.toFixed(1)} ms (:${String(row.ofHour).padStart(2, '0')})`,
      );
    }
    running = false;
    await Promise.all([...clients, tickets]);
    summarize(minutes);
  } finally {
    await service.stop();
    await db.drop();
  }
}

/** Least-squares slope of y over x. */
function slope(ys: number[]): number {
  const n = ys.length;
  if (n < 2) return NaN;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

function summarize(minutes: Minute[]): void {
  // The first two minutes warm up (JIT, pools, the first passes over the new data).
  const steady = minutes.slice(2);
  if (steady.length < 2) return;
  const first = steady.slice(0, Math.min(3, steady.length));
  const last = steady.slice(-Math.min(3, steady.length));
  const avg = (rows: Minute[], f: (m: Minute) => number) => rows.reduce((a, m) => a + f(m), 0) / rows.length;
  const rssSlope = slope(steady.map((m) => m.rssMb));
  const heapSlope = slope(steady.map((m) => m.heapMb));
  line(
    'rss after warm-up: first 3 min / last 3 min',
    `${avg(first, (m) => m.rssMb).toFixed(0)} / ${avg(last, (m) => m.rssMb).toFixed(0)} MB`,
  );
  line('rss slope after warm-up (MB/min)', rssSlope.toFixed(2));
  line('heap slope after warm-up (MB/min)', heapSlope.toFixed(2));
  line(
    'ingest p99: first 3 min / last 3 min (ms)',
    `${avg(first, (m) => m.p99).toFixed(1)} / ${avg(last, (m) => m.p99).toFixed(1)} (ratio ${(avg(last, (m) => m.p99) / avg(first, (m) => m.p99)).toFixed(2)})`,
  );
  line(
    'pass time: first 3 min / last 3 min (ms)',
    `${avg(first, (m) => m.passMs).toFixed(0)} / ${avg(last, (m) => m.passMs).toFixed(0)}`,
  );
  line('failed requests', String(minutes.reduce((a, m) => a + m.failed, 0)));
  // Minutes ending at :01-:05 hold passes of an hour's first 5 minutes; :56-:00 of its last 5.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const early = steady.filter((m) => m.ofHour >= 1 && m.ofHour <= 5).map((m) => m.passMs);
  const late = steady.filter((m) => m.ofHour >= 56 || m.ofHour === 0).map((m) => m.passMs);
  if (early.length > 0 && late.length > 0)
    line(
      "pass: median of an hour's last 5 min / first 5 min (ms)",
      `${median(late).toFixed(0)} / ${median(early).toFixed(0)} (ratio ${(median(late) / median(early)).toFixed(2)}; target <= 1.2 and <= 1 000 ms)`,
    );
  else line('pass by position in the hour', 'the run did not cover both ends of an hour');
  // Flat: under 1 MB a minute of resident growth after warm-up (30 MB over a 30-minute soak).
  line('memory flat (rss slope < 1 MB/min)', rssSlope < 1 ? 'yes' : 'NO');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
