import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { freePort } from '../src/database/embedded-postgres';
import { monthPartitionsBetween } from '../src/ingest/domain/partitions';
import {
  database,
  DAY_MS,
  evaluate,
  median,
  type Run,
  seconds,
  TIMEZONE,
  vendorKey,
} from './objectives-load';
import { ADMIN, api, arg, line, startService } from './support';

// npm run bench:peer [-- --objectives 1000 --days 30 --warm 5]
// SLA Sentinel beside a Prometheus holding the same counters, in one run. N ratio objectives over a
// rolling 30-day window, each reading a cumulative `_good` and `_total` counter of its own: `--days`
// days of 1-minute points (totals rise by ~100 a minute, good by a little less with occasional bad
// minutes, and a few counter resets per series, so the exact figure depends on reading resets right).
//   - SLA Sentinel: vendors and contracts through the HTTP API; each counter's first point through
//     POST /api/v1/samples with `cumulative: true` (the service creates the 'cumulative' series and its
//     'increase' series); the other points bulk-loaded (COPY) as pending ingest batches of one series
//     and day each, as a real feed's batches, so the cold pass derives the increases and folds them.
//     Cold pass; compaction of the hours that ended 3 h ago (POST /api/v1/compactions until done) and
//     VACUUM FULL samples, sample_chunks (their sizes in a running service, which reuses the space
//     compaction frees); then `--warm` passes (median `durationMs`); attainments from GET …/status.
//   - Prometheus (Debian's 2.42): the same points as OpenMetrics text, backfilled with promtool,
//     a server on the blocks until its compactor merged them; then queried at the last pass's
//     instant, the Pyrra way (sum(increase(good[30d])) / sum(increase(total[30d])), by objective)
//     and the Sloth way (the 5-minute error ratio at every 5-minute step, averaged over 30 days).
//   - The exact figure, from the generated points (a lower value than the previous one is a reset:
//     the increase is the new value), for each objective's window (evaluatedAt - 30d, evaluatedAt].
// Prints each system's time, largest absolute error of good/total against the exact figure, and
// storage; fails on nothing but an error.

const OBJECTIVES = arg('objectives', 1000);
const DAYS = arg('days', 30);
const WARM = arg('warm', 5);
const WINDOW_DAYS = 30;
const WINDOW_MS = WINDOW_DAYS * DAY_MS;
const PER_CONTRACT = 10;
const CONTRACTS_PER_VENDOR = 10;
const STEP_MS = 60_000;
const POINTS_PER_DAY = DAY_MS / STEP_MS;
const BLOCK_SECONDS = 2 * 3600;
const SERVICE_ENV = { SCHEDULER_ENABLED: 'false', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' };
const TARGET_TIME_RATIO = 10;
const TARGET_STORAGE_RATIO = 4;
/**
 * As bench/storage.ts: the tables holding samples or what is derived from them per bucket (each one
 * that exists: sample_chunks only on a schema that has it).
 */
const SAMPLE_TABLES = [
  'samples',
  'sample_chunks',
  'series',
  'ingest_batches',
  'metric_rollups',
  'timeslice_chunks',
  'counter_state',
];
const PYRRA = `sum by (objective) (increase(bench_good[${WINDOW_DAYS}d])) / sum by (objective) (increase(bench_total[${WINDOW_DAYS}d]))`;
// Sloth's slo:sli_error:ratio_rate5m recorded every 5 minutes, then slo:sli_error:ratio_rate30d (its
// average over the window): a subquery evaluates the 5-minute ratio at each 5-minute step and averages.
const SLOTH_ERROR_5M =
  '(sum by (objective) (rate(bench_total[5m])) - sum by (objective) (rate(bench_good[5m]))) / sum by (objective) (rate(bench_total[5m]))';
const SLOTH = `1 - avg_over_time((${SLOTH_ERROR_5M})[${WINDOW_DAYS}d:5m])`;

interface Objective {
  contract: number;
  key: string;
  vendor: string;
  /** The metric stem: `${stem}_good` and `${stem}_total` in SLA Sentinel, `objective="${stem}"` in Prometheus. */
  stem: string;
}

/** A small seeded generator (as bench/storage.ts): the same counters on every run of one size. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Counters {
  good: Float64Array;
  total: Float64Array;
  /** The generator's own increases (minute 0 is the baseline: none), to check the exact figure. */
  goodInc: Float64Array;
  totalInc: Float64Array;
}

