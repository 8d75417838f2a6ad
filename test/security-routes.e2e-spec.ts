import { gzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import {
  ALLOWED,
  type Caller,
  fillPath,
  leaksIn,
  type Operation,
  OPERATIONS,
  type Scope,
  UNDOCUMENTED,
  controllerRoutes,
} from './support/security-operations';
import {
  HOSTILE_PARAMETERS,
  HOSTILE_VALUES,
  isUnstorable,
  stringPaths,
  withValueAt,
} from './support/security-hostile';
import { buildWorld, CONTRACTS, type World } from './support/security-world';
import { createTestApp, type TestApp } from './support/test-app';

// Every operation the OpenAPI document serves, for every kind of caller. test/auth.e2e-spec.ts holds a
// hand-written matrix for the vendor and key routes; this one is generated from the table in
// support/security-operations.ts, which must know every served operation.

interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}
type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';
type SchemaProperty = { type?: string; items?: { type?: string } };

const SQL = "'; DROP TABLE samples; --";
const KEYS = Object.keys(OPERATIONS);
/** `['contacts', 0]` → `contacts[0]`, as the API names fields. */
const toPath = (at: Array<string | number>) =>
  at.reduce<string>(
    (p, part) => (typeof part === 'number' ? `${p}[${part}]` : p ? `${p}.${part}` : part),
    '',
  );
const isProblem = (res: LightMyRequestResponse) =>
  String(res.headers['content-type']).startsWith('application/problem+json');
/** An error in the operation's own shape: problem+json, or OTLP's google.rpc.Status as JSON. */
const isErrorShaped = (op: Operation, res: LightMyRequestResponse) =>
  op.errors === 'rpc-status'
    ? String(res.headers['content-type']).startsWith('application/json') &&
      typeof res.json<{ message?: unknown }>().message === 'string'
    : isProblem(res);

