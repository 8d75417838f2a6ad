import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  EXAMPLE_CONTRACT_YAML,
  exampleContract,
  putContractJson,
  putContractYaml,
  putVendor,
} from './support/fixtures';
import { ADMIN_TOKEN, useTestApp } from './support/test-app';

describe('contracts API', () => {
  const t = useTestApp({}, {}, { reset: 'each' });
  beforeEach(() => putVendor(t, 'acme'));

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.request({ method: 'GET', url, token: ADMIN_TOKEN, headers });

  it('serves the contract JSON Schema at /docs/contract.schema.json, as published in docs/, without a token', async () => {
    const res = await t.request({ method: 'GET', url: '/docs/contract.schema.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/schema+json');
    expect(res.json()).toEqual(
      JSON.parse(readFileSync(join(__dirname, '../docs/contract.schema.json'), 'utf8')),
    );
  });

  it('applies the example as YAML (201, version 1), reads it back identically, and re-applying is a no-op', async () => {
    const created = await putContractYaml(t, 'acme-it-2027', EXAMPLE_CONTRACT_YAML);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ key: 'acme-it-2027', version: 1, changed: true });

    const yaml = await get('/api/v1/contracts/acme-it-2027', { accept: 'application/yaml' });
    expect(yaml.statusCode).toBe(200);
    expect(yaml.headers['content-type']).toContain('application/yaml');
    expect(yaml.body).toContain('# An example outsourcing contract'); // comments survive
    const readBack = parse(yaml.body) as Record<string, any>;
    expect(readBack.metadata).toMatchObject({
      key: 'acme-it-2027',
      version: 1,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
    });
    const {
      version: _v,
      sha256: _s,
      appliedAt: _a,
      ...metadata
    } = readBack.metadata as Record<string, unknown>;
    expect({ ...readBack, metadata }).toEqual(exampleContract());

    const json = await get('/api/v1/contracts/acme-it-2027');
    const body = json.json<Record<string, any>>();
    expect(body.spec).toEqual(exampleContract().spec);
    expect(body.metadata.version).toBe(1);

    const again = await putContractYaml(t, 'acme-it-2027', EXAMPLE_CONTRACT_YAML);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ key: 'acme-it-2027', version: 1, changed: false });
    // The same content as JSON, or the YAML read back (with server metadata) is still the same version.
    expect((await putContractJson(t, 'acme-it-2027', exampleContract())).json()).toMatchObject({
      version: 1,
      changed: false,
    });
    expect((await putContractYaml(t, 'acme-it-2027', yaml.body)).json()).toMatchObject({
      version: 1,
      changed: false,
    });
  });

  it('creates version 2 for a changed document and keeps the history', async () => {
    await putContractYaml(t, 'acme-it-2027', EXAMPLE_CONTRACT_YAML);
    const changed = exampleContract();
    changed.spec.objectives[0].objective = '>= 99.95%';
    const res = await putContractJson(t, 'acme-it-2027', changed);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ key: 'acme-it-2027', version: 2, changed: true });

    const versions = await get('/api/v1/contracts/acme-it-2027/versions');
    const items = versions.json<{ items: Array<{ version: number; sha256: string; appliedAt: string }> }>()
      .items;
    expect(items.map((v) => v.version)).toEqual([1, 2]);
    expect(items[0].sha256).not.toBe(items[1].sha256);

    const v1 = await get('/api/v1/contracts/acme-it-2027?version=1');
    expect(v1.json<Record<string, any>>().spec.objectives[0].objective).toBe('>= 99.9%');
    const current = await get('/api/v1/contracts/acme-it-2027');
    expect(current.json<Record<string, any>>().spec.objectives[0].objective).toBe('>= 99.95%');
    expect((await get('/api/v1/contracts/acme-it-2027?version=9')).statusCode).toBe(404);
  });

  it('stores objectives, calendars, maintenance and deliverables as rows', async () => {
    await putContractYaml(t, 'acme-it-2027', EXAMPLE_CONTRACT_YAML);
    const objectives: Array<{ key: string; kind: string; period: string }> = await t.dataSource.query(
      `SELECT key, kind, period FROM objectives WHERE removed_at IS NULL ORDER BY key`,
    );
    expect(objectives).toEqual(
      expect.arrayContaining([
        { key: 'portal-availability', kind: 'ratio', period: 'month' },
        { key: 'api-latency-p95', kind: 'threshold', period: '7d' },
        { key: 'change-approval', kind: 'deadline', period: 'quarter' },
      ]),
    );
    expect(objectives).toHaveLength(8);
    const calendars: Array<{ name: string }> = await t.dataSource.query(
      `SELECT name FROM contract_calendars`,
    );
    expect(calendars).toEqual([{ name: 'business' }]);
    const maintenance: Array<{ kind: string }> = await t.dataSource.query(
      `SELECT kind FROM maintenance_windows ORDER BY position`,
    );
    expect(maintenance.map((m) => m.kind)).toEqual(['recurring', 'once']);
    const deliverables: Array<{ key: string; due: string }> = await t.dataSource.query(
      `SELECT key, to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS due FROM deliverables ORDER BY due_at`,
    );
    expect(deliverables).toEqual([
      { key: 'runbooks', due: '2027-02-15T16:00' },
      { key: 'dr-site', due: '2027-03-31T15:00' },
    ]);

    // Dropping an objective in version 2 marks it removed instead of deleting its history.
    const doc = exampleContract();
    doc.spec.objectives = (doc.spec.objectives as Array<{ key: string }>).filter((o) => o.key !== 'kpi-feed');
    await putContractJson(t, 'acme-it-2027', doc);
    const removed: Array<{ key: string }> = await t.dataSource.query(
      `SELECT key FROM objectives WHERE removed_at IS NOT NULL`,
    );
    expect(removed).toEqual([{ key: 'kpi-feed' }]);
  });

  it('lists contracts', async () => {
    await putContractYaml(t, 'acme-it-2027', EXAMPLE_CONTRACT_YAML);
    const list = await get('/api/v1/contracts');
    expect(list.json()).toMatchObject({
      items: [{ key: 'acme-it-2027', vendor: 'acme', version: 1, timezone: 'Asia/Jerusalem' }],
    });
  });

  it.each([
    ['an unknown vendor', (d: any) => (d.spec.vendor = 'ghost'), 'spec.vendor'],
    ['a metadata.key that is not the path key', (d: any) => (d.metadata.key = 'other'), 'metadata.key'],
    [
      'an unknown aggregate',
      (d: any) => (d.spec.objectives[2].indicator.aggregate = 'p42'),
      'spec.objectives[2].indicator.aggregate',
    ],
    ['a bad zone', (d: any) => (d.spec.timezone = 'Mars/Olympus'), 'spec.timezone'],
  ])('answers 422 naming the path for %s', async (_, mutate, path) => {
    const doc = exampleContract();
    mutate(doc);
    const res = await putContractJson(t, 'acme-it-2027', doc);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json<{ errors: Array<{ path: string }> }>().errors.map((e) => e.path)).toContain(path);
  });

  it('answers 400 for YAML that does not parse, and keeps the applied version', async () => {
    await putContractYaml(t, 'acme-it-2027', EXAMPLE_CONTRACT_YAML);
    const res = await putContractYaml(t, 'acme-it-2027', 'spec: [unclosed');
    expect(res.statusCode).toBe(400);
    expect(res.json<{ detail: string }>().detail).toContain('YAML');
    expect((await get('/api/v1/contracts/acme-it-2027')).json<Record<string, any>>().metadata.version).toBe(
      1,
    );
  });
});
