import { randomBytes } from 'node:crypto';
import { adminQuery, ENV_ADMIN_URL, ENV_TEMPLATE, withDatabase } from './test-server';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh, fully migrated database for one test file: a copy of the run's template.
 * `empty: true` gives a database with no tables at all (to test start-up migrations themselves).
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = process.env[ENV_ADMIN_URL];
  const template = process.env[ENV_TEMPLATE];
  if (!adminUrl || !template) throw new Error('the integration global setup did not run');
  const name = `sla_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${options.empty ? 'template0' : template}`);
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A database for the calling describe block: created in beforeAll, dropped in afterAll. */
export function useTestDatabase(): TestDatabase {
  let current: TestDatabase | undefined;
  const db = (): TestDatabase => {
    if (!current) throw new Error('the test database exists only from beforeAll to afterAll');
    return current;
  };
  beforeAll(async () => {
    current = await createTestDatabase();
  });
  afterAll(async () => {
    await current?.drop();
    current = undefined;
  });
  return {
    get url() {
      return db().url;
    },
    get name() {
      return db().name;
    },
    drop: () => db().drop(),
  };
}
