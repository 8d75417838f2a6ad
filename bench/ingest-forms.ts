import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { monthPartitionsBetween } from '../src/ingest/domain/partitions';
import { batchParams, INSERT_NEW_BATCH } from '../src/ingest/sample-batch.sql';
import { arg, freshDatabase, line } from './support';

// Which write form is cheapest for PostgreSQL per sample, on the real schema (migrations applied):
// the service's INSERT … unnest statement against a COPY per request (text or binary, with its batch
// row in the same transaction), at several sizes of statement and numbers of connections. Prints
// rows/s and the CPU every postgres process spent per row (from /proc: the server must run on this
// machine), beside a raw COPY into a plain table, all in one run. No HTTP, no JSON: the database side
// of bench:ingest's gap (bench/README.md).

const ROWS = arg('rows', 1_000_000);
const START = Date.UTC(2026, 0, 1);
const VENDOR = '00000000-0000-4000-8000-000000000001';
/** PostgreSQL's epoch, in microseconds of the Unix one (binary COPY timestamps count from it). */
const PG_EPOCH_US = BigInt(Date.UTC(2000, 0, 1)) * 1000n;

/** CPU time of every postgres process on this machine so far, µs (utime + stime, clock ticks of 10 ms). */
function postgresCpuUs(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks * 10_000;
}

/** A request's values: one sample per series at `minute`, with fractions (parsed, not just copied). */
const valuesAt = (n: number, minute: number) =>
  Float64Array.from({ length: n }, (_, i) => ((minute * 7 + i) % 1000) + 0.25 * (i % 4));

type Write = (c: Client, series: number[], minute: number) => Promise<void>;

const insertForm: Write = async (c, series, minute) => {
  const iso = new Date(START + minute * 60_000).toISOString();
  const columns = {
    count: series.length,
    seriesIds: `{${series.join(',')}}`,
    stamps: `{"${iso}"}`,
    stampOf: `{${series.map(() => 1).join(',')}}`,
    values: `{${Array.from(valuesAt(series.length, minute)).join(',')}}`,
    newest: iso,
    oldest: iso,
    protocol: 'json',
  };
  await c.query({ name: 'insert', text: INSERT_NEW_BATCH, values: batchParams(VENDOR, columns, new Date()) });
};

/** BEGIN, the batch row, one COPY of the request's rows (`body` builds them), COMMIT. */
const copyForm =
  (format: 'binary' | 'text', partition: boolean): Write =>
  async (c, series, minute) => {
    const at = START + minute * 60_000;
    const iso = new Date(at).toISOString();
    await c.query('BEGIN');
    const batch = await c.query<{ id: string }>({
      name: 'batch',
      text: `INSERT INTO ingest_batches (vendor_id, received_at, submitted, protocol, newest_at, oldest_at)
             VALUES ($1, $2, $3, 'json', $4, $4) RETURNING id`,
      values: [VENDOR, new Date(), series.length, iso],
    });
    const id = Number(batch.rows[0].id);
    const values = valuesAt(series.length, minute);
    const body = format === 'binary' ? binaryRows(series, at, values, id) : textRows(series, iso, values, id);
    const table = partition ? monthPartitionsBetween(at, at)[0].name : 'samples';
    const options = format === 'binary' ? ' (FORMAT binary)' : '';
    await pipeline(
      Readable.from([body]),
      c.query(copyFrom(`COPY ${table} (series_id, ts, value, batch_id) FROM STDIN${options}`)),
    );
    await c.query('COMMIT');
  };

function textRows(series: number[], iso: string, values: Float64Array, batch: number): string {
  let s = '';
  for (let i = 0; i < series.length; i++) s += `${series[i]}\t${iso}\t${values[i]}\t${batch}\n`;
  return s;
}

