import {
  asAdmin,
  contractDoc,
  createContract,
  latencyObjective,
  postSamples,
  runPass,
  vendorToken,
} from './support/fixtures';
import { ADMIN_TOKEN, useTestApp } from './support/test-app';

describe('vendors API', () => {
  const t = useTestApp({}, {}, { reset: 'each' });

  const put = (key: string, payload: unknown, token = ADMIN_TOKEN) =>
    t.request({ method: 'PUT', url: `/api/v1/vendors/${key}`, token, payload: payload as object });

  it('creates a vendor with 201, updates it with 200, and reads it back', async () => {
    const created = await put('acme', { name: 'Acme Ltd', contacts: ['Desk@Acme.example'] });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ key: 'acme', name: 'Acme Ltd', contacts: ['desk@acme.example'] });

    const updated = await put('acme', { name: 'Acme Inc', contacts: [] });
    expect(updated.statusCode).toBe(200);

    const read = await asAdmin(t, 'GET', '/api/v1/vendors/acme');
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ key: 'acme', name: 'Acme Inc', contacts: [] });

    const list = await asAdmin(t, 'GET', '/api/v1/vendors');
    expect(list.json<{ items: Array<{ key: string }> }>().items.map((v) => v.key)).toEqual(['acme']);
  });

  it.each([
    ['a missing name', { contacts: [] }, 'name', 'is required'],
    ['a name of the wrong type', { name: 42 }, 'name', 'must be string'],
    ['a blank name', { name: '   ' }, 'name', 'must match pattern'],
    [
      'a contact that is not an email',
      { name: 'A', contacts: ['ok@x.example', 'nope'] },
      'contacts[1]',
      'must match format "email"',
    ],
    ['an unknown field', { name: 'A', colour: 'red' }, 'colour', 'is not a known field'],
  ])('rejects %s with 422 naming the field', async (_, payload, path, message) => {
    const res = await put('acme', payload);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json<{ status: number; errors: Array<{ path: string; message: string }> }>();
    expect(body.status).toBe(422);
    expect(body.errors).toContainEqual({ path, message: expect.stringContaining(message) as string });
  });

  it('rejects a key that is not a slug with 422 naming the key', async () => {
    const res = await put('Not_A_Slug', { name: 'A' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ errors: [{ path: 'key' }] });
  });

  it('answers 400 for a body that is not a JSON object, and keeps the stored vendor', async () => {
    await put('acme', { name: 'Acme' });
    const res = await asAdmin(t, 'PUT', '/api/v1/vendors/acme', '{"name": ', {
      'content-type': 'application/json',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).not.toMatch(/at .*\.js/); // no stack trace
    const array = await put('acme', ['x']);
    expect(array.statusCode).toBe(400);
    const read = await asAdmin(t, 'GET', '/api/v1/vendors/acme');
    expect(read.json()).toMatchObject({ name: 'Acme' });
  });

  it('answers 404 problem+json for an unknown vendor and an unknown route', async () => {
    const vendor = await asAdmin(t, 'GET', '/api/v1/vendors/ghost');
    expect(vendor.statusCode).toBe(404);
    const route = await asAdmin(t, 'GET', '/api/v1/nothing-here');
    expect(route.statusCode).toBe(404);
    expect(route.headers['content-type']).toContain('application/problem+json');
  });

  it('issues vendor API keys, lists them without tokens, and revokes them', async () => {
    await put('acme', { name: 'Acme' });
    const issued = await asAdmin(t, 'POST', '/api/v1/vendors/acme/api-keys', {});
    expect(issued.statusCode).toBe(201);
    const key = issued.json<{ id: string; token: string; prefix: string; createdAt: string }>();
    expect(key.token).toMatch(/^sla_vendor_[A-Za-z0-9_-]{43}$/);
    expect(key.token.startsWith(key.prefix)).toBe(true);

    const list = await asAdmin(t, 'GET', '/api/v1/vendors/acme/api-keys');
    expect(list.body).not.toContain(key.token);
    expect(list.json()).toMatchObject({ items: [{ id: key.id, prefix: key.prefix, revokedAt: null }] });

    const revoked = await asAdmin(t, 'DELETE', `/api/v1/vendors/acme/api-keys/${key.id}`);
    expect(revoked.statusCode).toBe(204);
    const again = await asAdmin(t, 'DELETE', `/api/v1/vendors/acme/api-keys/${key.id}`);
    expect(again.statusCode).toBe(404);
  });

  it('stores tokens only as keyed hashes', async () => {
    await put('acme', { name: 'Acme' });
    const issued = await asAdmin(t, 'POST', '/api/v1/vendors/acme/api-keys');
    const { token } = issued.json<{ token: string }>();
    const rows: Array<{ token_hash: Buffer; prefix: string }> = await t.dataSource.query(
      `SELECT token_hash, prefix FROM api_keys WHERE role = 'vendor'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toHaveLength(32);
    const dump = JSON.stringify(await t.dataSource.query(`SELECT * FROM api_keys`));
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(ADMIN_TOKEN);
  });

  it('shows the newest sample folded per protocol in one vendor', async () => {
    await createContract(
      t,
      'feeds-2027',
      contractDoc('feeds-2027', { objectives: [latencyObjective('lat', 'latency')] }),
      {
        at: '2027-03-02T00:00:00Z',
      },
    );
    const token = await vendorToken(t, 'acme');
    expect((await asAdmin(t, 'GET', '/api/v1/vendors/acme')).json()).toMatchObject({ feeds: [] });
    await postSamples(t, token, [
      { metric: 'latency', value: 90, timestamp: '2027-03-01T10:00:00Z' },
      { metric: 'latency', value: 95, timestamp: '2027-03-01T11:30:00Z' },
    ]);
    await runPass(t);
    expect((await asAdmin(t, 'GET', '/api/v1/vendors/acme')).json()).toMatchObject({
      feeds: [{ protocol: 'json', lastSampleAt: '2027-03-01T11:30:00.000Z' }],
    });
    // The list stays light: feeds are one vendor's answer.
    expect((await asAdmin(t, 'GET', '/api/v1/vendors')).json().items[0].feeds).toBeUndefined();
  });
});
