import { Client } from 'pg';

// Shared between the global setup (which creates the template) and each test file (which copies it).
export const ENV_ADMIN_URL = 'SLA_TEST_ADMIN_URL';
export const ENV_TEMPLATE = 'SLA_TEST_TEMPLATE_DB';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