/**
 * Objective i's two counters, points 0..DAYS × 1 440 (point 0 is the baseline): totals rise by 90..110
 * a minute, good by as much but for ~1 minute in 100 with 1..30 bad; 2..4 resets per series (both
 * counters restart, as a process restart does: the point then holds that minute's count alone).
 */
function counters(i: number): Counters {
  const n = DAYS * POINTS_PER_DAY + 1;
  const next = random(20261130 + i * 7919);
  const out: Counters = {
    good: new Float64Array(n),
    total: new Float64Array(n),
    goodInc: new Float64Array(n),
    totalInc: new Float64Array(n),
  };
  const resets = new Set<number>();
  const count = 2 + Math.floor(next() * 3);
  while (resets.size < count) resets.add(10 + Math.floor(next() * (n - 20)));
  out.total[0] = 1000 + Math.floor(next() * 1_000_000);
  out.good[0] = out.total[0] - Math.floor(next() * 1000);
  for (let k = 1; k < n; k++) {
    const total = 90 + Math.floor(next() * 21);
    const bad = next() < 0.01 ? 1 + Math.floor(next() * 30) : 0;
    const reset = resets.has(k);
    out.total[k] = (reset ? 0 : out.total[k - 1]) + total;
    out.good[k] = (reset ? 0 : out.good[k - 1]) + total - bad;
    out.totalInc[k] = total;
    out.goodInc[k] = total - bad;
  }
  return out;
}

/** Σ increases of the points in (from, to], as Prometheus' increase() reads resets, and without extrapolation. */
function exactIncrease(values: Float64Array, start: number, fromMs: number, toMs: number): number {
  let sum = 0;
  for (let k = 1; k < values.length; k++) {
    const ts = start + k * STEP_MS;
    if (ts <= fromMs || ts > toMs) continue;
    sum += values[k] >= values[k - 1] ? values[k] - values[k - 1] : values[k];
  }
  return sum;
}

/** good/total over the window ending at `atMs`; checked against the generator's own increases. */
function exactRatio(c: Counters, start: number, atMs: number): number {
  const from = atMs - WINDOW_MS;
  const good = exactIncrease(c.good, start, from, atMs);
  const total = exactIncrease(c.total, start, from, atMs);
  let g = 0;
  let t = 0;
  for (let k = 1; k < c.good.length; k++) {
    const ts = start + k * STEP_MS;
    if (ts > from && ts <= atMs) {
      g += c.goodInc[k];
      t += c.totalInc[k];
    }
  }
  if (g !== good || t !== total) throw new Error(`exact figure: ${good}/${total} read, ${g}/${t} generated`);
  return good / total;
}

/** Vendors, ratio contracts (rolling 30 days) and a vendor key each, through the HTTP API. */
async function createContracts(
  base: string,
  effectiveFrom: string,
): Promise<{ objectives: Objective[]; tokens: Map<string, string>; contracts: number }> {
  const contracts = Math.ceil(OBJECTIVES / PER_CONTRACT);
  const vendors = Math.ceil(contracts / CONTRACTS_PER_VENDOR);
  const tokens = new Map<string, string>();
  for (let v = 0; v < vendors; v++) {
    await api(base, 'PUT', `/api/v1/vendors/${vendorKey(v)}`, ADMIN, { name: `Bench vendor ${v}` });
    const key = await api(base, 'POST', `/api/v1/vendors/${vendorKey(v)}/api-keys`, ADMIN, {});
    tokens.set(vendorKey(v), key.token as string);
  }
  const objectives: Objective[] = [];
  for (let c = 0; c < contracts; c++) {
    const vendor = vendorKey(Math.floor(c / CONTRACTS_PER_VENDOR));
    const list: Array<Record<string, unknown>> = [];
    for (let j = 0; j < PER_CONTRACT && c * PER_CONTRACT + j < OBJECTIVES; j++) {
      const stem = `c${c}_o${j}`;
      objectives.push({ contract: c, key: `o${j}`, vendor, stem });
      list.push({
        key: `o${j}`,
        title: `Objective ${j} (ratio of counters)`,
        period: `${WINDOW_DAYS}d`,
        indicator: { kind: 'ratio', good: `${stem}_good`, total: `${stem}_total` },
        objective: '>= 99.5%',
      });
    }
    await api(base, 'PUT', `/api/v1/contracts/bench-${c}`, ADMIN, {
      apiVersion: 'sla-sentinel/v1',
      kind: 'Contract',
      metadata: { key: `bench-${c}`, title: `Bench contract ${c}` },
      spec: { vendor, timezone: TIMEZONE, effective: { from: effectiveFrom }, objectives: list },
    });
  }
  return { objectives, tokens, contracts };
}

