import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app';

interface Tokens {
  viewer: string;
  acme: string;
  globex: string;
  revoked: string;
}

describe('access control', () => {
  let t: TestApp;
  let tokens: Tokens;

  const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, token?: string, payload?: object) =>
    t.request({ method, url, token, payload });

  beforeAll(async () => {
    t = await createTestApp();
    for (const key of ['acme', 'globex']) {
      const res = await call('PUT', `/api/v1/vendors/${key}`, ADMIN_TOKEN, {
        name: key,
        contacts: [`desk@${key}.example`],
      });
      expect(res.statusCode).toBe(201);
    }
    const issue = async (url: string, payload: object) => {
      const res = await call('POST', url, ADMIN_TOKEN, payload);
      expect(res.statusCode).toBe(201);
      return res.json<{ id: string; token: string }>();
    };
    const revoked = await issue('/api/v1/vendors/acme/api-keys', { name: 'old' });
    const del = await call('DELETE', `/api/v1/vendors/acme/api-keys/${revoked.id}`, ADMIN_TOKEN);
    expect(del.statusCode).toBe(204);
    tokens = {
      viewer: (await issue('/api/v1/api-keys', { role: 'viewer', name: 'dashboards' })).token,
      acme: (await issue('/api/v1/vendors/acme/api-keys', {})).token,
      globex: (await issue('/api/v1/vendors/globex/api-keys', {})).token,
      revoked: revoked.token,
    };
  });
  afterAll(async () => {
    await t.close();
  });

  type Who = 'none' | 'garbage' | 'revoked' | 'admin' | 'viewer' | 'acme' | 'globex';
  const tokenOf = (who: Who): string | undefined =>
    ({
      none: undefined,
      garbage: 'sla_admin_not-a-real-token-at-all-xxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      revoked: tokens.revoked,
      admin: ADMIN_TOKEN,
      viewer: tokens.viewer,
      acme: tokens.acme,
      globex: tokens.globex,
    })[who];

  // [caller, method, url, body, expected status]
  const matrix: Array<[Who, 'GET' | 'PUT' | 'POST' | 'DELETE', string, object | undefined, number]> = [
    ['none', 'GET', '/api/v1/vendors', undefined, 401],
    ['garbage', 'GET', '/api/v1/vendors', undefined, 401],
    ['revoked', 'GET', '/api/v1/vendors/acme', undefined, 401],
    ['none', 'PUT', '/api/v1/vendors/acme', { name: 'x' }, 401],
    ['admin', 'GET', '/api/v1/vendors/acme', undefined, 200],
    ['viewer', 'GET', '/api/v1/vendors/acme', undefined, 200],
    ['viewer', 'GET', '/api/v1/vendors', undefined, 200],
    ['viewer', 'PUT', '/api/v1/vendors/acme', { name: 'x' }, 403],
    ['viewer', 'POST', '/api/v1/vendors/acme/api-keys', {}, 403],
    ['viewer', 'GET', '/api/v1/vendors/acme/api-keys', undefined, 403],
    ['viewer', 'POST', '/api/v1/api-keys', { role: 'viewer', name: 'x' }, 403],
    ['acme', 'GET', '/api/v1/vendors/acme', undefined, 200],
    ['acme', 'GET', '/api/v1/vendors/globex', undefined, 404],
    ['globex', 'GET', '/api/v1/vendors/acme', undefined, 404],
    ['acme', 'PUT', '/api/v1/vendors/acme', { name: 'x' }, 403],
    ['acme', 'POST', '/api/v1/vendors/acme/api-keys', {}, 403],
    ['acme', 'GET', '/api/v1/vendors/acme/api-keys', undefined, 403],
    ['acme', 'DELETE', '/api/v1/vendors/acme/api-keys/00000000-0000-0000-0000-000000000000', undefined, 403],
    ['acme', 'POST', '/api/v1/api-keys', { role: 'admin', name: 'escalate' }, 403],
    ['admin', 'POST', '/api/v1/api-keys', { role: 'viewer', name: 'ok' }, 201],
  ];

  it.each(matrix)('%s: %s %s answers %#', async (who, method, url, payload, status) => {
    const res = await call(method, url, tokenOf(who), payload);
    expect(res.statusCode).toBe(status);
    if (status >= 400) expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('lists only its own vendor to a vendor token', async () => {
    const res = await call('GET', '/api/v1/vendors', tokens.acme);
    expect(res.json<{ items: Array<{ key: string }> }>().items.map((v) => v.key)).toEqual(['acme']);
    const all = await call('GET', '/api/v1/vendors', tokens.viewer);
    expect(all.json<{ items: Array<{ key: string }> }>().items.map((v) => v.key)).toEqual(['acme', 'globex']);
  });

  it('stops a revoked token at once', async () => {
    const issued = await call('POST', '/api/v1/vendors/globex/api-keys', ADMIN_TOKEN, {});
    const { id, token } = issued.json<{ id: string; token: string }>();
    expect((await call('GET', '/api/v1/vendors/globex', token)).statusCode).toBe(200);
    expect((await call('DELETE', `/api/v1/vendors/globex/api-keys/${id}`, ADMIN_TOKEN)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/vendors/globex', token)).statusCode).toBe(401);
  });

  it("cannot revoke one vendor's key through another vendor's path", async () => {
    const issued = await call('POST', '/api/v1/vendors/globex/api-keys', ADMIN_TOKEN, {});
    const { id, token } = issued.json<{ id: string; token: string }>();
    expect((await call('DELETE', `/api/v1/vendors/acme/api-keys/${id}`, ADMIN_TOKEN)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/vendors/globex', token)).statusCode).toBe(200);
  });

  it('accepts an admin token created through the API, with the admin role', async () => {
    const res = await call('POST', '/api/v1/api-keys', ADMIN_TOKEN, { role: 'admin', name: 'ops' });
    const { token } = res.json<{ token: string }>();
    expect(token).toMatch(/^sla_admin_/);
    expect((await call('PUT', '/api/v1/vendors/initech', token, { name: 'Initech' })).statusCode).toBe(201);
  });

  it.each([
    ['a role that is not admin or viewer', { role: 'vendor', name: 'x' }, 'role'],
    ['a missing name', { role: 'viewer' }, 'name'],
  ])('rejects an API key request with %s (422)', async (_, payload, path) => {
    const res = await call('POST', '/api/v1/api-keys', ADMIN_TOKEN, payload);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ errors: [{ path }] });
  });
});
