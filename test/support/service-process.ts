import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';

// The compiled service (dist/src/main.js) as a real child process: what an operator runs, signals
// and all. Used by the tests that need a process boundary (faults, a real Prometheus).

export const ROOT = resolve(__dirname, '../..');

export interface ServiceProcess {
  base: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal) once the process has gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`; removes the data folder. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServiceOptions {
  databaseUrl: string;
  env?: Record<string, string>;
  port?: number;
  /** Kept between starts of one scenario (e.g. a restart after kill -9); removed by stop() otherwise. */
  dataDir?: string;
  readyTimeoutMs?: number;
}

export async function startServiceProcess(options: ServiceOptions): Promise<ServiceProcess> {
  const main = join(ROOT, 'dist/src/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'sla-service-')));
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const base = `http://127.0.0.1:${port}`;
  await waitReady(base, child, () => out, options.readyTimeoutMs ?? 60_000);
  return {
    base,
    port,
    child,
    output: () => out,
    exited,
    async stop(graceMs = 15_000) {
      await stopChild(child, graceMs);
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function waitReady(
  base: string,
  child: ChildProcess,
  out: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${out()}`);
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the service was not ready within ${timeoutMs} ms:\n${out()}`);
}
