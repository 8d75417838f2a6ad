import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';
import { stopChild } from '../support/service-process';

// The remote-write test's two real processes besides the service: a fixture exporter (labelled
// counters in the text format, one of which restarts once) and Debian's Prometheus scraping it every
// second and remote-writing everything it stores to the service with a vendor token.

export interface Exporter {
  target: string;
  scrapes(): number;
  /** From now on every scrape fails (503): Prometheus marks the series stale. */
  fail(): void;
  stop(): Promise<void>;
}

/**
 * `http_requests_total{code="200"}` grows by 7 a scrape, `{code="500"}` by 1, and the 500 counter
 * restarts from zero at scrape `resetAt` (a process restart, as Prometheus sees one).
 */
export async function startExporter(resetAt = 6): Promise<Exporter> {
  let served = 0;
  let failing = false;
  const server: Server = createServer((_req, res) => {
    if (failing) {
      res.writeHead(503).end();
      return;
    }
    served++;
    const errors = served < resetAt ? 100 + served : served - resetAt;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(
      [
        '# HELP http_requests_total Requests served.',
        '# TYPE http_requests_total counter',
        `http_requests_total{code="200",path="/api"} ${1000 + 7 * served}`,
        `http_requests_total{code="500",path="/api"} ${errors}`,
        '# HELP queue_depth Jobs waiting.',
        '# TYPE queue_depth gauge',
        `queue_depth ${served % 4}`,
        '',
      ].join('\n'),
    );
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    target: `127.0.0.1:${port}`,
    scrapes: () => served,
    fail: () => (failing = true),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Sender {
  base: string;
  /** Prometheus' own /metrics, parsed to `name{labels}` → value. */
  selfMetrics(): Promise<Map<string, number>>;
  get(path: string): Promise<any>;
  output(): string;
  stop(): Promise<void>;
}

export async function startSender(target: string, writeUrl: string, token: string): Promise<Sender> {
  const dir = await mkdtemp(join(tmpdir(), 'sla-remote-write-'));
  const port = await freePort();
  await writeFile(join(dir, 'token'), token);
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    'scrape_configs:',
    '  - job_name: fixture',
    '    static_configs:',
    `      - targets: [${JSON.stringify(target)}]`,
    'remote_write:',
    `  - url: ${JSON.stringify(writeUrl)}`,
    '    authorization:',
    `      credentials_file: ${JSON.stringify(join(dir, 'token'))}`,
    '    queue_config:',
    '      batch_send_deadline: 1s',
    '      min_backoff: 100ms',
    '      max_backoff: 1s',
    '    metadata_config:',
    '      send_interval: 1s',
    '',
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), config);
  const child = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (e) =>
      reject(new Error(`prometheus could not start (is it on PATH?): ${e.message}`)),
    );
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${out}`);
    if (
      await fetch(`${base}/-/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`prometheus was not ready within 30 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    async get(path) {
      const body = (await (await fetch(`${base}${path}`)).json()) as {
        status: string;
        data: any;
        error?: string;
      };
      if (body.status !== 'success') throw new Error(`${path}: ${body.error}`);
      return body.data;
    },
    async selfMetrics() {
      const text = await (await fetch(`${base}/metrics`)).text();
      const values = new Map<string, number>();
      for (const line of text.split('\n')) {
        const m = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
        if (m) values.set(m[1], Number(m[2]));
      }
      return values;
    },
    output: () => out,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Σ over the series of a metric family whose name starts with `prefix` (any labels). */
export function sumOf(metrics: Map<string, number>, name: string): number {
  let sum = 0;
  for (const [key, value] of metrics) if (key === name || key.startsWith(`${name}{`)) sum += value;
  return sum;
}
