import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { DataSource } from 'typeorm';
import { AccessService } from '../../src/access/access.service';
import { createApp } from '../../src/app.factory';
import { Clock } from '../../src/common/clock';
import { type AppConfig, loadConfig } from '../../src/config/config';
import { createTestDatabase, type TestDatabase } from './test-database';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  config: AppConfig;
  dataSource: DataSource;
  request(options: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
  /** Travels in time: the app's Clock answers this instant until reset (undefined = the real clock). */
  setNow(at: Date | undefined): void;
  /** Empties every table but the migrations', so each test starts clean (the admin key is re-created). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The real application on a fresh migrated database, driven through Fastify's inject (no sockets). */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { db?: TestDatabase } = {},
): Promise<TestApp> {
  // A shared database belongs to the caller, who drops it.
  const db = options.db ?? (await createTestDatabase());
  const dataDir = await mkdtemp(join(tmpdir(), 'sla-test-data-'));
  const config = loadConfig({
    SLA_ADMIN_TOKEN: ADMIN_TOKEN,
    TOKEN_SECRET: 'test-token-secret-0123456789abcdef0123',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SCHEDULER_ENABLED: 'false',
    ...env,
  });
  const app = await createApp({ config, databaseUrl: db.url });
  const dataSource = app.get(DataSource);
  return {
    app,
    db,
    config,
    dataSource,
    request({ token, headers, ...options }) {
      return app.inject({
        ...options,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      });
    },
    setNow(at) {
      const clock = app.get(Clock);
      clock.now = at === undefined ? () => Date.now() : () => at.getTime();
    },
    async reset() {
      const tables: Array<{ tablename: string }> = await dataSource.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
      );
      // The app's boot-time reads (stored results, vendor feeds) may still be running: a TRUNCATE that
      // deadlocks with one of them is simply run again.
      for (let attempt = 1; tables.length > 0; attempt++) {
        try {
          await dataSource.query(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} CASCADE`);
          break;
        } catch (error) {
          if ((error as { driverError?: { code?: string } }).driverError?.code !== '40P01' || attempt >= 5)
            throw error;
        }
      }
      await app.get(AccessService).ensureBootstrapAdmin();
    },
    async close() {
      await app.close();
      if (!options.db) await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface UseTestAppOptions {
  /** `each`: every test starts on emptied tables (reset before each); `none` (the default): tests share state. */
  reset?: 'each' | 'none';
}

/** A TestApp that forwards to the app `current()` answers: one that exists only between hooks. */
function forwardTo(current: () => TestApp | undefined): TestApp {
  const app = (): TestApp => {
    const found = current();
    if (!found) throw new Error('the test app exists only from beforeAll to afterAll');
    return found;
  };
  return {
    get app() {
      return app().app;
    },
    get db() {
      return app().db;
    },
    get config() {
      return app().config;
    },
    get dataSource() {
      return app().dataSource;
    },
    request: (options) => app().request(options),
    setNow: (at) => app().setNow(at),
    reset: () => app().reset(),
    close: () => app().close(),
  };
}

/**
 * The suite's app, created in beforeAll and closed in afterAll of the calling describe block (with
 * `reset: 'each'`, reset before each test). The handle forwards to that app, so it can be passed to
 * the fixtures at declaration time; it throws if used before the app exists. `env` may be a function,
 * read in beforeAll, for values known only then (a server's port). Hooks the caller
 * registers afterwards run after these (Jest runs a block's hooks in declaration order).
 */
export function useTestApp(
  env: Record<string, string> | (() => Record<string, string>) = {},
  options: { db?: TestDatabase } = {},
  { reset = 'none' }: UseTestAppOptions = {},
): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await createTestApp(typeof env === 'function' ? env() : env, options);
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  const handle = forwardTo(() => current);
  if (reset === 'each') beforeEach(() => handle.reset());
  return handle;
}

/**
 * Replicas on one fresh database for the calling describe block, one per entry of `envs`: created
 * in that order in beforeAll, closed in afterAll, then the database is dropped. Handles as
 * useTestApp's; each one's `db` is the shared database.
 */
export function useReplicas(...envs: Array<Record<string, string>>): TestApp[] {
  let db: TestDatabase | undefined;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    for (const env of envs) apps.push(await createTestApp(env, { db }));
  });
  afterAll(async () => {
    for (const app of apps.splice(0)) await app.close();
    await db?.drop();
  });
  return envs.map((_, i) => forwardTo(() => apps[i]));
}
