import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { adminQuery, ENV_ADMIN_URL, ENV_TEMPLATE, withDatabase } from './test-server';

// Once per run: pick the server (TEST_DATABASE_URL, or a throw-away embedded PostgreSQL), build a
// template database with the real migrations; every test file then copies it (CREATE DATABASE … TEMPLATE).
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'sla-test-pg-'));
    const embedded = await startEmbeddedPostgres({
      dir,
      // Durability is irrelevant for a throw-away test server; speed is not.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' },
    });
    (globalThis as { __slaTestServer?: unknown }).__slaTestServer = { embedded, dir };
    adminUrl = withDatabase(embedded.url, 'postgres');
  }
  const template = `sla_template_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
  const dataSource = new DataSource(dataSourceOptions(withDatabase(adminUrl, template)));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  process.env[ENV_ADMIN_URL] = adminUrl;
  process.env[ENV_TEMPLATE] = template;
}