/**
 * Each counter's baseline (point 0) through the ingest API with `cumulative: true`: the service creates
 * the series as a feed's counter (kind 'cumulative' and its 'increase' series) and folds it as such.
 */
async function ingestBaselines(
  base: string,
  objectives: Objective[],
  tokens: Map<string, string>,
  start: number,
): Promise<void> {
  const timestamp = new Date(start).toISOString();
  for (const [vendor, token] of tokens) {
    const samples = objectives
      .filter((o) => o.vendor === vendor)
      .flatMap((o) => {
        const c = counters(objectives.indexOf(o));
        return [
          { metric: `${o.stem}_good`, value: c.good[0], timestamp, cumulative: true },
          { metric: `${o.stem}_total`, value: c.total[0], timestamp, cumulative: true },
        ];
      });
    const res = (await api(base, 'POST', '/api/v1/samples', token, { samples })) as {
      accepted: number;
      rejected: unknown[];
    };
    if (res.rejected.length > 0 || res.accepted !== samples.length)
      throw new Error(`baselines of ${vendor}: ${JSON.stringify(res).slice(0, 500)}`);
  }
}

/**
 * The points after the baselines, per contract: one pending ingest batch per (series, day), as a
 * feed would send them (oldest day first within a series, so every batch folds in order), rows by COPY.
 */
async function loadCounters(url: string, objectives: Objective[], start: number): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET synchronous_commit = off`);
    // The month partitions, as SamplesRepository.ensurePartitions creates them (with those of
    // sample_chunks, on a schema that has it, as bench/objectives-load.ts's Loader).
    const chunks = await client.query<{ found: boolean }>(
      `SELECT to_regclass('sample_chunks') IS NOT NULL AS found`,
    );
    for (const p of monthPartitionsBetween(start, start + DAYS * DAY_MS)) {
      const bounds = `FOR VALUES FROM ('${p.from}') TO ('${p.to}')`;
      await client.query(`CREATE TABLE IF NOT EXISTS ${p.name} PARTITION OF samples ${bounds}`);
      if (chunks.rows[0].found)
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${p.name.replace('samples_', 'sample_chunks_')} PARTITION OF sample_chunks ${bounds}`,
        );
    }
    const found = await client.query<{ id: string; vendor_id: string; metric: string }>(
      `SELECT se.id, se.vendor_id, se.metric FROM series se WHERE se.kind = 'cumulative'`,
    );
    const series = new Map(found.rows.map((r) => [r.metric, r]));
    if (series.size !== objectives.length * 2)
      throw new Error(`${series.size} cumulative series, not ${objectives.length * 2}`);
    const stamps = Array.from({ length: DAYS * POINTS_PER_DAY + 1 }, (_, k) =>
      new Date(start + k * STEP_MS).toISOString(),
    );
    let rows = 0;
    for (let first = 0; first < objectives.length; first += PER_CONTRACT) {
      const group = objectives.slice(first, first + PER_CONTRACT).map((o, g) => ({
        o,
        c: counters(first + g),
        good: series.get(`${o.stem}_good`)!,
        total: series.get(`${o.stem}_total`)!,
      }));
      // Batches in (objective, good/total, day) order; identity values of one statement are consecutive.
      const vendors = group.flatMap((x) =>
        [x.good, x.total].flatMap((s) => Array<string>(DAYS).fill(s.vendor_id)),
      );
      const batch = await client.query<{ first: string; last: string; n: string }>(
        `WITH b AS (
           INSERT INTO ingest_batches (vendor_id, received_at, submitted)
           SELECT v, now(), $2 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(v, n) ORDER BY n RETURNING id
         ) SELECT min(id) AS first, max(id) AS last, count(*) AS n FROM b`,
        [vendors, POINTS_PER_DAY],
      );
      const { first: firstBatch, last, n } = batch.rows[0];
      if (BigInt(last) - BigInt(firstBatch) + 1n !== BigInt(n) || Number(n) !== vendors.length)
        throw new Error('batch ids are not consecutive');
      const chunks = function* (): Generator<string> {
        let batchId = BigInt(firstBatch);
        for (const x of group) {
          for (const [s, values] of [
            [x.good, x.c.good],
            [x.total, x.c.total],
          ] as const) {
            for (let d = 0; d < DAYS; d++, batchId++) {
              let text = '';
              for (let k = d * POINTS_PER_DAY + 1; k <= (d + 1) * POINTS_PER_DAY; k++)
                text += `${s.id}\t${stamps[k]}\t${values[k]}\t${batchId}\n`;
              yield text;
            }
          }
        }
      };
      await pipeline(
        Readable.from(chunks()),
        client.query(copyFrom('COPY samples (series_id, ts, value, batch_id) FROM STDIN')),
      );
      rows += group.length * 2 * DAYS * POINTS_PER_DAY;
    }
    return rows;
  } finally {
    await client.end();
  }
}

