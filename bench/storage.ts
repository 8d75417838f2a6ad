import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { freePort } from '../src/database/embedded-postgres';
import { MetricDataRepository } from '../src/evaluation/metric-data.repository';
import { InputSeries } from '../src/evaluation/input-series';
import { InputSeriesRepository } from '../src/evaluation/input-series.repository';
import {
  database,
  DAY_MS,
  evaluate,
  Loader,
  median,
  rate,
  type Run,
  seconds,
  type Setup,
  TIMEZONE,
  vendorKey,
} from './objectives-load';
import { ADMIN, api, arg, line, percentile, startService } from './support';

// npm run bench:storage [-- --objectives 300 --days 30 --reads 20 --warm 5 --prometheus 1]
// What the stored samples cost on disk (the target: bytes per stored sample, every table and
// index that holds sample data or its roll-ups, after folding, divided by the samples: <= 10), beside
// the raw read of one day of one series (<= 20 ms) and the warm pass (no slower than the baseline
// recorded here). Measures and prints; it fails on nothing but an error.
// `--objectives` N ratio objectives (10 per contract, 10 contracts per vendor, through the HTTP API as
// bench:evaluate's), each reading a good and a total series of its own: 2 N series of `--days` days of
// 1-minute data, bulk-loaded with bench/objectives-load.ts's Loader as pending ingest batches (one per
// series and day), so the cold pass folds them into roll-ups as it would ingested data; VACUUM (ANALYZE)
// after the load and after the cold pass, as bench:evaluate. Then:
//   - sizes: pg_total_relation_size of each table holding samples or their roll-ups (partitioned
//     tables: every leaf of pg_partition_tree), table and index parts apart, and bytes per sample;
//   - raw reads: MetricDataRepository.samples() itself (the service's statement for raw pieces) on a
//     client of its own, one series and one day per read, `--reads` reads over different series/days;
//   - warm pass: median of `--warm` passes after the cold one (POST /api/v1/evaluations, `durationMs`),
//     on rows alone, then again after compaction (POST /api/v1/compactions until done), as a ratio;
//   - sizes after compaction, and again after VACUUM FULL samples: the size the row table keeps in a
//     running service, which reuses the space compaction frees (a bulk load never does);
//   - Prometheus (`--prometheus 0` skips it): the same samples exported as OpenMetrics text (one file
//     per 2-hour block range), backfilled with `promtool tsdb create-blocks-from openmetrics` and
//     measured; then a Prometheus server is started on those blocks (retention 1 y) until its
//     compactor has merged them, as a long-running Prometheus stores them, and measured again.