/** COPY's binary format: header, then per row 4 fields of (int32 length, big-endian bytes), trailer. */
function binaryRows(series: number[], atMs: number, values: Float64Array, batch: number): Buffer {
  const buf = Buffer.allocUnsafe(19 + series.length * 50 + 2);
  buf.write('PGCOPY\n\xff\r\n\0', 0, 'latin1');
  buf.writeInt32BE(0, 11);
  buf.writeInt32BE(0, 15);
  const ts = BigInt(atMs) * 1000n - PG_EPOCH_US;
  const tsHigh = Number(ts >> 32n);
  const tsLow = Number(ts & 0xffffffffn);
  let o = 19;
  for (let i = 0; i < series.length; i++, o += 50) {
    buf.writeInt16BE(4, o);
    buf.writeInt32BE(8, o + 2);
    buf.writeInt32BE(Math.floor(series[i] / 2 ** 32), o + 6);
    buf.writeUInt32BE(series[i] >>> 0, o + 10);
    buf.writeInt32BE(8, o + 14);
    buf.writeInt32BE(tsHigh, o + 18);
    buf.writeUInt32BE(tsLow, o + 22);
    buf.writeInt32BE(8, o + 26);
    buf.writeDoubleBE(values[i], o + 30);
    buf.writeInt32BE(8, o + 38);
    buf.writeInt32BE(Math.floor(batch / 2 ** 32), o + 42);
    buf.writeUInt32BE(batch >>> 0, o + 46);
  }
  buf.writeInt16BE(-1, o);
  return buf;
}

/** Minutes already written: each run writes new (series, ts) keys. */
let nextMinute = 0;

async function measure(
  url: string,
  write: Write,
  perStatement: number,
  connections: number,
): Promise<{ rate: number; pgUs: number }> {
  const series = Array.from({ length: perStatement }, (_, i) => i + 1);
  const requests = Math.ceil(ROWS / perStatement);
  const first = nextMinute;
  nextMinute += requests + 10;
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  let next = 0;
  const cpu0 = postgresCpuUs();
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      while (next < requests) await write(c, series, first + next++);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const pgUs = postgresCpuUs() - cpu0;
  await Promise.all(clients.map((c) => c.end()));
  return { rate: (requests * perStatement) / seconds, pgUs: pgUs / (requests * perStatement) };
}

async function copyBaseline(url: string): Promise<{ rate: number; pgUs: number }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query(
    'CREATE TABLE bench_copy (series_id int, ts timestamptz, value float8, PRIMARY KEY (series_id, ts))',
  );
  const chunks: string[] = [];
  for (let i = 0; i < ROWS; i += 10_000) {
    let s = '';
    for (let j = i; j < Math.min(ROWS, i + 10_000); j++)
      s += `${j % 1000}\t${new Date(START + Math.floor(j / 1000) * 60_000).toISOString()}\t${j % 1000}\n`;
    chunks.push(s);
  }
  const cpu0 = postgresCpuUs();
  const t0 = performance.now();
  await pipeline(Readable.from(chunks), c.query(copyFrom('COPY bench_copy FROM STDIN')));
  const seconds = (performance.now() - t0) / 1000;
  const pgUs = postgresCpuUs() - cpu0;
  await c.end();
  return { rate: ROWS / seconds, pgUs: pgUs / ROWS };
}

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = await freshDatabase(server);
  try {
    const ds = await new DataSource(dataSourceOptions(db.url)).initialize();
    await ds.runMigrations({ transaction: 'each' });
    const months = monthPartitionsBetween(START, START + 400 * 86_400_000);
    for (const p of months)
      await ds.query(
        `CREATE TABLE IF NOT EXISTS ${p.name} PARTITION OF samples FOR VALUES FROM ('${p.from}') TO ('${p.to}')`,
      );
    await ds.destroy();
    const baseline = await copyBaseline(db.url);
    const show = (name: string, r: { rate: number; pgUs: number }) =>
      line(
        name,
        `${Math.round(r.rate)} rows/s (${(r.rate / baseline.rate).toFixed(2)} x COPY), postgres CPU ${r.pgUs.toFixed(2)} µs/row`,
      );
    show('raw COPY, plain table, 1 connection', baseline);
    const forms: Array<[string, Write]> = [
      ['INSERT unnest (the service)', insertForm],
      ['COPY binary into the partition', copyForm('binary', true)],
      ['COPY binary into samples', copyForm('binary', false)],
      ['COPY text into samples', copyForm('text', false)],
    ];
    for (const [perStatement, connections] of [
      [1000, 4],
      [3000, 2],
      [10_000, 2],
    ])
      for (const [name, write] of forms)
        show(
          `${name}, ${perStatement} rows x ${connections} conn.`,
          await measure(db.url, write, perStatement, connections),
        );
  } finally {
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
