import { request } from 'node:http';
import { Client } from 'pg';
import { monthPartitionsBetween } from '../src/ingest/domain/partitions';
import { ADMIN, api, freshDatabase, line } from './support';

// Shared by bench:evaluate and bench:metrics: vendors and contracts of mixed objective kinds through
// the HTTP API, the bulk SQL loader of their series, and evaluation passes via POST /api/v1/evaluations.

export const TIMEZONE = 'Asia/Jerusalem';
const PER_CONTRACT = 10;
const CONTRACTS_PER_VENDOR = 10;
export const DAY_MS = 86_400_000;

/** What a series holds; the code is the `kind` column of the loader's series table. */
const enum Data {
  Total = 0,
  Good = 1,
  Up = 2,
  Latency = 3,
  Beat = 4,
}

export type Kind = 'ratio' | 'timeslice' | 'avg' | 'max' | 'p95' | 'freshness';

/** 40 % ratio, 30 % timeslice, 10 % avg, 10 % max, 5 % p95, 5 % freshness, in blocks of 20. */
const MIX: Kind[] = [
  ...(['ratio', 'ratio', 'ratio', 'ratio', 'timeslice', 'timeslice', 'timeslice', 'avg', 'max'] as const),
  'p95',
  ...(['ratio', 'ratio', 'ratio', 'ratio', 'timeslice', 'timeslice', 'timeslice', 'avg', 'max'] as const),
  'freshness',
];

interface SeriesSpec {
  vendor: string;
  metric: string;
  data: Data;
}

export interface Setup {
  contracts: number;
  vendors: number;
  objectives: number;
  series: SeriesSpec[];
  kinds: Record<Kind, number>;
}

export interface Run {
  durationMs: number;
  objectives: number;
  clientMs: number;
}

/**
 * Vendors and contracts through the HTTP API; answers the series every objective reads. Contracts
 * take effect a day before the data starts: an earlier start would leave months of empty periods for
 * the passes to close (a few per contract and pass), which would land in the warm ticks.
 */
export async function createContracts(
  base: string,
  objectives: number,
  sliceMinutes: number,
  period: (i: number) => string,
  effectiveFrom: string,
): Promise<Setup> {
  const contracts = Math.ceil(objectives / PER_CONTRACT);
  const vendors = Math.ceil(contracts / CONTRACTS_PER_VENDOR);
  for (let v = 0; v < vendors; v++) {
    await api(base, 'PUT', `/api/v1/vendors/${vendorKey(v)}`, ADMIN, { name: `Bench vendor ${v}` });
  }
  const series: SeriesSpec[] = [];
  const kinds: Record<Kind, number> = { ratio: 0, timeslice: 0, avg: 0, max: 0, p95: 0, freshness: 0 };
  for (let c = 0; c < contracts; c++) {
    const vendor = vendorKey(Math.floor(c / CONTRACTS_PER_VENDOR));
    const list: Array<Record<string, unknown>> = [];
    for (let j = 0; j < PER_CONTRACT && c * PER_CONTRACT + j < objectives; j++) {
      const i = c * PER_CONTRACT + j;
      const kind = MIX[i % MIX.length];
      kinds[kind]++;
      const m = `c${c}_o${j}`;
      const common = { key: `o${j}`, title: `Objective ${j} (${kind})`, period: period(i) };
      switch (kind) {
        case 'ratio':
          series.push({ vendor, metric: `${m}_good`, data: Data.Good });
          series.push({ vendor, metric: `${m}_total`, data: Data.Total });
          list.push({
            ...common,
            indicator: { kind: 'ratio', good: `${m}_good`, total: `${m}_total` },
            objective: '>= 99.9%',
          });
          break;
        case 'timeslice':
          series.push({ vendor, metric: `${m}_up`, data: Data.Up });
          list.push({
            ...common,
            indicator: {
              kind: 'timeslice',
              metric: `${m}_up`,
              slice: `${sliceMinutes}m`,
              aggregate: 'min',
              good: '>= 1',
            },
            objective: '>= 99.5%',
          });
          break;
        case 'avg':
        case 'max':
        case 'p95':
          series.push({ vendor, metric: `${m}_ms`, data: Data.Latency });
          list.push({
            ...common,
            indicator: { kind: 'threshold', metric: `${m}_ms`, aggregate: kind },
            objective: kind === 'avg' ? '<= 300' : kind === 'max' ? '<= 450' : '<= 390',
          });
          break;
        case 'freshness':
          series.push({ vendor, metric: `${m}_beat`, data: Data.Beat });
          list.push({
            ...common,
            indicator: { kind: 'freshness', metric: `${m}_beat`, maxAge: '15m' },
            objective: '>= 99%',
          });
          break;
      }
    }
    await api(base, 'PUT', `/api/v1/contracts/bench-${c}`, ADMIN, {
      apiVersion: 'sla-sentinel/v1',
      kind: 'Contract',
      metadata: { key: `bench-${c}`, title: `Bench contract ${c}` },
      spec: { vendor, timezone: TIMEZONE, effective: { from: effectiveFrom }, objectives: list },
    });
  }
  return { contracts, vendors, objectives, series, kinds };
}