async function sql(url: string, text: string): Promise<Array<Record<string, string>>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, string>>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Bytes of every leaf of each table's partition tree, with its indexes (as bench/storage.ts sizes them). */
async function postgresBytes(url: string): Promise<Array<{ name: string; bytes: number; rows: number }>> {
  const out: Array<{ name: string; bytes: number; rows: number }> = [];
  for (const name of SAMPLE_TABLES) {
    const [exists] = await sql(url, `SELECT (to_regclass('${name}') IS NOT NULL)::text AS found`);
    if (exists.found !== 'true') continue;
    const [r] = await sql(
      url,
      `SELECT coalesce(sum(pg_total_relation_size(relid)), 0) AS total,
              (SELECT count(*) FROM ${name}) AS rows
         FROM (SELECT relid FROM pg_partition_tree('${name}'::regclass) WHERE isleaf
               UNION SELECT '${name}'::regclass WHERE NOT EXISTS (SELECT FROM pg_partition_tree('${name}'::regclass))) t`,
    );
    out.push({ name, bytes: Number(r.total), rows: Number(r.rows) });
  }
  return out;
}

interface Attained {
  attainment: number;
  evaluatedAt: number;
}

/** Every objective's attainment and evaluation instant from GET /api/v1/contracts/{key}/status. */
async function attainments(base: string, contracts: number): Promise<Map<string, Attained>> {
  const out = new Map<string, Attained>();
  for (let c = 0; c < contracts; c++) {
    const status = (await api(base, 'GET', `/api/v1/contracts/bench-${c}/status`, ADMIN)) as {
      objectives: Array<{ key: string; attainment: number | null; evaluatedAt: string | null }>;
    };
    for (const o of status.objectives) {
      if (o.attainment === null || o.evaluatedAt === null)
        throw new Error(`bench-${c}/${o.key}: no attainment (${JSON.stringify(o)})`);
      out.set(`${c}/${o.key}`, { attainment: o.attainment, evaluatedAt: Date.parse(o.evaluatedAt) });
    }
  }
  return out;
}

interface Blocks {
  blocks: number;
  bytes: number;
  samples: number;
}

/** The TSDB blocks under `dir` (directories with a meta.json): their files' bytes and samples. */
async function blocks(dir: string): Promise<Blocks> {
  const out: Blocks = { blocks: 0, bytes: 0, samples: 0 };
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const block = join(dir, entry.name);
    let meta: { stats?: { numSamples?: number } };
    try {
      meta = JSON.parse(await readFile(join(block, 'meta.json'), 'utf8')) as typeof meta;
    } catch {
      continue;
    }
    out.blocks++;
    out.samples += meta.stats?.numSamples ?? 0;
    out.bytes += await directoryBytes(block);
  }
  return out;
}

