import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { compressSync } from 'snappy';
import { parse, stringify } from 'yaml';
import { loadProto } from '../src/ingest/remote-write/remote-write.proto';
import { statementRates } from './ingest-statements';
import { ADMIN, api, arg, freshDatabase, line, percentile, ROOT, startService } from './support';

// npm run bench:ingest [-- --seconds 60 --clients 4 --batch 1000 --series 1000 --rw-batch 2000]
// Batched ingest through the real service vs raw COPY of as many rows into the same server, then the
// latency at half that load and single-sample requests per second, then Prometheus remote-write
// (snappy protobuf, the same series shape) at full and half load (targets: docs/performance.md); last,
// the service's insert statements alone on as many rows (where the gap to COPY goes).

const SECONDS = arg('seconds', 60);
const CLIENTS = arg('clients', 4);
const BATCH = arg('batch', 1000);
const SERIES = arg('series', 1000);
const RW_BATCH = arg('rw-batch', 2000);

const WRITE_REQUEST = loadProto('prometheus/remote.proto').lookupType('prometheus.WriteRequest');

interface Load {
  samples: number;
  requests: number;
  latencies: number[];
  seconds: number;
}

/** Batch k: every series once, at minute k from `startMs`, so no two batches collide. */
function batchBody(k: number, startMs: number): string {
  const ts = new Date(startMs + k * 60_000).toISOString();
  const parts: string[] = [];
  for (let i = 0; i < BATCH; i++) {
    const s = i % SERIES;
    parts.push(
      `{"metric":"bench_metric_${s % 10}","value":${(k * 7 + i) % 1000},"timestamp":"${ts}","labels":{"instance":"i${s}"}}`,
    );
  }
  return `{"samples":[${parts.join(',')}]}`;
}

/** Remote-write batch k: RW_BATCH series, one sample each at minute k, snappy-compressed protobuf. */
function writeRequest(k: number, startMs: number): Buffer {
  const timestamp = startMs + k * 60_000;
  const timeseries = [];
  for (let i = 0; i < RW_BATCH; i++) {
    const s = i % SERIES;
    timeseries.push({
      labels: [
        { name: '__name__', value: `bench_gauge_${s % 10}` },
        { name: 'instance', value: `i${s}` },
      ],
      samples: [{ value: (k * 7 + i) % 1000, timestamp }],
    });
  }
  return compressSync(Buffer.from(WRITE_REQUEST.encode(WRITE_REQUEST.fromObject({ timeseries })).finish()));
}

