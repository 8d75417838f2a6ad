import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';
import { ROOT, stopChild } from '../support/service-process';

// The real `prometheus` binary (Debian's package: /usr/bin/prometheus) on a free port with a temp
// TSDB, scraping one target every second and loading the project's alerting rules.

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface Prometheus {
  base: string;
  /** An instant query at the current time; throws on a PromQL error. */
  query(expr: string): Promise<Sample[]>;
  labelValues(label: string, match: string): Promise<string[]>;
  get(path: string): Promise<any>;
  output(): string;
  stop(): Promise<void>;
}

export async function startPrometheus(target: string): Promise<Prometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'sla-prometheus-'));
  const port = await freePort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    'rule_files:',
    `  - ${JSON.stringify(join(ROOT, 'prometheus/alerts.yml'))}`,
    'scrape_configs:',
    '  - job_name: sla-sentinel',
    '    metrics_path: /metrics',
    '    static_configs:',
    `      - targets: [${JSON.stringify(target)}]`,
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
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (e) =>
      reject(new Error(`prometheus could not start (is it on PATH?): ${e.message}`)),
    );
  });
  await spawned;

  const base = `http://127.0.0.1:${port}`;
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    const body = (await res.json()) as { status: string; data: any; error?: string };
    if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? res.status}`);
    return body.data;
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${out}`);
    try {
      if ((await fetch(`${base}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`prometheus was not ready within 30 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    get,
    query: async (expr) => {
      const data = await get(`/api/v1/query?query=${encodeURIComponent(expr)}`);
      if (data.resultType !== 'vector') throw new Error(`${expr}: a ${data.resultType}, not a vector`);
      return data.result as Sample[];
    },
    labelValues: async (label, match) =>
      (await get(
        `/api/v1/label/${encodeURIComponent(label)}/values?match[]=${encodeURIComponent(match)}`,
      )) as string[],
    output: () => out,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until Prometheus holds at least `count` successful scrapes of the target from the last minute. */
export async function waitForScrapes(prometheus: Prometheus, count: number, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  let seen = 0;
  while (Date.now() < deadline) {
    const [up] = await prometheus.query('sum_over_time(up{job="sla-sentinel"}[1m])');
    seen = up ? Number(up.value[1]) : 0;
    if (seen >= count) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  const targets = await prometheus.get('/api/v1/targets');
  throw new Error(
    `${seen} of ${count} scrapes within ${limitMs} ms; targets: ${JSON.stringify(targets.activeTargets)}`,
  );
}