const OBJECTIVES = arg('objectives', 300);
const DAYS = arg('days', 30);
const READS = arg('reads', 20);
const WARM = arg('warm', 5);
const PROMETHEUS = arg('prometheus', 1) !== 0;
const PER_CONTRACT = 10;
const CONTRACTS_PER_VENDOR = 10;
const STEP_SECONDS = 60;
const SERVICE_ENV = { SCHEDULER_ENABLED: 'false', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' };
const LOADED_TABLES = 'series, samples, ingest_batches';
const EVALUATION_TABLES =
  'metric_rollups, timeslice_chunks, objective_evaluations, evaluation_history, ingest_batches';
/**
 * Tables holding samples or what is derived from them per bucket (migrations/): the samples
 * themselves (rows and day chunks, and the queue of days to compact again), their series, the batch ledger (emptied by the fold), the hour/day/week roll-ups, the
 * per-objective timeslice counts by hour and day, and the last point of every counter series.
 */
const SAMPLE_TABLES = [
  'samples',
  'sample_chunks',
  'sample_compaction_backlog',
  'series',
  'ingest_batches',
  'metric_rollups',
  'timeslice_chunks',
  'counter_state',
];
/** Written by passes, per objective (and hour): results, not sample data; printed, not counted. */
const RESULT_TABLES = ['objective_evaluations', 'evaluation_history'];
const TARGET_BYTES = 10;
const TARGET_READ_MS = 20;
const BLOCK_MS = 2 * 3_600_000;

type Data = Setup['series'][number]['data'];
// The codes of objectives-load.ts's `Data` (its loader's value pattern per code).
const TOTAL = 0 as Data;
const GOOD = 1 as Data;

/** Ratio objectives only (bench:evaluate's mix has other kinds): the same contract layout. */
async function createRatioContracts(base: string, objectives: number, effectiveFrom: string): Promise<Setup> {
  const contracts = Math.ceil(objectives / PER_CONTRACT);
  const vendors = Math.ceil(contracts / CONTRACTS_PER_VENDOR);
  for (let v = 0; v < vendors; v++) {
    await api(base, 'PUT', `/api/v1/vendors/${vendorKey(v)}`, ADMIN, { name: `Bench vendor ${v}` });
  }
  const series: Setup['series'] = [];
  for (let c = 0; c < contracts; c++) {
    const vendor = vendorKey(Math.floor(c / CONTRACTS_PER_VENDOR));
    const list: Array<Record<string, unknown>> = [];
    for (let j = 0; j < PER_CONTRACT && c * PER_CONTRACT + j < objectives; j++) {
      const m = `c${c}_o${j}`;
      series.push({ vendor, metric: `${m}_good`, data: GOOD });
      series.push({ vendor, metric: `${m}_total`, data: TOTAL });
      list.push({
        key: `o${j}`,
        title: `Objective ${j} (ratio)`,
        period: `${DAYS}d`,
        indicator: { kind: 'ratio', good: `${m}_good`, total: `${m}_total` },
        objective: '>= 99.9%',
      });
    }
    await api(base, 'PUT', `/api/v1/contracts/bench-${c}`, ADMIN, {
      apiVersion: 'sla-sentinel/v1',
      kind: 'Contract',
      metadata: { key: `bench-${c}`, title: `Bench contract ${c}` },
      spec: { vendor, timezone: TIMEZONE, effective: { from: effectiveFrom }, objectives: list },
    });
  }
  const kinds = { ratio: objectives, timeslice: 0, avg: 0, max: 0, p95: 0, freshness: 0 };
  return { contracts, vendors, objectives, series, kinds };
}

const mb = (bytes: number) =>
  bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} kB`;
const perSample = (bytes: number, samples: number) => (bytes / samples).toFixed(2);

interface TableSize {
  name: string;
  rows: number;
  partitions: number;
  table: number;
  indexes: number;
  total: number;
}

/** Median and list of `WARM` passes' durations. */
async function warmPasses(base: string): Promise<{ median: number; all: string }> {
  const runs: Run[] = [];
  for (let i = 0; i < WARM; i++) runs.push(await evaluate(base));
  return { median: median(runs.map((w) => w.durationMs)), all: runs.map((w) => w.durationMs).join(' ') };
}

/** The table sizes, and bytes per sample over all of them: rows and chunks must hold every sample. */
async function reportSizes(client: Client, samples: number, series: number, label: string): Promise<void> {
  line(`sizes ${label}`, '');
  const stored = await sizes(client, SAMPLE_TABLES);
  const counted = stored.reduce((s, t) => s + t.total, 0);
  const raw = stored.filter((t) => t.name === 'samples' || t.name === 'sample_chunks');
  const chunked = await client.query<{ n: string | null }>(
    'SELECT sum(cardinality(deltas)) AS n FROM sample_chunks',
  );
  const rows = stored.find((t) => t.name === 'samples')!.rows;
  const inChunks = Number(chunked.rows[0].n ?? 0);
  if (rows + inChunks !== samples)
    throw new Error(
      `rows (${rows}) and chunks (${inChunks}) hold ${rows + inChunks} samples, not ${samples}`,
    );
  line(
    'samples stored',
    `${samples}  (${series} series x ${DAYS} days x 1 440; ${rows} rows, ${inChunks} in chunks)`,
  );
  printSizes('size:', stored, samples);
  line('size: samples indexes', await indexSizes(client));
  printSizes('not counted:', await sizes(client, RESULT_TABLES), samples);
  line('other tables over 64 kB', await otherTables(client, [...SAMPLE_TABLES, ...RESULT_TABLES]));
  const rawBytes = raw.reduce((s, t) => s + t.total, 0);
  line(
    'bytes per sample, raw samples alone',
    `${perSample(rawBytes, samples)}  (rows and chunks with their indexes; target <= ${TARGET_BYTES} for all)`,
  );
  line(
    'bytes per sample, all sample tables',
    `${perSample(counted, samples)}  (${mb(counted)}; target <= ${TARGET_BYTES}: ` +
      `${(counted / samples / TARGET_BYTES).toFixed(2)} x the target)`,
  );
}

/** Sizes of every leaf of each table's partition tree (a plain table has none: the table itself). */
async function sizes(client: Client, tables: string[]): Promise<TableSize[]> {
  const out: TableSize[] = [];
  for (const name of tables) {
    const r = await client.query<{ partitions: string; table: string; indexes: string; total: string }>(
      `SELECT count(*) AS partitions, coalesce(sum(pg_table_size(relid)), 0) AS table,
              coalesce(sum(pg_indexes_size(relid)), 0) AS indexes,
              coalesce(sum(pg_total_relation_size(relid)), 0) AS total
         FROM (SELECT relid FROM pg_partition_tree($1::regclass) WHERE isleaf
               UNION SELECT $1::regclass WHERE NOT EXISTS (SELECT FROM pg_partition_tree($1::regclass))) t`,
      [name],
    );
    const rows = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`);
    const s = r.rows[0];
    out.push({
      name,
      rows: Number(rows.rows[0].n),
      partitions: Number(s.partitions),
      table: Number(s.table),
      indexes: Number(s.indexes),
      total: Number(s.total),
    });
  }
  return out;
}

