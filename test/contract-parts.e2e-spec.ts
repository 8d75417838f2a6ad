import { EXAMPLE_CONTRACT_YAML, putContractYaml, putVendor, vendorToken } from './support/fixtures';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app';

const KEY = 'acme-it-2027';

describe('exclusions, deliveries and vendor scoping of contracts', () => {
  let t: TestApp;
  let acme: string;
  let globex: string;
  let viewer: string;

  beforeAll(async () => {
    t = await createTestApp();
    await putVendor(t, 'acme');
    await putVendor(t, 'globex');
    expect((await putContractYaml(t, KEY, EXAMPLE_CONTRACT_YAML)).statusCode).toBe(201);
    acme = await vendorToken(t, 'acme');
    globex = await vendorToken(t, 'globex');
    const v = await t.request({
      method: 'POST',
      url: '/api/v1/api-keys',
      token: ADMIN_TOKEN,
      payload: { role: 'viewer', name: 'v' },
    });
    viewer = v.json<{ token: string }>().token;
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => t.setNow(undefined));

  const call = (method: 'GET' | 'PUT' | 'POST', url: string, token: string, payload?: object) =>
    t.request({ method, url, token, payload });

  describe('vendor scoping', () => {
    const tokenOf = (who: string) => ({ acme, globex, viewer, admin: ADMIN_TOKEN })[who] as string;
    it.each([
      ['acme', 'GET', `/api/v1/contracts/${KEY}`, undefined, 200],
      ['globex', 'GET', `/api/v1/contracts/${KEY}`, undefined, 404],
      ['acme', 'GET', `/api/v1/contracts/${KEY}/versions`, undefined, 200],
      ['globex', 'GET', `/api/v1/contracts/${KEY}/versions`, undefined, 404],
      ['acme', 'GET', `/api/v1/contracts/${KEY}/exclusions`, undefined, 200],
      ['globex', 'GET', `/api/v1/contracts/${KEY}/exclusions`, undefined, 404],
      ['acme', 'PUT', `/api/v1/contracts/${KEY}`, {}, 403],
      ['viewer', 'PUT', `/api/v1/contracts/${KEY}`, {}, 403],
      ['acme', 'POST', `/api/v1/contracts/${KEY}/exclusions`, {}, 403],
      ['viewer', 'POST', `/api/v1/contracts/${KEY}/exclusions`, {}, 403],
      ['viewer', 'POST', `/api/v1/contracts/${KEY}/deliverables/dr-site/delivery`, {}, 403],
      ['globex', 'POST', `/api/v1/contracts/${KEY}/deliverables/dr-site/delivery`, {}, 404],
      ['viewer', 'GET', `/api/v1/contracts/${KEY}`, undefined, 200],
    ] as const)('%s: %s %s answers %#', async (who, method, url, payload, status) => {
      expect((await call(method, url, tokenOf(who), payload)).statusCode).toBe(status);
    });

    it('lists only the vendor’s own contracts to a vendor token', async () => {
      const mine = await call('GET', '/api/v1/contracts', acme);
      expect(mine.json<{ items: Array<{ key: string }> }>().items.map((c) => c.key)).toEqual([KEY]);
      const other = await call('GET', '/api/v1/contracts', globex);
      expect(other.json()).toEqual({ items: [] });
    });
  });

  describe('exclusions', () => {
    it('records an approved exclusion and lists it with the maintenance occurrences of the range (DST-correct)', async () => {
      const created = await call('POST', `/api/v1/contracts/${KEY}/exclusions`, ADMIN_TOKEN, {
        from: '2027-03-17T09:00:00+02:00',
        to: '2027-03-17T11:00:00+02:00',
        reason: 'Customer firewall change',
        approvedBy: 'cio@customer.example',
        objectives: ['portal-availability'],
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        from: '2027-03-17T07:00:00.000Z',
        to: '2027-03-17T09:00:00.000Z',
        objectives: ['portal-availability'],
      });

      const list = await call(
        'GET',
        `/api/v1/contracts/${KEY}/exclusions?from=2027-03-01T00:00:00Z&to=2027-04-01T00:00:00Z`,
        viewer,
      );
      expect(list.statusCode).toBe(200);
      const items = list.json<{ items: Array<{ kind: string; title: string; from: string; to: string }> }>()
        .items;
      expect(items.map((i) => [i.kind, i.from, i.to])).toEqual([
        // Saturdays 02:00-05:00 Asia/Jerusalem: UTC+2 until Friday 26 March, UTC+3 after it.
        ['maintenance', '2027-03-06T00:00:00.000Z', '2027-03-06T03:00:00.000Z'],
        ['maintenance', '2027-03-11T20:00:00.000Z', '2027-03-12T02:00:00.000Z'],
        ['maintenance', '2027-03-13T00:00:00.000Z', '2027-03-13T03:00:00.000Z'],
        ['exclusion', '2027-03-17T07:00:00.000Z', '2027-03-17T09:00:00.000Z'],
        ['maintenance', '2027-03-20T00:00:00.000Z', '2027-03-20T03:00:00.000Z'],
        ['maintenance', '2027-03-26T23:00:00.000Z', '2027-03-27T02:00:00.000Z'],
      ]);
    });

    it.each([
      [{ from: 'yesterday', to: '2027-03-17T11:00:00+02:00', reason: 'r', approvedBy: 'a' }, 'from'],
      [
        { from: '2027-03-17T11:00:00+02:00', to: '2027-03-17T09:00:00+02:00', reason: 'r', approvedBy: 'a' },
        'to',
      ],
      [
        { from: '2027-03-17T09:00:00', to: '2027-03-17T11:00:00+02:00', reason: 'r', approvedBy: 'a' },
        'from',
      ],
      [
        {
          from: '2027-03-17T09:00:00Z',
          to: '2027-03-17T11:00:00Z',
          reason: 'r',
          approvedBy: 'a',
          objectives: ['nope'],
        },
        'objectives[0]',
      ],
      [{ from: '2027-03-17T09:00:00Z', to: '2027-03-17T11:00:00Z', reason: 'r' }, 'approvedBy'],
    ])('rejects %j naming %s', async (payload, path) => {
      const res = await call('POST', `/api/v1/contracts/${KEY}/exclusions`, ADMIN_TOKEN, payload);
      expect(res.statusCode).toBe(422);
      expect(res.json<{ errors: Array<{ path: string }> }>().errors.map((e) => e.path)).toContain(path);
    });

    it('refuses a listing range over 400 days', async () => {
      const res = await call(
        'GET',
        `/api/v1/contracts/${KEY}/exclusions?from=2027-01-01T00:00:00Z&to=2029-01-01T00:00:00Z`,
        viewer,
      );
      expect(res.statusCode).toBe(422);
    });
  });

  describe('deliveries', () => {
    it('lets the contract’s vendor record a late delivery once', async () => {
      t.setNow(new Date('2027-02-20T10:00:00Z'));
      const res = await call('POST', `/api/v1/contracts/${KEY}/deliverables/runbooks/delivery`, acme, {
        deliveredAt: '2027-02-16T10:00:00+02:00',
        note: 'Handed over in the shared drive',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        key: 'runbooks',
        status: 'delivered_late',
        deliveredAt: '2027-02-16T08:00:00.000Z',
      });
      const again = await call(
        'POST',
        `/api/v1/contracts/${KEY}/deliverables/runbooks/delivery`,
        ADMIN_TOKEN,
        {},
      );
      expect(again.statusCode).toBe(409);
    });

    it('defaults deliveredAt to now and marks an on-time delivery delivered', async () => {
      t.setNow(new Date('2027-03-30T08:00:00Z'));
      const res = await call('POST', `/api/v1/contracts/${KEY}/deliverables/dr-site/delivery`, ADMIN_TOKEN);
      expect(res.json()).toMatchObject({
        key: 'dr-site',
        status: 'delivered',
        deliveredAt: '2027-03-30T08:00:00.000Z',
      });
    });

    it.each([
      ['an unknown deliverable', 'nope', {}, 404],
      ['a delivery in the future', 'dr-site', { deliveredAt: '2099-01-01T00:00:00Z' }, 422],
      ['an unknown field', 'dr-site', { by: 'me' }, 422],
    ])('answers %s with %i', async (_, dkey, payload, status) => {
      const res = await call(
        'POST',
        `/api/v1/contracts/${KEY}/deliverables/${dkey}/delivery`,
        ADMIN_TOKEN,
        payload,
      );
      expect(res.statusCode).toBe(status);
    });
  });
});
