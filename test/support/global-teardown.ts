import { rm } from 'node:fs/promises';
import type { EmbeddedDatabase } from '../../src/database/embedded-postgres';
import { adminQuery, ENV_ADMIN_URL, ENV_TEMPLATE } from './test-server';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env[ENV_ADMIN_URL];
  const template = process.env[ENV_TEMPLATE];
  if (adminUrl && template) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template}`);
  const server = (globalThis as { __slaTestServer?: { embedded: EmbeddedDatabase; dir: string } })
    .__slaTestServer;
  if (server) {
    await server.embedded.stop();
    await rm(server.dir, { recursive: true, force: true });
  }
}
