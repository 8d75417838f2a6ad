import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ADMIN, api, arg, freshDatabase, line, ROOT, startService } from './support';

// npm run bench:remote-write [-- --series 10000 --minutes 3]
// A real Prometheus (Debian's) scrapes SERIES labelled counters every 15 s and remote-writes them to
// the service (evaluation passes on, as in production). Reports whether the service keeps up (the
// sender's pending samples do not grow, nothing fails) and the service's CPU share.

const SERIES = arg('series', 10_000);
const MINUTES = arg('minutes', 3);
const SCRAPE_S = 15;

/** The service's user + system CPU seconds so far (Linux /proc; clock ticks of 100 Hz). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** SERIES counters that each grow by 1–10 per scrape. */
async function startExporter(): Promise<{ target: string; close(): void }> {
  let scrape = 0;
  const server = createServer((_req, res) => {
    scrape++;
    const lines = ['# TYPE bench_requests_total counter'];
    for (let i = 0; i < SERIES; i++) {
      lines.push(
        `bench_requests_total{instance="i${i}",code="${i % 5 === 0 ? '500' : '200'}"} ${scrape * (1 + (i % 10))}`,
      );
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`${lines.join('\n')}\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { target: `127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function selfMetrics(base: string): Promise<Map<string, number>> {
  const values = new Map<string, number>();
  for (const l of (await (await fetch(`${base}/metrics`)).text()).split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{[^}]*\})? (\S+)$/.exec(l);
    if (m) values.set(m[1], (values.get(m[1]) ?? 0) + Number(m[2]));
  }
  return values;
}

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = await freshDatabase(server);
  const service = await startService(db.url, { SCHEDULER_ENABLED: 'true' });
  const exporter = await startExporter();
  const dir = await mkdtemp(join(tmpdir(), 'sla-rw-soak-'));
  try {
    await api(service.base, 'PUT', '/api/v1/vendors/acme', ADMIN, { name: 'Acme' });
    const contract = parse(readFileSync(join(ROOT, 'docs/examples/contract.yaml'), 'utf8')) as {
      spec: Record<string, unknown>;
    };
    contract.spec.effective = { from: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10) };
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
    await writeFile(join(dir, 'token'), token);
    await writeFile(
      join(dir, 'prometheus.yml'),
      [
        'global:',
        `  scrape_interval: ${SCRAPE_S}s`,
        'scrape_configs:',
        '  - job_name: vendor',
        '    static_configs:',
        `      - targets: [${JSON.stringify(exporter.target)}]`,
        'remote_write:',
        `  - url: ${JSON.stringify(`${service.base}/api/v1/write`)}`,
        '    authorization:',
        `      credentials_file: ${JSON.stringify(join(dir, 'token'))}`,
        '',
      ].join('\n'),
    );
    const promPort = 19_000 + Math.floor(Math.random() * 1000);
    const prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      { stdio: 'ignore' },
    );
    const promBase = `http://127.0.0.1:${promPort}`;
    try {
      const cpu0 = cpuSeconds(service.child.pid!);
      const t0 = Date.now();
      const pending: number[] = [];
      let last = new Map<string, number>();
      while (Date.now() - t0 < MINUTES * 60_000) {
        await new Promise((r) => setTimeout(r, SCRAPE_S * 1000));
        last = await selfMetrics(promBase).catch(() => last);
        pending.push(last.get('prometheus_remote_storage_samples_pending') ?? Number.NaN);
      }
      const cpu = cpuSeconds(service.child.pid!) - cpu0;
      const wall = (Date.now() - t0) / 1000;
      const sent = last.get('prometheus_remote_storage_samples_total') ?? 0;
      line('series, scrape interval', `${SERIES}, ${SCRAPE_S} s, ${MINUTES} min`);
      line('samples sent by Prometheus', `${sent}  (${Math.round(sent / wall)}/s)`);
      line(
        'failed / retried / dropped',
        `${last.get('prometheus_remote_storage_samples_failed_total') ?? 0} / ${last.get('prometheus_remote_storage_samples_retried_total') ?? 0} / ${last.get('prometheus_remote_storage_samples_dropped_total') ?? 0}`,
      );
      line('sender pending samples, every 15 s', pending.join(' '));
      line(
        'service CPU share',
        `${((100 * cpu) / wall).toFixed(1)} % of one core (${((50 * cpu) / wall).toFixed(1)} % of the machine's 2)`,
      );
    } finally {
      prometheus.kill('SIGTERM');
    }
  } finally {
    exporter.close();
    await service.stop();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