function printSizes(label: string, list: TableSize[], samples: number): void {
  for (const t of list) {
    const parts =
      t.partitions > 1 || t.name === 'samples' || t.name === 'sample_chunks'
        ? `, ${t.partitions} partitions`
        : '';
    line(
      `${label} ${t.name} (bytes)`,
      `${t.total}  = ${mb(t.total)}, ${perSample(t.total, samples)} B/sample (table ${mb(t.table)}, ` +
        `indexes ${mb(t.indexes)}; ${t.rows} rows${parts})`,
    );
  }
}

async function indexSizes(client: Client): Promise<string> {
  const r = await client.query<{ name: string; bytes: string }>(
    `SELECT coalesce(pi.relname, i.relname) AS name, sum(pg_relation_size(i.oid)) AS bytes
       FROM pg_partition_tree('samples') t
       JOIN pg_index x ON x.indrelid = t.relid
       JOIN pg_class i ON i.oid = x.indexrelid
       LEFT JOIN pg_inherits h ON h.inhrelid = i.oid
       LEFT JOIN pg_class pi ON pi.oid = h.inhparent
      WHERE t.isleaf GROUP BY 1 ORDER BY 1`,
  );
  return r.rows.map((x) => `${x.name} ${mb(Number(x.bytes))}`).join(', ');
}