/** Bytes of every file under `dir`; a directory deleted meanwhile (a compaction) holds none. */
async function directoryBytes(dir: string): Promise<number> {
  let bytes = 0;
  let files: string[];
  try {
    files = await readdir(dir, { recursive: true });
  } catch {
    return 0;
  }
  for (const file of files) {
    try {
      const s = await stat(join(dir, file));
      if (s.isFile()) bytes += s.size;
    } catch {
      // deleted meanwhile
    }
  }
  return bytes;
}

/** Names and sizes of everything in `dir`: it changes while a compaction writes or deletes blocks. */
async function signature(dir: string): Promise<string> {
  const parts: string[] = [];
  let files: string[];
  try {
    files = await readdir(dir, { recursive: true });
  } catch {
    return 'changing';
  }
  for (const file of files) {
    try {
      const s = await stat(join(dir, file));
      if (s.isFile()) parts.push(`${file}:${s.size}`);
    } catch {
      // deleted meanwhile
    }
  }
  return parts.sort().join('\n');
}

/**
 * The same points as OpenMetrics text, one file per 2-hour block range (promtool re-reads its whole
 * input for every block it writes), each series' lines in time order and together; answers the lines.
 */
function exportOpenMetrics(input: string, objectives: Objective[], start: number): number {
  const files = new Map<number, { fd: number; buffer: string }>();
  const flush = (f: { fd: number; buffer: string }) => {
    writeSync(f.fd, f.buffer);
    f.buffer = '';
  };
  let lines = 0;
  objectives.forEach((o, i) => {
    const c = counters(i);
    for (const [name, values] of [
      ['bench_good', c.good],
      ['bench_total', c.total],
    ] as const) {
      const prefix = `${name}{objective="${o.stem}",vendor="${o.vendor}"} `;
      for (let k = 0; k < values.length; k++) {
        const t = (start + k * STEP_MS) / 1000;
        const block = Math.floor(t / BLOCK_SECONDS);
        let f = files.get(block);
        if (!f) {
          f = { fd: openSync(join(input, `${block}.om`), 'w'), buffer: '' };
          files.set(block, f);
        }
        f.buffer += `${prefix}${values[k]} ${t}\n`;
        if (f.buffer.length > 1 << 20) flush(f);
        lines++;
      }
    }
  });
  for (const f of files.values()) {
    f.buffer += '# EOF\n';
    flush(f);
    closeSync(f.fd);
  }
  return lines;
}

interface Prometheus {
  base: string;
  stop(): Promise<void>;
}

async function startPrometheus(dir: string, tsdb: string): Promise<Prometheus> {
  const config = join(dir, 'prometheus.yml');
  await writeFile(config, 'scrape_configs: []\n');
  const port = await freePort();
  const child = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${tsdb}`,
      '--storage.tsdb.retention.time=1y',
      `--web.listen-address=127.0.0.1:${port}`,
      '--query.max-samples=2000000000',
      '--query.timeout=30m',
      '--log.level=error',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((r) => {
    child.once('exit', () => r());
    child.once('error', () => r());
  });
  if (child.pid === undefined) throw new Error('no `prometheus` to start (apt-get install -y prometheus)');
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode})`);
    try {
      if ((await fetch(`${base}/-/ready`)).ok) break;
    } catch {
      // starting
    }
    if (i > 600) throw new Error('prometheus not ready after 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Until the server's compactor has merged the backfilled blocks (as bench/storage.ts waits). */
async function waitForCompaction(tsdb: string, initial: number): Promise<void> {
  const t0 = performance.now();
  let last = await signature(tsdb);
  let changedAt = t0;
  // Done once the block count fell and nothing changed for 20 s; 10 minutes at most.
  while (performance.now() - t0 < 600_000) {
    await new Promise((r) => setTimeout(r, 2000));
    const now = await signature(tsdb);
    if (now !== last) {
      last = now;
      changedAt = performance.now();
    }
    const fell = (await blocks(tsdb)).blocks < initial || initial <= 1;
    if (performance.now() - changedAt > 20_000 && (fell || performance.now() - t0 > 120_000)) break;
  }
}

/** One instant query; answers its wall time and each objective's value. */
async function query(
  base: string,
  expr: string,
  atMs: number,
): Promise<{ ms: number; values: Map<string, number> }> {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr, time: (atMs / 1000).toFixed(3) }).toString(),
  });
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data?: { result: Array<{ metric: { objective?: string }; value: [number, string] }> };
  };
  const ms = performance.now() - t0;
  if (!res.ok || body.status !== 'success') throw new Error(`query ${expr}: ${res.status} ${body.error}`);
  return {
    ms,
    values: new Map(body.data!.result.map((r) => [r.metric.objective ?? '', Number(r.value[1])])),
  };
}

