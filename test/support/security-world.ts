import type { LightMyRequestResponse } from 'fastify';
import { EXAMPLE_CONTRACT_YAML, putContractYaml, putVendor } from './fixtures';
import { ADMIN_TOKEN, type TestApp } from './test-app';

// Two vendors with everything a vendor can reach: acme's contract is docs/examples/contract.yaml,
// globex's a copy with its key and vendor changed; samples, events, an exclusion, one evaluation pass at
// NOW (so statuses, breaches and the closed January and February statements exist), and tokens.

export const NOW = new Date('2027-03-15T12:00:00Z');
export const CONTRACTS = { acme: 'acme-it-2027', globex: 'globex-it-2027' } as const;
export const CLOSED_PERIOD = '2027-02';
export const MISSING_UUID = '3f9d6c1e-8b7a-4e2f-9c1d-5a6b7c8d9e0f';

export const GLOBEX_CONTRACT_YAML = EXAMPLE_CONTRACT_YAML.replace(
  'key: acme-it-2027',
  `key: ${CONTRACTS.globex}`,
)
  .replace('vendor: acme', 'vendor: globex')
  .replace('sla-desk@acme.example', 'sla-desk@globex.example');

export interface World {
  t: TestApp;
  tokens: { admin: string; viewer: string; acme: string; globex: string };
  /** A token of each role, revoked before it was ever used. */
  revoked: { admin: string; viewer: string; vendor: string };
  breaches: { acme: string; globex: string; acmeOpen: string };
}

/** Throws with the answer when a setup request fails, so a broken setup names itself. */
export function ok(res: LightMyRequestResponse, what: string): LightMyRequestResponse {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res;
}

export async function issueKey(
  t: TestApp,
  url: string,
  payload: object = {},
): Promise<{ id: string; token: string }> {
  const res = ok(await t.request({ method: 'POST', url, token: ADMIN_TOKEN, payload }), `POST ${url}`);
  return res.json<{ id: string; token: string }>();
}

const hourly = (day: string, each: (h: number, timestamp: string) => object[]) =>
  Array.from({ length: 24 }, (_, h) => each(h, `${day}T${String(h).padStart(2, '0')}:00:00Z`)).flat();

export async function buildWorld(t: TestApp): Promise<World> {
  t.setNow(NOW);
  await putVendor(t, 'acme');
  await putVendor(t, 'globex');
  ok(await putContractYaml(t, CONTRACTS.acme, EXAMPLE_CONTRACT_YAML), 'acme contract');
  ok(await putContractYaml(t, CONTRACTS.globex, GLOBEX_CONTRACT_YAML), 'globex contract');

  const acme = (await issueKey(t, '/api/v1/vendors/acme/api-keys')).token;
  const globex = (await issueKey(t, '/api/v1/vendors/globex/api-keys')).token;
  const viewer = (await issueKey(t, '/api/v1/api-keys', { role: 'viewer', name: 'dashboards' })).token;

  // There is no API to revoke admin or viewer keys (only vendor keys), so those two are revoked in
  // the database, before any use (nothing cached); the vendor key through the API.
  const revokedAdmin = await issueKey(t, '/api/v1/api-keys', { role: 'admin', name: 'old admin' });
  const revokedViewer = await issueKey(t, '/api/v1/api-keys', { role: 'viewer', name: 'old viewer' });
  await t.dataSource.query(`UPDATE api_keys SET revoked_at = $2 WHERE id = ANY($1)`, [
    [revokedAdmin.id, revokedViewer.id],
    NOW,
  ]);
  const revokedVendor = await issueKey(t, '/api/v1/vendors/acme/api-keys', { name: 'old' });
  ok(
    await t.request({
      method: 'DELETE',
      url: `/api/v1/vendors/acme/api-keys/${revokedVendor.id}`,
      token: ADMIN_TOKEN,
    }),
    'revoke vendor key',
  );

  const push = async (token: string, url: string, payload: object) => {
    const res = ok(await t.request({ method: 'POST', url, token, payload }), `push ${url}`);
    const answer = res.json<{ rejected: unknown[] }>();
    if (answer.rejected.length > 0) throw new Error(`push ${url}: ${res.body}`);
  };
  // acme: the portal at 90 % (breaches portal-availability) and a fast API; globex: a slow API only.
  // Both push api_latency_ms, so mixed-up series would show in either contract's p95.
  await push(acme, '/api/v1/samples', {
    samples: hourly('2027-03-14', (_, timestamp) => [
      { metric: 'portal_requests', value: 100, timestamp },
      { metric: 'portal_requests_ok', value: 90, timestamp },
      { metric: 'api_latency_ms', value: 20, timestamp },
    ]),
  });
  await push(globex, '/api/v1/samples', {
    samples: hourly('2027-03-14', (_, timestamp) => [{ metric: 'api_latency_ms', value: 900, timestamp }]),
  });
  await push(acme, '/api/v1/events', {
    events: [
      {
        item: 'ticket',
        id: 'INC-1',
        action: 'opened',
        timestamp: '2027-03-14T08:00:00Z',
        attributes: { priority: 'P1' },
      },
      { item: 'ticket', id: 'INC-1', action: 'responded', timestamp: '2027-03-14T08:05:00Z' },
    ],
  });
  for (const key of Object.values(CONTRACTS)) {
    ok(
      await t.request({
        method: 'POST',
        url: `/api/v1/contracts/${key}/exclusions`,
        token: ADMIN_TOKEN,
        payload: {
          from: '2027-03-13T00:00:00Z',
          to: '2027-03-13T01:00:00Z',
          reason: 'agreed outage',
          approvedBy: 'cio@customer.example',
        },
      }),
      `exclusion of ${key}`,
    );
  }
  ok(await t.request({ method: 'POST', url: '/api/v1/evaluations', token: ADMIN_TOKEN }), 'evaluation');

  const list = await t.request({ method: 'GET', url: '/api/v1/breaches?limit=200', token: ADMIN_TOKEN });
  const items = list.json<{
    items: Array<{ id: string; vendor: string; objective: string; status: string }>;
  }>().items;
  const find = (vendor: string, objective?: string) => {
    const b = items.find((i) => i.vendor === vendor && (!objective || i.objective === objective));
    if (!b) throw new Error(`no ${vendor} breach ${objective ?? ''} in ${list.body}`);
    return b.id;
  };
  return {
    t,
    tokens: { admin: ADMIN_TOKEN, viewer, acme, globex },
    revoked: { admin: revokedAdmin.token, viewer: revokedViewer.token, vendor: revokedVendor.token },
    breaches: { acme: find('acme'), globex: find('globex'), acmeOpen: find('acme', 'portal-availability') },
  };
}