interface Request {
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

const jsonRequest = (body: string): Request => ({
  path: '/api/v1/samples',
  headers: { 'content-type': 'application/json' },
  body,
});

const remoteWrite = (body: Buffer): Request => ({
  path: '/api/v1/write',
  headers: {
    'content-type': 'application/x-protobuf',
    'content-encoding': 'snappy',
    'x-prometheus-remote-write-version': '0.1.0',
  },
  body,
});

async function load(
  base: string,
  token: string,
  seconds: number,
  clients: number,
  make: (k: number) => Request,
  perClientRate?: number,
): Promise<Load> {
  const result: Load = { samples: 0, requests: 0, latencies: [], seconds };
  const deadline = Date.now() + seconds * 1000;
  let next = 0;
  const client = async () => {
    const started = Date.now();
    let sent = 0;
    while (Date.now() < deadline) {
      if (perClientRate) {
        const due = started + (sent * 1000) / perClientRate;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
      const request = make(next++);
      const t0 = performance.now();
      const res = await fetch(`${base}${request.path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...request.headers },
        body: request.body,
      });
      const answer = (await res.json()) as {
        accepted?: number;
        duplicates?: number;
        rejected?: unknown[] | number;
      };
      result.latencies.push(performance.now() - t0);
      const rejected = Array.isArray(answer.rejected) ? answer.rejected.length : (answer.rejected ?? 0);
      if (!res.ok || rejected > 0)
        throw new Error(`ingest failed: ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
      result.samples += (answer.accepted ?? 0) + (answer.duplicates ?? 0);
      result.requests++;
      sent++;
    }
  };
  await Promise.all([...Array(clients).keys()].map(client));
  result.latencies.sort((a, b) => a - b);
  return result;
}

/** Single-sample pushes with autocannon (a lighter client than fetch), each a new timestamp. */
async function singleSamples(base: string, token: string, seconds: number) {
  const startMs = Date.now() - 60 * 86_400_000;
  let n = 0;
  const result = await autocannon({
    url: `${base}/api/v1/samples`,
    method: 'POST',
    connections: 16,
    duration: seconds,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const i = n++;
          const ts = new Date(startMs + Math.floor(i / SERIES) * 1000).toISOString();
          request.body = `{"samples":[{"metric":"single","value":${i % 100},"timestamp":"${ts}","labels":{"instance":"i${i % SERIES}"}}]}`;
          return request;
        },
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`single-sample run: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rate: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function copyBaseline(url: string, rows: number): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(
    'CREATE TABLE bench_copy (series_id int, ts timestamptz, value float8, PRIMARY KEY (series_id, ts))',
  );
  const startMs = Date.UTC(2026, 0, 1);
  let i = 0;
  const source = Readable.from(
    (function* () {
      while (i < rows) {
        const chunk: string[] = [];
        for (let j = 0; j < 10_000 && i < rows; j++, i++) {
          chunk.push(
            `${i % SERIES}\t${new Date(startMs + Math.floor(i / SERIES) * 60_000).toISOString()}\t${i % 1000}\n`,
          );
        }
        yield chunk.join('');
      }
    })(),
  );
  const t0 = performance.now();
  await pipeline(source, client.query(copyFrom('COPY bench_copy FROM STDIN')));
  const seconds = (performance.now() - t0) / 1000;
  await client.end();
  return rows / seconds;
}

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = await freshDatabase(server);
  const service = await startService(db.url);
  try {
    await api(service.base, 'PUT', '/api/v1/vendors/acme', ADMIN, { name: 'Acme' });
    const contract = parse(readFileSync(join(ROOT, 'docs/examples/contract.yaml'), 'utf8')) as {
      spec: Record<string, unknown>;
    };
    // Before the oldest timestamp pushed (120 days back), within the 400 days a start may lie behind.
    contract.spec.effective = { from: new Date(Date.now() - 150 * 86_400_000).toISOString().slice(0, 10) };
    await api(
      service.base,
      'PUT',
      '/api/v1/contracts/acme-it-2027',
      ADMIN,
      stringify(contract),
      'application/yaml',
    );
    const { token } = (await api(service.base, 'POST', '/api/v1/vendors/acme/api-keys', ADMIN, {})) as {
      token: string;
    };
    // Far enough back that SECONDS of load at any plausible rate stays in the past.
    const startMs = Date.now() - 120 * 86_400_000;
    let k = 0;
    const json = () => jsonRequest(batchBody(k++, startMs));
    await load(service.base, token, 3, CLIENTS, json); // warm-up: series, partitions, JIT

    const full = await load(service.base, token, SECONDS, CLIENTS, json);
    const rate = full.samples / full.seconds;
    const copyRate = await copyBaseline(db.url, full.samples);

    const halfRequestsPerClient = rate / 2 / BATCH / CLIENTS;
    const half = await load(service.base, token, Math.min(30, SECONDS), CLIENTS, json, halfRequestsPerClient);

    const single = await singleSamples(service.base, token, Math.min(20, SECONDS));

    // Remote-write: its own minutes (after the JSON ones), so no sample is a duplicate.
    const rwStart = startMs + (k + 10) * 60_000;
    let r = 0;
    const rw = () => remoteWrite(writeRequest(r++, rwStart));
    await load(service.base, token, 3, CLIENTS, rw);
    const rwFull = await load(service.base, token, SECONDS, CLIENTS, rw);
    const rwRate = rwFull.samples / rwFull.seconds;
    const rwHalf = await load(
      service.base,
      token,
      Math.min(30, SECONDS),
      CLIENTS,
      rw,
      rwRate / 2 / RW_BATCH / CLIENTS,
    );

    // Its own minutes after remote-write's, so every row is new to the plain INSERT.
    const statements = await statementRates(
      db.url,
      'acme',
      rwStart + (r + 10) * 60_000,
      full.samples,
      CLIENTS,
    );

    line(
      'batched ingest (samples/s)',
      `${Math.round(rate)}  (${CLIENTS} clients x ${BATCH}/request, ${SECONDS} s; target >= 50000)`,
    );
    line('raw COPY, same rows, same server (rows/s)', `${Math.round(copyRate)}`);
    line('ratio ingest / COPY', `${(rate / copyRate).toFixed(2)}  (target >= 0.40; issue 17: >= 0.60)`);
    line(
      'the insert statement alone, only-new rows (rows/s)',
      `${Math.round(statements.newOnly)}  (${CLIENTS} connections, no HTTP/JSON/checks; ${(statements.newOnly / copyRate).toFixed(2)} x COPY)`,
    );
    line(
      'the insert statement alone, ON CONFLICT (rows/s)',
      `${Math.round(statements.tolerant)}  (${(statements.tolerant / copyRate).toFixed(2)} x COPY)`,
    );
    line(
      'latency at full load p50 / p99 (ms)',
      `${percentile(full.latencies, 50).toFixed(1)} / ${percentile(full.latencies, 99).toFixed(1)}`,
    );
    line(
      'latency at half load p50 / p99 (ms)',
      `${percentile(half.latencies, 50).toFixed(1)} / ${percentile(half.latencies, 99).toFixed(1)}  (target p99 <= 250)`,
    );
    line(
      'single-sample requests (req/s)',
      `${Math.round(single.rate)}  (autocannon, 16 connections; target >= 2000)`,
    );
    line('single-sample latency p50 / p99 (ms)', `${single.p50} / ${single.p99}`);
    line(
      'remote-write (samples/s)',
      `${Math.round(rwRate)}  (${CLIENTS} senders x ${RW_BATCH}/request; target >= 100000 and >= the JSON path)`,
    );
    line('ratio remote-write / JSON path', `${(rwRate / rate).toFixed(2)}  (target >= 1.00)`);
    line('ratio remote-write / COPY', (rwRate / copyRate).toFixed(2));
    line(
      'remote-write latency at half load p50 / p99 (ms)',
      `${percentile(rwHalf.latencies, 50).toFixed(1)} / ${percentile(rwHalf.latencies, 99).toFixed(1)}  (target p99 <= 250)`,
    );
  } finally {
    await service.stop();
    await db.drop();
  }
}

main().catch((error) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