export const vendorKey = (v: number) => `bench-vendor-${v}`;

/**
 * Bulk loader: one series per metric, samples with INSERT … SELECT generate_series. Each load step
 * is one day (24 h ending at a whole minute) of every series and records one `ingest_batches` row per (series, day), the
 * size of a real batch (1 440 or 288 samples), so the roll-up folds them in its usual steps of 500.
 */
export class Loader {
  private constructor(
    private readonly client: Client,
    private readonly stepSeconds: number,
  ) {}

  static async open(url: string, setup: Setup, stepSeconds: number): Promise<Loader> {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`SET work_mem = '512MB'`);
    await client.query(`SET synchronous_commit = off`);
    await client.query(
      `INSERT INTO series (vendor_id, metric, labels, labels_key)
       SELECT v.id, t.m, '{}', '' FROM unnest($1::text[], $2::text[]) AS t(k, m) JOIN vendors v ON v.key = t.k`,
      [setup.series.map((s) => s.vendor), setup.series.map((s) => s.metric)],
    );
    await client.query(
      `CREATE TEMP TABLE bench_series AS
       SELECT (row_number() OVER (ORDER BY se.id) - 1)::bigint AS idx, se.id AS series_id, se.vendor_id, t.d AS kind
         FROM unnest($1::text[], $2::text[], $3::int[]) AS t(k, m, d)
         JOIN vendors v ON v.key = t.k JOIN series se ON se.vendor_id = v.id AND se.metric = t.m`,
      [setup.series.map((s) => s.vendor), setup.series.map((s) => s.metric), setup.series.map((s) => s.data)],
    );
    return new Loader(client, stepSeconds);
  }

  /** The month partitions over [fromMs, toMs], created as SamplesRepository.ensurePartitions does. */
  async partitions(fromMs: number, toMs: number): Promise<void> {
    for (const p of monthPartitionsBetween(fromMs, toMs)) {
      const bounds = `FOR VALUES FROM ('${p.from}') TO ('${p.to}')`;
      await this.client.query(`CREATE TABLE IF NOT EXISTS ${p.name} PARTITION OF samples ${bounds}`);
      await this.client.query(
        `CREATE TABLE IF NOT EXISTS ${p.name.replace('samples_', 'sample_chunks_')} PARTITION OF sample_chunks ${bounds}`,
      );
    }
  }

  /** Samples in (fromMs, toMs], one step per day (oldest first); answers the rows inserted. */
  async load(fromMs: number, toMs: number): Promise<number> {
    let rows = 0;
    for (let dayEnd = fromMs + DAY_MS; dayEnd <= toMs; dayEnd += DAY_MS) {
      const first = dayEnd - DAY_MS + this.stepSeconds * 1000;
      const points = DAY_MS / 1000 / this.stepSeconds;
      const batch = await this.client.query<{ first: string; last: string; n: string }>(
        `WITH b AS (
           INSERT INTO ingest_batches (vendor_id, received_at, submitted)
           SELECT vendor_id, now(), $1 FROM bench_series ORDER BY idx RETURNING id
         ) SELECT min(id) AS first, max(id) AS last, count(*) AS n FROM b`,
        [points],
      );
      const { first: firstBatch, last, n } = batch.rows[0];
      // Identity values of one statement are consecutive and follow the ORDER BY.
      if (BigInt(last) - BigInt(firstBatch) + 1n !== BigInt(n))
        throw new Error('batch ids are not consecutive');
      // k: the step index; minute: the minute index. Values: ratio total 100 per step, good 100 except
      // ~1 step in 1 000 (90); up 1 except ~1 step in 2 000; latency integer 50..400; the freshness
      // beat every step except a 30-minute gap every 4 days.
      const inserted = await this.client.query(
        `INSERT INTO samples (series_id, ts, value, batch_id)
         SELECT s.series_id, t.ts,
                CASE s.kind
                  WHEN ${Data.Total} THEN 100
                  WHEN ${Data.Good} THEN CASE WHEN (t.k + s.idx * 37) % 1009 = 0 THEN 90 ELSE 100 END
                  WHEN ${Data.Up} THEN CASE WHEN (t.k + s.idx * 41) % 1999 = 0 THEN 0 ELSE 1 END
                  WHEN ${Data.Latency} THEN 50 + (t.k * 31 + s.idx * 17) % 351
                  ELSE 1
                END,
                $3::bigint + s.idx
           FROM bench_series s
           CROSS JOIN (SELECT g AS ts, extract(epoch FROM g)::bigint / $4::int AS k, extract(epoch FROM g)::bigint / 60 AS minute
                         FROM generate_series($1::timestamptz, $2::timestamptz, make_interval(secs => $4::int)) AS g) AS t
          WHERE NOT (s.kind = ${Data.Beat} AND (t.minute + s.idx * 53) % 5760 < 30)
          ORDER BY s.idx, t.ts`,
        [new Date(first).toISOString(), new Date(dayEnd).toISOString(), firstBatch, this.stepSeconds],
      );
      rows += inserted.rowCount ?? 0;
    }
    return rows;
  }

  /**
   * What autovacuum does shortly after writes (and does not do at all on a server with autovacuum off):
   * planner statistics, the visibility map, and the summaries of the new `samples_batch_brin` ranges
   * (unsummarized ranges match every batch, so each roll-up step would read every page loaded since).
   */
  async vacuum(tables: string): Promise<number> {
    const t0 = performance.now();
    await this.client.query(`VACUUM (ANALYZE) ${tables}`);
    return performance.now() - t0;
  }

  async autovacuum(): Promise<string> {
    const r = await this.client.query<{ autovacuum: string }>('SHOW autovacuum');
    return r.rows[0].autovacuum;
  }

  async statuses(): Promise<string> {
    const r = await this.client.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM objective_evaluations GROUP BY status ORDER BY status`,
    );
    return r.rows.map((x) => `${x.status} ${x.n}`).join(', ');
  }

  async pending(): Promise<number> {
    const r = await this.client.query<{ n: string }>(`SELECT count(*) AS n FROM ingest_batches`);
    return Number(r.rows[0].n);
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/** A fresh database; with BENCH_EXPLAIN_MS, its sessions log slow statements' plans (auto_explain). */
export async function database(server: string) {
  const db = await freshDatabase(server);
  const explainMs = Number(process.env.BENCH_EXPLAIN_MS ?? 0);
  if (explainMs > 0) {
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    const name = new URL(db.url).pathname.slice(1);
    await admin.query(`ALTER DATABASE ${name} SET session_preload_libraries = 'auto_explain'`);
    await admin.query(`ALTER DATABASE ${name} SET auto_explain.log_min_duration = ${explainMs}`);
    await admin.query(`ALTER DATABASE ${name} SET auto_explain.log_analyze = on`);
    await admin.query(`ALTER DATABASE ${name} SET auto_explain.log_buffers = on`);
    await admin.query(`ALTER DATABASE ${name} SET auto_explain.log_timing = off`);
    await admin.end();
  }
  return db;
}

/** POST /api/v1/evaluations with node:http: no client timeout (a cold pass may take minutes). */
export function evaluate(base: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      `${base}/api/v1/evaluations`,
      { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          const clientMs = performance.now() - t0;
          if (res.statusCode !== 200) {
            reject(new Error(`POST /api/v1/evaluations: ${res.statusCode} ${body.slice(0, 2000)}`));
            return;
          }
          const answer = JSON.parse(body) as { durationMs: number; objectives: number };
          resolve({ durationMs: answer.durationMs, objectives: answer.objectives, clientMs });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function describe(name: string, setup: Setup): void {
  const k = setup.kinds;
  line(
    `${name} objectives`,
    `${setup.objectives} on ${setup.contracts} contracts, ${setup.vendors} vendors: ${k.ratio} ratio, ` +
      `${k.timeslice} timeslice, ${k.avg} avg, ${k.max} max, ${k.p95} p95, ${k.freshness} freshness`,
  );
  line(`${name} series (one per metric)`, `${setup.series.length}`);
}

export const seconds = (ms: number) => (ms / 1000).toFixed(1);
export const rate = (rows: number, ms: number) =>
  `${rows} rows in ${(ms / 1000).toFixed(1)} s (${Math.round(rows / (ms / 1000))} rows/s)`;
