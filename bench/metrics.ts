import { readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import {
  createContracts,
  database,
  DAY_MS,
  describe,
  evaluate,
  Loader,
  median,
  rate,
  seconds,
  TIMEZONE,
} from './objectives-load';
import type { LoopStats } from './loop-probe';
import { arg, line, percentile, type Service, startService } from './support';

// npm run bench:metrics [-- --objectives 10000 --scrapes 50 --days 1 --concurrency 2]
// `/metrics` of the real service (child process, SCHEDULER_ENABLED=false) with `--objectives N`
// objectives loaded (the number itself, default 10 000: the target's case), against a baseline
// measured in the same run, on the same database, before any contract exists (0 objectives).
// Targets (docs/performance.md): median scrape <= 100 ms, event-loop delay p99 <= 50 ms while scraped,
// resident memory <= 300 MB.
//
// Objectives, vendors and series as bench:evaluate's B (same mix of kinds, one series per metric),
// with `--days` (default 1) of 5-minute data and rolling windows of that length: only the scrape is
// measured, but every objective has a real evaluation result (attainment, status, budget for the
// budget kinds), and the freshness feeds' 30-minute gaps breach some objectives, so breaches are open.
//
// 0 objectives: one pass, then the measurements. Then contracts, the bulk load, VACUUM (ANALYZE) and
// the cold pass that folds the load (its time and memory are printed); that process is stopped and
// a new one on the same database runs one warm pass and is measured, since a running service never
// folds a whole day of 14 000 series at once (ingest is folded a minute at a time).
// Measurements: WARMUP unmeasured scrapes, then
//   1. `--scrapes` K scrapes back to back by one client, each timed from the request to the last
//      byte of the body (series and bytes counted on one);
//   2. K more scrapes by `--concurrency` C clients at once, while a probe GETs /health/live every
//      10 ms (its latency is the delay an ordinary request sees while the service is scraped).
// Event-loop delay of the service process: bench/loop-probe.ts, preloaded into it with NODE_OPTIONS,
// keeps a perf_hooks.monitorEventLoopDelay histogram (10 ms resolution, as prom-client's) over each
// of 1. and 2., read and reset by SIGUSR2 between them; its p99 is judged against the target.
// prom-client's own `nodejs_eventloop_lag_p99_seconds` is also read from every scrape and printed,
// but it cannot see a scrape's stall: collect() resets its histogram at the start of the scrape's
// synchronous block, and the first timer tick after a reset only re-arms the histogram (Node records
// the interval between two ticks), so back-to-back scrapes read ~0 (see loop-probe.ts). The recorded
// values are intervals between 10 ms timer ticks: an idle loop shows ~10 ms.
// Resident memory: VmRSS of the service process from /proc/<pid>/status before and after the scrapes,
// its peak (VmHWM), and the V8 heap and external memory from the last scrape.

const OBJECTIVES = arg('objectives', 10_000);
const SCRAPES = arg('scrapes', 50);
const DAYS = arg('days', 1);
const CONCURRENCY = arg('concurrency', 2);
const WARMUP = 3;
const PROBE_MS = 10;
const SERVICE_ENV = { SCHEDULER_ENABLED: 'false', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' };
const TARGET = { scrapeMs: 100, lagMs: 50, rssMb: 300 };
const MB = 1024 * 1024;
/** Written by a pass: vacuumed and analyzed after the cold pass, as autovacuum would (bench:evaluate). */
const EVALUATION_TABLES =
  'metric_rollups, timeslice_chunks, objective_evaluations, evaluation_history, ingest_batches';
const LOADED = `${OBJECTIVES} obj:`;
const LOOP_FILE = join(tmpdir(), `sla-bench-loop-${process.pid}.json`);
const LOOP_PROBE = join(__dirname, 'loop-probe.js');

/** Keep-alive, as Prometheus scrapes. */
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

interface Scrape {
  ms: number;
  bytes: number;
  text: string;
}

/** GET `path`, timed from the request to the last byte of the body. */
function get(base: string, path: string): Promise<Scrape> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(`${base}${path}`, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const ms = performance.now() - t0;
        const body = Buffer.concat(chunks);
        if (res.statusCode !== 200) {
          reject(new Error(`GET ${path}: ${res.statusCode} ${body.toString('utf8', 0, 2000)}`));
          return;
        }
        resolve({ ms, bytes: body.length, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The value of an unlabelled sample (NaN when absent): indexOf, not a regex over megabytes. */
function sample(text: string, name: string): number {
  const key = `\n${name} `;
  const first = text.startsWith(key.slice(1));
  const i = first ? -1 : text.indexOf(key);
  if (i === -1 && !first) return NaN;
  const end = text.indexOf('\n', i + key.length);
  return Number(text.slice(i + key.length, end < 0 ? undefined : end));
}

/** The sum of a metric's samples, labelled or not (NaN when absent). */
function value(text: string, name: string): number {
  const re = new RegExp(`^${name}(?:\\{[^\\n]*\\})? (\\S+)$`, 'gm');
  let sum = NaN;
  for (const m of text.matchAll(re)) sum = (Number.isNaN(sum) ? 0 : sum) + Number(m[1]);
  return sum;
}

/** Sample lines of a scrape, in all and by metric-name prefix. */
function series(text: string, prefix = ''): number {
  let n = 0;
  for (const l of text.split('\n')) if (l !== '' && !l.startsWith('#') && l.startsWith(prefix)) n++;
  return n;
}

async function procStatus(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
}

/** What the service's loop probe recorded since the previous call (SIGUSR2; see loop-probe.ts). */
async function loop(service: Service): Promise<LoopStats> {
  await rm(LOOP_FILE, { force: true });
  service.child.kill('SIGUSR2');
  for (let i = 0; i < 3000; i++) {
    try {
      return JSON.parse(await readFile(LOOP_FILE, 'utf8')) as LoopStats;
    } catch {
      await new Promise((r) => setTimeout(r, 10)); // not written yet (or half written)
    }
  }
  throw new Error(`the service's loop probe wrote no ${LOOP_FILE}`);
}

interface Scraped {
  ms: number[];
  lagP99: number[];
  lagMax: number[];
}

/** `count` scrapes by `clients` clients at once; per scrape, its time and the lag gauges it read. */
async function scrapes(base: string, count: number, clients: number): Promise<Scraped> {
  const out: Scraped = { ms: [], lagP99: [], lagMax: [] };
  let left = count;
  const client = async () => {
    while (left > 0) {
      left--;
      const s = await get(base, '/metrics');
      out.ms.push(s.ms);
      out.lagP99.push(sample(s.text, 'nodejs_eventloop_lag_p99_seconds') * 1000);
      out.lagMax.push(sample(s.text, 'nodejs_eventloop_lag_max_seconds') * 1000);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return out;
}

/** GET /health/live every PROBE_MS until `stop` settles; answers each request's latency. */
async function probe(base: string, stop: Promise<unknown>): Promise<number[]> {
  let done = false;
  const finish = () => {
    done = true;
  };
  void stop.then(finish, finish);
  const ms: number[] = [];
  while (!done) {
    const t0 = performance.now();
    ms.push((await get(base, '/health/live')).ms);
    const wait = PROBE_MS - (performance.now() - t0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return ms;
}

interface Measured {
  scrape: { median: number; p95: number; max: number };
  loop: LoopStats;
  gauge: { median: number; worst: number; maxWorst: number };
  concurrent: { median: number; p95: number; loop: LoopStats };
  probe: { n: number; p50: number; p99: number; max: number };
  series: number;
  slaSeries: number;
  bytes: number;
  /** VmRSS before the scrapes (after the pass), after them, and the peak (VmHWM) of the process. */
  rssBefore: number;
  rss: number;
  hwm: number;
  /** V8 heap used and total and external memory, from the last scrape. */
  heap: { used: number; total: number; external: number };
  text: string;
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

async function measure(service: Service): Promise<Measured> {
  const before = await procStatus(service.child.pid!);
  for (let i = 0; i < WARMUP; i++) await get(service.base, '/metrics');
  const one = await get(service.base, '/metrics');
  await loop(service);
  const seq = await scrapes(service.base, SCRAPES, 1);
  const seqLoop = await loop(service);
  const conc = scrapes(service.base, SCRAPES, CONCURRENCY);
  const probed = await probe(service.base, conc);
  const par = await conc;
  const parLoop = await loop(service);
  const last = await get(service.base, '/metrics');
  const { rss, hwm } = await procStatus(service.child.pid!);
  const s = sorted(seq.ms);
  const c = sorted(par.ms);
  const p = sorted(probed);
  return {
    scrape: { median: median(s), p95: percentile(s, 95), max: s[s.length - 1] },
    loop: seqLoop,
    gauge: { median: median(seq.lagP99), worst: Math.max(...seq.lagP99), maxWorst: Math.max(...seq.lagMax) },
    concurrent: { median: median(c), p95: percentile(c, 95), loop: parLoop },
    probe: { n: p.length, p50: median(p), p99: percentile(p, 99), max: p[p.length - 1] },
    series: series(one.text),
    slaSeries: series(one.text, 'sla_'),
    bytes: one.bytes,
    rssBefore: before.rss,
    rss,
    hwm,
    heap: {
      used: sample(last.text, 'nodejs_heap_size_used_bytes'),
      total: sample(last.text, 'nodejs_heap_size_total_bytes'),
      external: sample(last.text, 'nodejs_external_memory_bytes'),
    },
    text: last.text,
  };
}

const ms = (x: number) => x.toFixed(1);
const mb = (x: number) => (x / MB).toFixed(0);
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)} x` : 'n/a');
const verdict = (value: number, target: number) =>
  `${(value / target).toFixed(2)} x the target (target <= 1.00): ${value <= target ? 'PASS' : 'FAIL'}`;

function report(name: string, m: Measured): void {
  line(`${name} series, bytes per scrape`, `${m.series} series (${m.slaSeries} sla_*), ${m.bytes} bytes`);
  line(
    `${name} scrape x${SCRAPES} back to back (ms)`,
    `median ${ms(m.scrape.median)}, p95 ${ms(m.scrape.p95)}, max ${ms(m.scrape.max)}`,
  );
  line(
    `${name} event loop, back to back (ms)`,
    `p99 ${ms(m.loop.p99)}, p50 ${ms(m.loop.p50)}, max ${ms(m.loop.max)} (${m.loop.count} ticks of 10 ms)`,
  );
  line(
    `${name} prom-client lag p99/scrape (ms)`,
    `median ${ms(m.gauge.median)}, worst ${ms(m.gauge.worst)}; lag max worst ${ms(m.gauge.maxWorst)} (blind to the scrape's stall)`,
  );
  line(
    `${name} ${CONCURRENCY} scrapers at once (ms)`,
    `scrape median ${ms(m.concurrent.median)}, p95 ${ms(m.concurrent.p95)}; event-loop p99 ${ms(m.concurrent.loop.p99)}, max ${ms(m.concurrent.loop.max)}`,
  );
  line(
    `${name} /health/live while scraped (ms)`,
    `p50 ${ms(m.probe.p50)}, p99 ${ms(m.probe.p99)}, max ${ms(m.probe.max)} (${m.probe.n} probes, ${CONCURRENCY} scrapers)`,
  );
  line(
    `${name} resident memory (MB)`,
    `${mb(m.rss)} VmRSS (${mb(m.rssBefore)} before the scrapes), peak ${mb(m.hwm)} VmHWM; ` +
      `V8 heap ${mb(m.heap.used)} used of ${mb(m.heap.total)}, external ${mb(m.heap.external)}`,
  );
}

/** What the loaded scrape shows: an objective count per series and the statuses. */
function contents(m: Measured): void {
  const count = (metric: string) => series(m.text, `${metric}{`);
  const lines = m.text.split('\n');
  const status = (s: string) =>
    lines.filter((l) => l.startsWith('sla_objective_status{') && l.endsWith(`status="${s}"} 1`)).length;
  line(
    `${LOADED} series per objective metric`,
    `info ${count('sla_objective_info')}, attainment ${count('sla_objective_attainment')}, ` +
      `status ${count('sla_objective_status')}, budget ${count('sla_objective_error_budget_remaining_ratio')}, ` +
      `burn rate ${count('sla_objective_burn_rate')}`,
  );
  line(
    `${LOADED} statuses (from the scrape)`,
    ['met', 'at_risk', 'breached', 'no_data'].map((s) => `${s} ${status(s)}`).join(', ') +
      `; breaches open ${value(m.text, 'sla_breaches_open') || 0}`,
  );
}

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const t0 = performance.now();
  const db = await database(server);
  const start = () =>
    startService(db.url, {
      ...SERVICE_ENV,
      BENCH_LOOP_FILE: LOOP_FILE,
      NODE_OPTIONS: `--require "${LOOP_PROBE}"`,
    });
  let service = await start();
  let loader: Loader | undefined;
  try {
    const empty = await evaluate(service.base);
    line('0 obj: evaluation pass (ms)', `${empty.durationMs}  (objectives ${empty.objectives})`);
    const baseline = await measure(service);
    report('0 obj:', baseline);

    const period = `${DAYS}d`;
    const setupStart = performance.now();
    const effectiveFrom = DateTime.fromMillis(Date.now() - (DAYS + 1) * DAY_MS, {
      zone: TIMEZONE,
    }).toISODate()!;
    const setup = await createContracts(service.base, OBJECTIVES, 5, () => period, effectiveFrom);
    describe(LOADED, setup);
    line(`${LOADED} contracts through the API (s)`, seconds(performance.now() - setupStart));
    // The data ends at the current 5 minutes (the service's clock is real), after the contracts.
    const end = Math.floor(Date.now() / 300_000) * 300_000;
    line(
      `${LOADED} periods`,
      `rolling ${period} for all, over ${DAYS} day(s) of 5-minute data ending ${new Date(end).toISOString()}`,
    );
    loader = await Loader.open(db.url, setup, 300);
    await loader.partitions(end - DAYS * DAY_MS, end);
    const loadStart = performance.now();
    const rows = await loader.load(end - DAYS * DAY_MS, end);
    line(`${LOADED} load ${DAYS} d of 5-minute data`, rate(rows, performance.now() - loadStart));
    line(
      `${LOADED} VACUUM (ANALYZE) (s)`,
      `${seconds(await loader.vacuum('series, samples, ingest_batches'))}  (server autovacuum ${await loader.autovacuum()})`,
    );
    // The cold pass folds the whole bulk load at once, which ingest never asks of a running service
    // (each pass folds the last minute's batches): its memory peak is the load's, not the scrape's.
    // So a second process on the same database, after one warm pass, is the one measured.
    const before = await procStatus(service.child.pid!);
    const cold = await evaluate(service.base);
    if (cold.objectives !== setup.objectives)
      throw new Error(`evaluated ${cold.objectives} objectives, not ${setup.objectives}`);
    const after = await procStatus(service.child.pid!);
    line(
      `${LOADED} cold pass (ms)`,
      `${cold.durationMs}  (folds the load; VmRSS ${mb(before.rss)} -> ${mb(after.rss)} MB, peak ${mb(after.hwm)})`,
    );
    await loader.vacuum(EVALUATION_TABLES);
    await service.stop();
    service = await start();
    const pass = await evaluate(service.base);
    if (pass.objectives !== setup.objectives)
      throw new Error(`evaluated ${pass.objectives} objectives, not ${setup.objectives}`);
    line(`${LOADED} warm pass, new process (ms)`, `${pass.durationMs}`);
    const loaded = await measure(service);
    contents(loaded);
    const n = setup.objectives;
    report(LOADED, loaded);

    line(`ratio ${n} / 0 objectives: scrape median`, ratio(loaded.scrape.median, baseline.scrape.median));
    line(`ratio ${n} / 0 objectives: bytes`, ratio(loaded.bytes, baseline.bytes));
    line(`ratio ${n} / 0 objectives: event-loop p99`, ratio(loaded.loop.p99, baseline.loop.p99));
    line(`ratio ${n} / 0 objectives: resident memory`, ratio(loaded.rss, baseline.rss));
    line(
      `target: scrape median, ${n} obj (ms)`,
      `${ms(loaded.scrape.median)}  = ${verdict(loaded.scrape.median, TARGET.scrapeMs)}`,
    );
    line(
      'target: event-loop p99, back to back (ms)',
      `${ms(loaded.loop.p99)}  = ${verdict(loaded.loop.p99, TARGET.lagMs)}`,
    );
    line(
      `target: event-loop p99, ${CONCURRENCY} scrapers (ms)`,
      `${ms(loaded.concurrent.loop.p99)}  = ${verdict(loaded.concurrent.loop.p99, TARGET.lagMs)}`,
    );
    line(
      `target: resident memory, ${n} obj (MB)`,
      `${mb(loaded.rss)}  = ${verdict(loaded.rss / MB, TARGET.rssMb)}`,
    );
  } finally {
    agent.destroy();
    await rm(LOOP_FILE, { force: true });
    await loader?.close();
    await service.stop();
    await db.drop();
  }
  line('wall time (s)', ((performance.now() - t0) / 1000).toFixed(0));
}

main().catch((error) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
