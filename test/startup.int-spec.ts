import { createTestDatabase, type TestDatabase } from './support/test-database';
import { ADMIN_TOKEN, createTestApp, type TestApp, useTestApp } from './support/test-app';
import { MIGRATIONS } from '../migrations';
import { AccessService } from '../src/access/access.service';

describe('start-up on a shared database', () => {
  let db: TestDatabase;
  const apps: TestApp[] = [];

  beforeEach(async () => {
    db = await createTestDatabase({ empty: true });
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
    await db.drop();
  });

  it('lets three replicas start together on an empty database: each migration applied once', async () => {
    apps.push(...(await Promise.all([1, 2, 3].map(() => createTestApp({}, { db })))));
    const rows: Array<{ name: string }> = await apps[0].dataSource.query(
      'SELECT name FROM migrations ORDER BY id',
    );
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    for (const app of apps) {
      const ready = await app.request({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
    }
  });

  it('generates exactly one bootstrap admin when replicas start without SLA_ADMIN_TOKEN, and none on the next start', async () => {
    apps.push(...(await Promise.all([1, 2, 3].map(() => createTestApp({ SLA_ADMIN_TOKEN: '' }, { db })))));
    const count = async () => {
      const rows: Array<{ n: string }> = await apps[0].dataSource.query(
        `SELECT count(*) AS n FROM api_keys WHERE role = 'admin'`,
      );
      return Number(rows[0].n);
    };
    expect(await count()).toBe(1);
    apps.push(await createTestApp({ SLA_ADMIN_TOKEN: '' }, { db }));
    expect(await count()).toBe(1);
  });

  it('leaves exactly one live, never-revoked admin key when many bootstrap attempts race', async () => {
    apps.push(...(await Promise.all([1, 2, 3].map(() => createTestApp({ SLA_ADMIN_TOKEN: '' }, { db })))));
    for (let round = 0; round < 30; round++) {
      await apps[0].dataSource.query('DELETE FROM api_keys');
      await Promise.all(
        // Staggered by up to a few milliseconds, so some attempts read between another's steps.
        apps.flatMap((a, i) =>
          [0, 1, 2, 3].map(async (j) => {
            await new Promise((resolve) => setTimeout(resolve, (round + i + j) % 6));
            await a.app.get(AccessService).ensureBootstrapAdmin();
          }),
        ),
      );
      // A revoked admin row would mean one replica printed a token that another then revoked.
      const rows: Array<{ live: boolean }> = await apps[0].dataSource.query(
        `SELECT revoked_at IS NULL AS live FROM api_keys WHERE role = 'admin'`,
      );
      expect(rows).toEqual([{ live: true }]);
    }
  });

  it('replaces the bootstrap admin token when SLA_ADMIN_TOKEN changes', async () => {
    const first = await createTestApp({}, { db });
    apps.push(first);
    expect(
      (await first.request({ method: 'GET', url: '/api/v1/vendors', token: ADMIN_TOKEN })).statusCode,
    ).toBe(200);
    const rotated = 'rotated-admin-token-abcdefghijklmnop';
    const second = await createTestApp({ SLA_ADMIN_TOKEN: rotated }, { db });
    apps.push(second);
    expect(
      (await second.request({ method: 'GET', url: '/api/v1/vendors', token: ADMIN_TOKEN })).statusCode,
    ).toBe(401);
    expect((await second.request({ method: 'GET', url: '/api/v1/vendors', token: rotated })).statusCode).toBe(
      200,
    );
  });
});

describe('HTTP basics', () => {
  const t = useTestApp();

  it('answers the liveness and readiness probes without a token', async () => {
    expect((await t.request({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await t.request({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', database: 'ok', migrations: 'ok', evaluation: 'idle' });
  });

  it('reports not ready (503 with Retry-After) when a migration is missing', async () => {
    await t.dataSource.query(`DELETE FROM migrations`);
    const res = await t.request({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toMatchObject({
      status: 503,
      detail: expect.stringContaining('migrations') as string,
    });
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await t.request({ method: 'GET', url: '/docs/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(doc.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/vendors/{key}',
        '/api/v1/vendors',
        '/api/v1/api-keys',
        '/health/ready',
      ]),
    );
    const ui = await t.request({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it.each([
    ['a body over 2 MiB', 'application/json', `{"name":"${'a'.repeat(2 * 1024 * 1024)}"}`, 413],
    ['an unsupported content type', 'text/csv', 'name,contacts', 415],
    ['an empty JSON body', 'application/json', '', 400],
  ])('answers %s with problem+json', async (_, contentType, payload, status) => {
    const res = await t.request({
      method: 'PUT',
      url: '/api/v1/vendors/acme',
      token: ADMIN_TOKEN,
      headers: { 'content-type': contentType },
      payload,
    });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      type: expect.any(String) as string,
      title: expect.any(String) as string,
      status,
    });
  });
});