describe('security of every served operation', () => {
  let t: TestApp;
  let w: World;
  const served = new Map<string, OpenApiOperation>();

  beforeAll(async () => {
    t = await createTestApp({ INGEST_RATE_LIMIT: '100000' });
    w = await buildWorld(t);
    const doc = await t.request({ method: 'GET', url: '/docs/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const paths = doc.json<{ paths: Record<string, Record<string, OpenApiOperation>> }>().paths;
    for (const [path, ops] of Object.entries(paths))
      for (const [method, op] of Object.entries(ops)) served.set(`${method.toUpperCase()} ${path}`, op);
  });
  afterAll(async () => {
    await t.close();
  });

  const tokenOf = (caller: Caller) =>
    ({ admin: w.tokens.admin, viewer: w.tokens.viewer, vendor: w.tokens.acme })[caller];

  async function call(
    key: string,
    token: string | undefined,
    scope: Scope = 'own',
    caller: Caller = 'admin',
  ): Promise<{ res: LightMyRequestResponse; params: Record<string, string> }> {
    const op = OPERATIONS[key];
    const [method, path] = key.split(' ') as [Method, string];
    const params = (await op.params?.(w, scope, caller)) ?? {};
    const body = op.body?.(params);
    const res = await t.request({
      method,
      url: fillPath(path, params),
      token,
      ...(body ? { payload: body.payload, headers: body.headers } : {}),
    });
    return { res, params };
  }

  it('has a row in the access table for every operation of /docs/openapi.json (and every controller route is in it)', () => {
    expect([...served.keys()].filter((k) => !(k in OPERATIONS))).toEqual([]);
    expect(KEYS.filter((k) => !served.has(k))).toEqual([]);
    expect(served.size).toBeGreaterThanOrEqual(28);
    // A route left out of the document would escape the table: every controller route is in it.
    const routes = controllerRoutes(t.app);
    expect(routes.length).toBeGreaterThanOrEqual(served.size);
    expect(routes.filter((r) => !served.has(r) && !(r in UNDOCUMENTED))).toEqual([]);
  });

  it('keeps pushed samples and events with the pushing vendor: neither contract counts the other’s', async () => {
    type Status = { objectives: Array<{ key: string; status: string; attainment: number | null }> };
    const status = async (contract: string) => {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/contracts/${contract}/status`,
        token: w.tokens.viewer,
      });
      return Object.fromEntries(res.json<Status>().objectives.map((o) => [o.key, o]));
    };
    const acme = await status(CONTRACTS.acme);
    const globex = await status(CONTRACTS.globex);
    // Both pushed api_latency_ms (acme 20 ms, globex 900 ms): each p95 is its own.
    expect(acme['api-latency-p95']).toMatchObject({ attainment: 20, status: 'met' });
    expect(globex['api-latency-p95']).toMatchObject({ attainment: 900, status: 'breached' });
    // Only acme pushed portal requests and tickets.
    expect(acme['portal-availability']).toMatchObject({ attainment: 0.9, status: 'breached' });
    expect(globex['portal-availability'].status).toBe('no_data');
    expect(acme['p1-response'].status).not.toBe('no_data');
    expect(globex['p1-response'].status).toBe('no_data');
  });

  it.each(KEYS)(
    '%s: 401 without a live token, 403 for a wrong role, 404 for another vendor, 2xx when allowed',
    async (key) => {
      const op: Operation = OPERATIONS[key];
      const want: string[] = [];
      const got: string[] = [];
      /** One line per check: the expected outcome, or what came instead (with the body). */
      const check = (label: string, res: LightMyRequestResponse, statuses: number[]) => {
        const okStatus =
          statuses.includes(res.statusCode) && (res.statusCode < 400 || isErrorShaped(op, res));
        const expected = `${label}: ${statuses.join('/')}`;
        want.push(expected);
        got.push(okStatus ? expected : `${label}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      };
      const twoHundreds = [200, 201, 204];

      if (op.access === 'public') {
        check('no token', (await call(key, undefined)).res, [200]);
      } else {
        check('no token', (await call(key, undefined)).res, [401]);
        check('garbage token', (await call(key, 'sla_admin_' + 'x'.repeat(43))).res, [401]);
        for (const role of ['admin', 'viewer', 'vendor'] as const)
          check(`revoked ${role} token`, (await call(key, w.revoked[role], 'own', role)).res, [401]);
        for (const caller of ['viewer', 'vendor'] as const)
          if (!ALLOWED[op.access].includes(caller))
            check(`${caller} (wrong role)`, (await call(key, tokenOf(caller), 'own', caller)).res, [403]);
        if (op.params) {
          // acme's token on globex's object: reads answer exactly like a missing object.
          const before = await op.otherState?.(w);
          const other = await call(key, w.tokens.acme, 'other', 'vendor');
          const expected = { admin: [403], read: [404], deliver: [403, 404], ingest: [403] }[op.access];
          check("vendor on another vendor's object", other.res, expected);
          if (op.otherState) {
            want.push('other vendor state unchanged');
            got.push(
              JSON.stringify(await op.otherState(w)) === JSON.stringify(before)
                ? 'other vendor state unchanged'
                : `other vendor state changed: ${JSON.stringify(await op.otherState(w))}`,
            );
          }
          if (op.access === 'read') {
            const missing = await call(key, w.tokens.acme, 'missing', 'vendor');
            check('vendor on a missing object', missing.res, [404]);
            const masked = (r: { res: LightMyRequestResponse; params: Record<string, string> }) =>
              Object.values(r.params)
                .sort((a, b) => b.length - a.length)
                .reduce((body, value) => body.split(value).join('<param>'), r.res.body);
            want.push('same answer as for a missing object');
            got.push(
              masked(other) === masked(missing)
                ? 'same answer as for a missing object'
                : `differs: ${other.res.body} vs ${missing.res.body}`,
            );
          }
        }
        for (const caller of ALLOWED[op.access])
          check(`${caller} (allowed)`, (await call(key, tokenOf(caller), 'own', caller)).res, twoHundreds);
      }
      expect(got).toEqual(want);
    },
  );

  const LISTS = KEYS.filter((k) => OPERATIONS[k].itemVendors);
  it.each(LISTS)('%s shows a vendor only its own items, whatever the query', async (key) => {
    const op = OPERATIONS[key];
    const path = key.split(' ')[1];
    const vendorsOf = async (token: string, query = '') => {
      const res = await t.request({ method: 'GET', url: `${path}${query}`, token });
      expect(res.statusCode).toBe(200);
      return op.itemVendors!(res.json());
    };
    // The data exists: the viewer sees both vendors' items.
    expect(new Set(await vendorsOf(w.tokens.viewer))).toEqual(new Set(['acme', 'globex']));
    const mine = await vendorsOf(w.tokens.acme);
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine)).toEqual(new Set(['acme']));
    expect(new Set(await vendorsOf(w.tokens.globex))).toEqual(new Set(['globex']));
    for (const query of op.leakQueries ?? []) expect(await vendorsOf(w.tokens.acme, `?${query}`)).toEqual([]);
    // A cursor taken from the viewer's listing does not open the other vendor's items either.
    const first = await t.request({ method: 'GET', url: `${path}?limit=1`, token: w.tokens.viewer });
    const cursor = first.json<{ nextCursor?: string | null }>().nextCursor;
    if (cursor)
      expect(new Set(await vendorsOf(w.tokens.acme, `?cursor=${encodeURIComponent(cursor)}`))).not.toContain(
        'globex',
      );
  });

  it('lists statements of a vendor’s own contract only, none of the other vendor’s', async () => {
    const shas = async (contract: string, token: string) => {
      const res = await t.request({ method: 'GET', url: `/api/v1/contracts/${contract}/statements`, token });
      expect(res.statusCode).toBe(200);
      return res.json<{ items: Array<{ sha256: string }> }>().items.map((s) => s.sha256);
    };
    const acme = await shas(CONTRACTS.acme, w.tokens.acme);
    const globex = await shas(CONTRACTS.globex, w.tokens.viewer);
    expect(acme.length).toBeGreaterThan(0);
    expect(globex.length).toBeGreaterThan(0);
    expect(acme.filter((s) => globex.includes(s))).toEqual([]);
  });

  it.each(KEYS)(
    '%s: malformed and SQL-looking requests: 4xx or at least no 5xx, and nothing leaks',
    async (key) => {
      const op = OPERATIONS[key];
      const spec = served.get(key) ?? {};
      const [method, path] = key.split(' ') as [Method, string];
      const caller: Caller = op.access === 'ingest' ? 'vendor' : 'admin';
      const token = op.access === 'public' ? undefined : tokenOf(caller);
      const params = (await op.params?.(w, 'own', caller)) ?? {};
      const url = fillPath(path, params);
      const json = { 'content-type': 'application/json' };

      // [what, url, body, headers, must be 4xx (else: below 500)]
      const cases: Array<[string, string, string | Buffer | undefined, Record<string, string>, boolean]> = [
        [
          'an unknown SQL-looking query parameter',
          `${url}?${encodeURIComponent(SQL)}=1`,
          undefined,
          {},
          false,
        ],
      ];
      for (const name of Object.keys(params))
        cases.push([`SQL in {${name}}`, fillPath(path, { ...params, [name]: SQL }), undefined, {}, true]);
      for (const p of spec.parameters ?? [])
        if (p.in === 'query')
          cases.push([
            `SQL in ?${p.name}`,
            `${url}?${p.name}=${encodeURIComponent(SQL)}`,
            undefined,
            {},
            false,
          ]);
      if (method === 'POST' || method === 'PUT') {
        const bomb = gzipSync(Buffer.from(`{"x":"${'a'.repeat(3 * 1024 * 1024)}"}`));
        cases.push(
          ['invalid JSON', url, '{"name": ', json, true],
          ['a gzip bomb (3 MiB inflated)', url, bomb, { ...json, 'content-encoding': 'gzip' }, true],
        );
        if (!op.noBody) {
          const schema = Object.values(spec.requestBody?.content ?? {})[0]?.schema;
          const fields = op.fields ?? Object.keys(schema?.properties ?? {});
          expect(fields.length).toBeGreaterThan(0);
          const huge = `{${fields.map((f) => `"${f}": 1e999`).join(', ')}}`;
          const bigint = `{${fields.map((f) => `"${f}": 123456789012345678901234567890123456789`).join(', ')}}`;
          const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
          const nested = `{"${fields[0]}": ${deep}}`;
          const unknown = JSON.stringify({ [SQL]: 1, [`${fields[0]}x`]: SQL }).replace(
            /}$/,
            ', "__proto__": {"role": "admin"}}',
          );
          cases.push(
            ['a JSON array', url, '[1, 2]', json, true],
            ['a JSON string', url, '"x"', json, true],
            ['huge numbers in every field', url, huge, json, true],
            ['integers beyond 2^64 in every field', url, bigint, json, true],
            ['a 5000-deep array', url, nested, json, true],
            ['unknown fields, one named in SQL, and __proto__', url, unknown, json, true],
            [
              'SQL in every field',
              url,
              JSON.stringify(Object.fromEntries(fields.map((f) => [f, SQL]))),
              json,
              false,
            ],
            ['text/plain', url, 'name=x', { 'content-type': 'text/plain' }, true],
          );
          if (op.deepElement) {
            const idem = { ...json, 'idempotency-key': `deep-${key.length}` };
            cases.push(
              ['a 5000-deep value in an element', url, op.deepElement(deep), json, false],
              [
                'a 5000-deep value in an element, with Idempotency-Key',
                url,
                op.deepElement(deep),
                idem,
                false,
              ],
            );
          }
        }
      }

      const failures: string[] = [];
      for (const [what, target, payload, headers, must4xx] of cases) {
        const res = await t.request({ method, url: target, token, headers, payload });
        const problems = [...leaksIn(res.body), ...leaksIn(JSON.stringify(res.headers))];
        if (res.statusCode >= 500 || (must4xx && res.statusCode < 400))
          problems.push(`status ${res.statusCode}`);
        if (res.statusCode >= 400) {
          if (!isErrorShaped(op, res)) problems.push(`content-type ${res.headers['content-type']}`);
          else if (isProblem(res) && res.json<{ status?: number }>().status !== res.statusCode)
            problems.push('problem.status');
        }
        if (problems.length > 0) failures.push(`${what}: ${problems.join(', ')} — ${res.body.slice(0, 300)}`);
      }
      expect(failures).toEqual([]);
      // Nothing was dropped or changed by the SQL-looking input.
      const [{ n }] = await t.dataSource.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM samples`);
      expect(Number(n)).toBeGreaterThan(0);
    },
  );
  it.each(KEYS)(
    '%s: NUL, lone surrogates, 1 MB strings, extreme numbers and dates in every string field and parameter: never a 5xx',
    async (key) => {
      const op = OPERATIONS[key];
      const spec = served.get(key) ?? {};
      const [method, path] = key.split(' ') as [Method, string];
      const caller: Caller = op.access === 'ingest' ? 'vendor' : 'admin';
      const token = op.access === 'public' ? undefined : tokenOf(caller);
      const params = (await op.params?.(w, 'own', caller)) ?? {};
      const url = fillPath(path, params);
      const failures: string[] = [];
      const check = async (what: string, target: string, payload?: string, named?: string) => {
        const res = await t.request({
          method,
          url: target,
          token,
          ...(payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } }),
        });
        const problems = [...leaksIn(res.body), ...leaksIn(JSON.stringify(res.headers))];
        if (res.statusCode >= 500) problems.push(`status ${res.statusCode}`);
        if (res.statusCode >= 400 && !isErrorShaped(op, res))
          problems.push(`content-type ${res.headers['content-type']}`);
        if (named !== undefined) {
          const answer =
            res.statusCode >= 400 ? res.json<{ errors?: Array<{ path: string }>; message?: string }>() : {};
          const names =
            op.errors === 'rpc-status'
              ? (answer.message ?? '').includes(named)
              : (answer.errors ?? []).some((p) => p.path === named);
          if (res.statusCode < 400 || !names) problems.push(`${res.statusCode} does not name ${named}`);
        }
        if (problems.length > 0) failures.push(`${what}: ${problems.join(', ')} — ${res.body.slice(0, 200)}`);
      };

      for (const name of Object.keys(params))
        for (const [label, raw] of HOSTILE_PARAMETERS)
          await check(
            `{${name}} = ${label}`,
            path.replace(/\{(\w+)\}/g, (_, n: string) => (n === name ? raw : encodeURIComponent(params[n]))),
            undefined,
            isUnstorable(label) ? name : undefined,
          );
      for (const p of spec.parameters ?? [])
        if (p.in === 'query')
          for (const [label, raw] of HOSTILE_PARAMETERS)
            await check(
              `?${p.name} = ${label}`,
              `${url}?${p.name}=${raw}`,
              undefined,
              isUnstorable(label) ? p.name : undefined,
            );

      if ((method === 'POST' || method === 'PUT') && !op.noBody) {
        const valid = op.jsonBody?.() ?? op.body?.(params).payload;
        expect(typeof valid).toBe('object');
        const schema = Object.values(spec.requestBody?.content ?? {})[0]?.schema as
          { properties?: Record<string, SchemaProperty> } | undefined;
        const declared = Object.entries(schema?.properties ?? {}).flatMap(([name, prop]) =>
          prop.type === 'string'
            ? [[name]]
            : prop.type === 'array' && prop.items?.type === 'string'
              ? [[name, 0]]
              : [],
        );
        const paths = [...stringPaths(valid), ...declared, ...(op.elementStrings ?? [])];
        const seen = new Set<string>();
        for (const at of paths) {
          const id = JSON.stringify(at);
          if (seen.has(id)) continue;
          seen.add(id);
          for (const [label, raw] of HOSTILE_VALUES) {
            // Ingest lists a bad element among the rejected ones (200); every other route names the field.
            const named = isUnstorable(label) && op.access !== 'ingest' ? toPath(at) : undefined;
            await check(`${toPath(at)} = ${label}`, url, withValueAt(valid, at, raw), named);
          }
        }
      }
      expect(failures).toEqual([]);
    },
    60_000,
  );
});
