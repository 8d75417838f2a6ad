import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../src/database/embedded-postgres';

// The real entry point as `npm start` runs it: compiled, on the embedded PostgreSQL, with no
// environment but a data folder and a port. Slow (a build and two cold starts), so one file.
const root = resolve(__dirname, '..');
const main = join(root, 'dist/src/main.js');

async function waitReady(port: number, child: ChildProcess, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready within ${limitMs} ms`);
}

function collect(child: ChildProcess): () => string {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return () => out;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((r) =>
    child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code)),
  );
}

describe('the service process', () => {
  let dataDir: string;

  beforeAll(async () => {
    await promisify(execFile)(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: root,
      },
    );
    dataDir = await mkdtemp(join(tmpdir(), 'sla-process-'));
  }, 120_000);
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = (env: Record<string, string>) =>
    spawn(process.execPath, [main], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('runs the packaged CLI (npx sla-sentinel) on the compiled tree', async () => {
    const cli = spawn(
      process.execPath,
      [join(root, 'bin/sla-sentinel.js'), 'validate', 'docs/examples/contract.yaml'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output = collect(cli);
    expect(await exited(cli)).toBe(0);
    expect(output()).toContain('valid contract acme-it-2027');
  });

  it('exits non-zero with one line naming PORT when PORT=abc', async () => {
    const child = start({ PORT: 'abc', DATA_DIR: dataDir });
    const output = collect(child);
    expect(await exited(child)).not.toBe(0);
    const lines = output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
  });

  it('starts on the embedded PostgreSQL, prints the admin token once, and stops cleanly on SIGTERM, twice', async () => {
    const port = await freePort();
    const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir };

    const first = start(env);
    const firstOut = collect(first);
    const coldMs = await waitReady(port, first, 30_000);
    const token = /"adminToken":"(sla_admin_[A-Za-z0-9_-]{43})"/.exec(firstOut())?.[1];
    expect(token).toBeDefined();
    const vendors = await fetch(`http://127.0.0.1:${port}/api/v1/vendors`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(vendors.status).toBe(200);
    first.kill('SIGTERM');
    expect(await exited(first)).toBe(0);

    const second = start(env);
    const secondOut = collect(second);
    const warmMs = await waitReady(port, second, 10_000);
    expect(secondOut()).not.toContain('adminToken');
    // The token from the first start still works: the data (and the hashing secret) persisted.
    const again = await fetch(`http://127.0.0.1:${port}/api/v1/vendors`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(again.status).toBe(200);
    second.kill('SIGINT');
    expect(await exited(second)).toBe(0);
    // The request above was logged (JSON lines), its bearer token was not.
    expect(secondOut()).toContain('"path":"/api/v1/vendors","status":200');
    expect(secondOut()).not.toContain(token);
    process.stdout.write(`start-up to ready: first ${coldMs} ms, next ${warmMs} ms\n`);
  }, 60_000);

  it('recovers from a killed predecessor that left its embedded PostgreSQL running', async () => {
    const port = await freePort();
    const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir };
    const victim = start(env);
    await waitReady(port, victim, 30_000);
    victim.kill('SIGKILL');
    await exited(victim);
    const next = start(env);
    await waitReady(port, next, 15_000);
    next.kill('SIGTERM');
    expect(await exited(next)).toBe(0);
  }, 60_000);
});