/** Every other table of the database above 64 kB (a table added later shows up here). */
async function otherTables(client: Client, known: string[]): Promise<string> {
  const r = await client.query<{ name: string; bytes: string }>(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relispartition
        AND NOT c.relname = ANY($1::text[]) AND pg_total_relation_size(c.oid) > 65536
      ORDER BY 2 DESC`,
    [known],
  );
  return r.rows.map((x) => `${x.name} ${mb(Number(x.bytes))}`).join(', ') || 'none';
}

/** A small seeded generator: the same series and days on every run of one size. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * One day of one series per read, through MetricDataRepository.samples() (the statement the service
 * runs for raw pieces) on a client of its own; answers the read times in ms.
 */
async function rawReads(url: string, setup: Setup, fromMs: number): Promise<{ ms: number[]; rows: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const vendors = await client.query<{ key: string; id: string }>(`SELECT key, id FROM vendors`);
    const vendorId = new Map(vendors.rows.map((v) => [v.key, v.id]));
    const query = async (sql: string, params?: unknown[]): Promise<unknown[]> => {
      const result = await client.query<Record<string, unknown>>(sql, params);
      return result.rows;
    };
    const dataSource = { query } as unknown as DataSource;
    const repository = new MetricDataRepository(
      dataSource,
      new InputSeries(new InputSeriesRepository(dataSource)),
    );
    const next = random(20261130);
    const seen = new Set<string>();
    const ms: number[] = [];
    let rows = 0;
    // One untimed read first: the connection's first statement on samples loads its catalog entries.
    const first = setup.series[0];
    seen.add(`${first.metric}/0`);
    await repository.samples([
      {
        vendorId: vendorId.get(first.vendor)!,
        metric: first.metric,
        ranges: [[fromMs + STEP_SECONDS * 1000, fromMs + STEP_SECONDS * 1000 + DAY_MS]],
      },
    ]);
    while (ms.length < READS) {
      const s = setup.series[Math.floor(next() * setup.series.length)];
      const day = Math.floor(next() * DAYS);
      if (seen.size < setup.series.length * DAYS && seen.has(`${s.metric}/${day}`)) continue;
      seen.add(`${s.metric}/${day}`);
      const from = fromMs + STEP_SECONDS * 1000 + day * DAY_MS;
      const t0 = performance.now();
      const [samples] = await repository.samples([
        { vendorId: vendorId.get(s.vendor)!, metric: s.metric, ranges: [[from, from + DAY_MS]] },
      ]);
      ms.push(performance.now() - t0);
      if (samples.length !== DAY_MS / 1000 / STEP_SECONDS)
        throw new Error(`read ${samples.length} samples of ${s.metric} on day ${day}`);
      rows += samples.length;
    }
    return { ms, rows };
  } finally {
    await client.end();
  }
}

interface Blocks {
  blocks: number;
  bytes: number;
  chunks: number;
  index: number;
  samples: number;
}

/** The TSDB blocks under `dir` (directories with a meta.json): their files' bytes and samples. */
async function blocks(dir: string): Promise<Blocks> {
  const out: Blocks = { blocks: 0, bytes: 0, chunks: 0, index: 0, samples: 0 };
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
    for (const file of await readdir(block, { recursive: true })) {
      const s = await stat(join(block, file));
      if (!s.isFile()) continue;
      out.bytes += s.size;
      if (file.startsWith('chunks')) out.chunks += s.size;
      if (file === 'index') out.index += s.size;
    }
  }
  return out;
}

/** Names and sizes of everything in `dir`: it changes while a compaction writes or deletes blocks. */
async function signature(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const file of await readdir(dir, { recursive: true })) {
    try {
      const s = await stat(join(dir, file));
      if (s.isFile()) parts.push(`${file}:${s.size}`);
    } catch {
      // deleted meanwhile
    }
  }
  return parts.sort().join('\n');
}

function printBlocks(label: string, b: Blocks, samples: number): void {
  line(
    `${label} (bytes)`,
    `${b.bytes}  = ${mb(b.bytes)}, ${perSample(b.bytes, samples)} B/sample (${b.blocks} blocks; chunks ` +
      `${mb(b.chunks)} = ${perSample(b.chunks, samples)} B/sample, index ${mb(b.index)})`,
  );
}

/**
 * The same samples in a Prometheus TSDB: OpenMetrics text, one file per 2-hour block range (promtool
 * re-reads its whole input for every block it writes), one promtool run per file; then a Prometheus
 * server on the blocks until its compactor is done.
 */
async function prometheus(url: string, samples: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sla-bench-prom-'));
  const input = join(dir, 'openmetrics');
  const tsdb = join(dir, 'tsdb');
  await mkdir(input);
  await mkdir(tsdb);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // Every series' samples in timestamp order, series after series; each line goes to the file of
    // its block range, so every file holds whole series in order (OpenMetrics: no interleaving).
    let t0 = performance.now();
    const files = new Map<number, { fd: number; buffer: string }>();
    const flush = (f: { fd: number; buffer: string }) => {
      writeSync(f.fd, f.buffer);
      f.buffer = '';
    };
    const stream = client.query(
      copyTo(
        `COPY (SELECT extract(epoch FROM s.ts)::bigint / ${BLOCK_MS / 1000},
                      se.metric || '{vendor="' || v.key || '"} ' || s.value || ' ' || extract(epoch FROM s.ts)::bigint
                 FROM samples s JOIN series se ON se.id = s.series_id JOIN vendors v ON v.id = se.vendor_id
                ORDER BY s.series_id, s.ts) TO STDOUT`,
      ),
    );
    let rest = '';
    let lines = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = rest + chunk.toString('utf8');
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        const tab = text.indexOf('\t', start);
        const block = Number(text.slice(start, tab));
        let f = files.get(block);
        if (!f) {
          f = { fd: openSync(join(input, `${block}.om`), 'w'), buffer: '' };
          files.set(block, f);
        }
        f.buffer += text.slice(tab + 1, end + 1);
        if (f.buffer.length > 1 << 20) flush(f);
        lines++;
        start = end + 1;
      }
      rest = text.slice(start);
    }
    let textBytes = 0;
    for (const f of files.values()) {
      f.buffer += '# EOF\n';
      flush(f);
      closeSync(f.fd);
    }
    for (const block of files.keys()) textBytes += (await stat(join(input, `${block}.om`))).size;
    if (lines !== samples) throw new Error(`exported ${lines} samples, not ${samples}`);
    line(
      'Prometheus: OpenMetrics text',
      `${files.size} files, ${mb(textBytes)} (${perSample(textBytes, samples)} B/sample); exported in ${seconds(performance.now() - t0)} s`,
    );

    t0 = performance.now();
    const run = promisify(execFile);
    for (const block of [...files.keys()].sort((a, b) => a - b)) {
      const file = join(input, `${block}.om`);
      await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '-q', file, tsdb]).catch(
        (error: unknown) => {
          throw new Error(`promtool on ${file} (--prometheus 0 skips this part): ${String(error)}`);
        },
      );
      await unlink(file);
    }
    const backfilled = await blocks(tsdb);
    if (backfilled.samples !== samples)
      throw new Error(`the blocks hold ${backfilled.samples} samples, not ${samples}`);
    line('Prometheus: promtool backfill, 1 file a run (s)', seconds(performance.now() - t0));
    printBlocks('Prometheus: 2 h blocks (backfill)', backfilled, samples);

    t0 = performance.now();
    const compacted = await compact(dir, tsdb);
    if (compacted.samples !== samples)
      throw new Error(`the compacted blocks hold ${compacted.samples} samples, not ${samples}`);
    line(
      'Prometheus: server compaction (s)',
      `${seconds(performance.now() - t0)}  (the compactor first runs a minute after start)`,
    );
    printBlocks('Prometheus: after compaction', compacted, samples);
  } finally {
    await client.end();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Prometheus 2 on the blocks (no scrapes, retention 1 y: blocks up to 486 h) until nothing changes. */
async function compact(dir: string, tsdb: string): Promise<Blocks> {
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
      '--log.level=error',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((r) => {
    child.once('exit', () => r());
    child.once('error', () => r());
  });
  try {
    if (child.pid === undefined) throw new Error('no `prometheus` to start (--prometheus 0 skips this part)');
    const initial = (await blocks(tsdb)).blocks;
    const t0 = performance.now();
    let last = await signature(tsdb);
    let changedAt = t0;
    // Done once the block count fell and nothing changed for 20 s; 10 minutes at most.
    while (performance.now() - t0 < 600_000) {
      await new Promise((r) => setTimeout(r, 2000));
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`prometheus exited (${child.exitCode ?? child.signalCode})`);
      const now = await signature(tsdb);
      if (now !== last) {
        last = now;
        changedAt = performance.now();
      }
      const fell = (await blocks(tsdb)).blocks < initial || initial <= 1;
      if (performance.now() - changedAt > 20_000 && (fell || performance.now() - t0 > 120_000)) break;
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return blocks(tsdb);
}

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const wall = performance.now();
  const db = await database(server);
  const service = await startService(db.url, SERVICE_ENV);
  let loader: Loader | undefined;
  let client: Client | undefined;
  let running = true;
  try {
    const end = Math.floor(Date.now() / 60_000) * 60_000;
    const from = end - DAYS * DAY_MS;
    line('evaluation instant (end of data)', new Date(end).toISOString());
    const effectiveFrom = DateTime.fromMillis(end, { zone: TIMEZONE })
      .minus({ days: DAYS + 1 })
      .toISODate()!;
    const setup = await createRatioContracts(service.base, OBJECTIVES, effectiveFrom);
    line(
      'objectives',
      `${setup.objectives} ratio (rolling ${DAYS}d) on ${setup.contracts} contracts, ${setup.vendors} vendors`,
    );
    line('series (a good and a total per objective)', `${setup.series.length}`);
    loader = await Loader.open(db.url, setup, STEP_SECONDS);
    await loader.partitions(from, end);
    let t0 = performance.now();
    const samples = await loader.load(from, end);
    line(`load ${DAYS} days of 1-minute data`, rate(samples, performance.now() - t0));
    line('VACUUM (ANALYZE) after the load (s)', seconds(await loader.vacuum(LOADED_TABLES)));

    // The cold pass folds every pending batch; further passes only if one was left.
    const batches = await loader.pending();
    t0 = performance.now();
    let passes = 0;
    do {
      const cold = await evaluate(service.base);
      if (cold.objectives !== setup.objectives)
        throw new Error(`evaluated ${cold.objectives} objectives, not ${setup.objectives}`);
      passes++;
    } while ((await loader.pending()) > 0 && passes < 10);
    if ((await loader.pending()) > 0) throw new Error('batches still pending after 10 passes');
    line(
      'cold pass (s)',
      `${seconds(performance.now() - t0)}  (folds ${batches} pending batches, ${samples} samples; ${passes} pass${passes > 1 ? 'es' : ''})`,
    );
    line('VACUUM (ANALYZE) after the cold pass (s)', seconds(await loader.vacuum(EVALUATION_TABLES)));

    // Warm passes on rows alone, then after compaction (raw edges read from chunks): same run.
    const rowsWarm = await warmPasses(service.base);
    line(`warm pass, rows only, median of ${WARM} (ms)`, `${rowsWarm.median}  (${rowsWarm.all})`);

    t0 = performance.now();
    let moved = 0;
    let requests = 0;
    for (let done = false; !done; requests++) {
      const res = await fetch(`${service.base}/api/v1/compactions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      if (!res.ok) throw new Error(`POST /api/v1/compactions: ${res.status} ${await res.text()}`);
      const run = (await res.json()) as { moved: number; done: boolean };
      moved += Number(run.moved);
      done = run.done === true;
    }
    line(
      'compaction (s)',
      `${seconds(performance.now() - t0)}  (${moved} samples into day chunks, ${requests} requests of <= 10 s; ${rate(moved, performance.now() - t0)})`,
    );
    line('VACUUM (ANALYZE) after compaction (s)', seconds(await loader.vacuum('samples, sample_chunks')));

    const warm = await warmPasses(service.base);
    line(
      `warm pass, compacted, median of ${WARM} (ms)`,
      `${warm.median}  (${warm.all}; ${(warm.median / rowsWarm.median).toFixed(2)} x rows only; target <= 1)`,
    );
    line('statuses', await loader.statuses());

    client = new Client({ connectionString: db.url });
    await client.connect();
    await reportSizes(client, samples, setup.series.length, 'after compaction and VACUUM');
    // A running service reuses the space compaction frees for new rows; a bulk load never does. The
    // same for chunks: the running day's are written again each hour, and where a service vacuums
    // between those hours, this run compacted them back to back. VACUUM FULL gives both tables the
    // size they keep in that steady state (the sizes above are before it).
    t0 = performance.now();
    await client.query('VACUUM FULL samples, sample_chunks');
    line('VACUUM FULL samples, sample_chunks (s)', seconds(performance.now() - t0));
    await reportSizes(client, samples, setup.series.length, 'steady state (freed row space reused)');

    const reads = await rawReads(db.url, setup, from);
    const sorted = [...reads.ms].sort((a, b) => a - b);
    line(
      `raw read, 1 day of 1 series, ${READS} reads (ms)`,
      `median ${median(reads.ms).toFixed(1)}, p95 ${percentile(sorted, 95).toFixed(1)}, max ${sorted[sorted.length - 1].toFixed(1)}  ` +
        `(${reads.rows / READS} samples each; target <= ${TARGET_READ_MS})`,
    );
    await client.end();
    client = undefined;
    await loader.close();
    loader = undefined;
    await service.stop();
    running = false;

    if (PROMETHEUS) await prometheus(db.url, samples);
  } finally {
    await client?.end();
    await loader?.close();
    if (running) await service.stop();
    await db.drop();
  }
  line('wall time (s)', ((performance.now() - wall) / 1000).toFixed(0));
}

main().catch((error) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