/** A cold query, then `WARM` more: the median of those (ms) and the last answer. */
async function timed(base: string, expr: string, atMs: number) {
  const cold = await query(base, expr, atMs);
  const warm: number[] = [];
  let last = cold;
  for (let i = 0; i < WARM; i++) {
    last = await query(base, expr, atMs);
    warm.push(last.ms);
  }
  return { coldMs: cold.ms, warmMs: median(warm), all: warm, values: last.values };
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const ms = (x: number) => x.toFixed(x < 100 ? 1 : 0);

function maxError(
  objectives: Objective[],
  got: (o: Objective, i: number) => number | undefined,
  exact: (o: Objective, i: number) => number,
): { error: number; worst: string; missing: number } {
  let error = 0;
  let worst = '-';
  let missing = 0;
  objectives.forEach((o, i) => {
    const value = got(o, i);
    if (value === undefined || !Number.isFinite(value)) {
      missing++;
      return;
    }
    const e = Math.abs(value - exact(o, i));
    if (e > error) {
      error = e;
      worst = o.stem;
    }
  });
  return { error, worst, missing };
}

function table(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows)
    process.stdout.write(
      `${r
        .map((x, c) => x.padEnd(widths[c]))
        .join('  ')
        .trimEnd()}\n`,
    );
}

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const wall = performance.now();
  const db = await database(server);
  const service = await startService(db.url, SERVICE_ENV);
  let running = true;
  const dir = await mkdtemp(join(tmpdir(), 'sla-bench-peer-'));
  let prometheus: Prometheus | undefined;
  try {
    // Points at start, start + 1 min, …, end (the newest whole minute): DAYS days after the baseline.
    const end = Math.floor(Date.now() / STEP_MS) * STEP_MS;
    const start = end - DAYS * DAY_MS;
    const effectiveFrom = DateTime.fromMillis(start, { zone: TIMEZONE }).minus({ days: 1 }).toISODate()!;
    const setup = await createContracts(service.base, effectiveFrom);
    const { objectives } = setup;
    const points = objectives.length * 2 * (DAYS * POINTS_PER_DAY + 1);
    line(
      'objectives',
      `${objectives.length} ratio (rolling ${WINDOW_DAYS}d) on ${setup.contracts} contracts, ${setup.tokens.size} vendors`,
    );
    line(
      'counters',
      `${objectives.length * 2} cumulative series x ${DAYS} days of 1-minute points + baseline = ${points} points`,
    );
    line('data', `${new Date(start).toISOString()} .. ${new Date(end).toISOString()}`);

    let t0 = performance.now();
    await ingestBaselines(service.base, objectives, setup.tokens, start);
    const loaded = await loadCounters(db.url, objectives, start);
    line(
      'SLA Sentinel: load (s)',
      `${seconds(performance.now() - t0)}  (${objectives.length * 2} baselines via POST /api/v1/samples, ${loaded} points by COPY as pending batches)`,
    );
    t0 = performance.now();
    await sql(db.url, 'VACUUM (ANALYZE) series, samples, ingest_batches');
    line('SLA Sentinel: VACUUM (ANALYZE) after the load (s)', seconds(performance.now() - t0));

    t0 = performance.now();
    let passes = 0;
    const pending = async () => Number((await sql(db.url, 'SELECT count(*) AS n FROM ingest_batches'))[0].n);
    do {
      const cold = await evaluate(service.base);
      if (cold.objectives !== objectives.length)
        throw new Error(`evaluated ${cold.objectives} objectives, not ${objectives.length}`);
      passes++;
    } while ((await pending()) > 0 && passes < 10);
    if ((await pending()) > 0) throw new Error('batches still pending after 10 passes');
    const coldMs = performance.now() - t0;
    line('SLA Sentinel: cold pass (s)', `${seconds(coldMs)}  (folds every point; ${passes} pass(es))`);
    await sql(
      db.url,
      'VACUUM (ANALYZE) samples, metric_rollups, timeslice_chunks, counter_state, objective_evaluations, evaluation_history, ingest_batches',
    );
    // Compaction as the service does it over time (POST /api/v1/compactions until done), then the
    // row table at the size a running service keeps: it reuses the space compaction frees.
    t0 = performance.now();
    let moved = 0;
    for (let done = false; !done;) {
      const res = await fetch(`${service.base}/api/v1/compactions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      if (!res.ok) throw new Error(`POST /api/v1/compactions: ${res.status} ${await res.text()}`);
      const run = (await res.json()) as { moved: number; done: boolean };
      moved += run.moved;
      done = run.done;
    }
    line(
      'SLA Sentinel: compaction (s)',
      `${seconds(performance.now() - t0)}  (${moved} points into day chunks)`,
    );
    // The chunks too: the running day's are written again each hour; a service vacuums between those
    // hours and reuses the space, where this run compacted them back to back.
    const chunksBefore = (await postgresBytes(db.url)).find((t) => t.name === 'sample_chunks')?.bytes ?? 0;
    await sql(db.url, 'VACUUM FULL samples, sample_chunks');
    await sql(db.url, 'VACUUM (ANALYZE) samples, sample_chunks');
    line('SLA Sentinel: sample_chunks before VACUUM FULL', mb(chunksBefore));
    const warm: Run[] = [];
    for (let i = 0; i < WARM; i++) warm.push(await evaluate(service.base));
    const warmMs = median(warm.map((w) => w.durationMs));
    line(
      `SLA Sentinel: warm pass, median of ${WARM} (ms)`,
      `${warmMs}  (${warm.map((w) => w.durationMs).join(' ')})`,
    );
    const results = await attainments(service.base, setup.contracts);
    const instants = [...new Set([...results.values()].map((r) => r.evaluatedAt))];
    const at = Math.max(...instants);
    line('evaluation instant (last pass)', `${new Date(at).toISOString()}  (${instants.length} distinct)`);

    const pg = await postgresBytes(db.url);
    const pgBytes = pg.reduce((s, t) => s + t.bytes, 0);
    const samples = pg.find((t) => t.name === 'samples')!;
    line(
      'SLA Sentinel: PostgreSQL bytes',
      `${pgBytes} = ${mb(pgBytes)}, ${(pgBytes / points).toFixed(2)} B/point (${pg.map((t) => `${t.name} ${mb(t.bytes)}`).join(', ')}; samples ${samples.rows} rows, the rest in chunks: raw and increase)`,
    );
    await service.stop();
    running = false;

    // Prometheus: the same points, backfilled, compacted by a server, queried at the same instant.
    const input = join(dir, 'openmetrics');
    const tsdb = join(dir, 'tsdb');
    await mkdir(input);
    await mkdir(tsdb);
    t0 = performance.now();
    const lines = exportOpenMetrics(input, objectives, start);
    if (lines !== points) throw new Error(`exported ${lines} points, not ${points}`);
    const exportMs = performance.now() - t0;
    const files = (await readdir(input)).sort();
    const run = promisify(execFile);
    for (const file of files) {
      await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '-q', join(input, file), tsdb], {
        maxBuffer: 1 << 26,
      });
      await unlink(join(input, file));
    }
    const backfilled = await blocks(tsdb);
    if (backfilled.samples !== points)
      throw new Error(`the blocks hold ${backfilled.samples} samples, not ${points}`);
    line(
      'Prometheus: OpenMetrics export; promtool backfill (s)',
      `${seconds(exportMs)}; ${seconds(performance.now() - t0 - exportMs)}  (${files.length} files, one promtool run each: ${backfilled.blocks} blocks)`,
    );
    t0 = performance.now();
    prometheus = await startPrometheus(dir, tsdb);
    await waitForCompaction(tsdb, backfilled.blocks);
    const compacted = await blocks(tsdb);
    if (compacted.samples !== points)
      throw new Error(`the compacted blocks hold ${compacted.samples} samples`);
    const promDir = await directoryBytes(tsdb);
    line(
      'Prometheus: server compaction (s)',
      `${seconds(performance.now() - t0)}  (${compacted.blocks} blocks; the compactor first runs a minute after start)`,
    );
    line(
      'Prometheus: TSDB bytes after compaction',
      `${compacted.bytes} = ${mb(compacted.bytes)}, ${(compacted.bytes / points).toFixed(2)} B/point (whole directory ${mb(promDir)})`,
    );

    const pyrra = await timed(prometheus.base, PYRRA, at);
    const sloth = await timed(prometheus.base, SLOTH, at);
    line(
      `Prometheus: Pyrra way, median of ${WARM} (ms)`,
      `${ms(pyrra.warmMs)}  (cold ${ms(pyrra.coldMs)}; ${pyrra.all.map(ms).join(' ')})`,
    );
    line(
      `Prometheus: Sloth way, median of ${WARM} (ms)`,
      `${ms(sloth.warmMs)}  (cold ${ms(sloth.coldMs)}; ${sloth.all.map(ms).join(' ')})`,
    );
    await prometheus.stop();
    prometheus = undefined;

    // The exact figures: each objective's own window for SLA Sentinel, the query instant for Prometheus.
    const exactAt = new Map<string, number>();
    const exactP = new Map<string, number>();
    objectives.forEach((o, i) => {
      const c = counters(i);
      exactAt.set(o.stem, exactRatio(c, start, results.get(`${o.contract}/${o.key}`)!.evaluatedAt));
      exactP.set(o.stem, exactRatio(c, start, at));
    });
    const sentinel = maxError(
      objectives,
      (o) => results.get(`${o.contract}/${o.key}`)?.attainment,
      (o) => exactAt.get(o.stem)!,
    );
    const pyrraError = maxError(
      objectives,
      (o) => pyrra.values.get(o.stem),
      (o) => exactP.get(o.stem)!,
    );
    const slothError = maxError(
      objectives,
      (o) => sloth.values.get(o.stem),
      (o) => exactP.get(o.stem)!,
    );
    const missing = (m: number) => (m > 0 ? `, ${m} objectives missing` : '');

    process.stdout.write('\n');
    const err = (e: { error: number; worst: string; missing: number }) =>
      `${e.error.toExponential(2)} (${e.worst}${missing(e.missing)})`;
    table([
      ['system', 'time (warm median)', 'largest |error| of good/total', 'storage'],
      ['SLA Sentinel', `${warmMs} ms (pass)`, err(sentinel), `${mb(pgBytes)} (PostgreSQL)`],
      [
        'Prometheus, Pyrra way',
        `${ms(pyrra.warmMs)} ms (query)`,
        err(pyrraError),
        `${mb(compacted.bytes)} (TSDB)`,
      ],
      [
        'Prometheus, Sloth way',
        `${ms(sloth.warmMs)} ms (query)`,
        err(slothError),
        `${mb(compacted.bytes)} (TSDB)`,
      ],
    ]);
    process.stdout.write('\n');
    line(
      'time: Pyrra-way query / warm pass',
      `${(pyrra.warmMs / warmMs).toFixed(2)}  (target >= ${TARGET_TIME_RATIO}; Sloth way ${(sloth.warmMs / warmMs).toFixed(2)})`,
    );
    line(
      'storage: PostgreSQL / Prometheus',
      `${(pgBytes / compacted.bytes).toFixed(1)}  (target <= ${TARGET_STORAGE_RATIO})`,
    );
    line(
      'errors: SLA Sentinel, Pyrra way, Sloth way',
      `${sentinel.error.toExponential(2)}, ${pyrraError.error.toExponential(2)}, ${slothError.error.toExponential(2)}  (target: SLA Sentinel 0)`,
    );
  } finally {
    await prometheus?.stop();
    if (running) await service.stop();
    // BENCH_KEEP_DATABASE=1 leaves the database for a look at where the bytes are (dropped otherwise).
    if (process.env.BENCH_KEEP_DATABASE === '1') line('database kept', db.url);
    else await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
  line('wall time (s)', ((performance.now() - wall) / 1000).toFixed(0));
}

main().catch((error) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
