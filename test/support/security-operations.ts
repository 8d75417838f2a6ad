import { type INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { EXAMPLE_CONTRACT_YAML, exampleContract } from './fixtures';
import { gaugeRequest } from './otlp';
import { encodeV1, snappy } from '../../src/ingest/remote-write/remote-write.spec-helpers';
import {
  CLOSED_PERIOD,
  CONTRACTS,
  GLOBEX_CONTRACT_YAML,
  issueKey,
  MISSING_UUID,
  type World,
} from './security-world';

// The access table: every operation of /docs/openapi.json, who may call it, and how to
// fill its path parameters with acme's object ("own", the vendor caller is acme), globex's ("other")
// or one that does not exist ("missing"). test/security-routes.e2e-spec.ts fails on any served
// operation missing here, so a new route cannot be forgotten.

/**
 * public: no token. admin: admin only. read: admin, viewer, and a vendor for its own objects only
 * (another vendor's answer exactly like a missing one: 404). deliver: admin and the contract's vendor.
 * ingest: vendor tokens only (the vendor comes from the token, so admin and viewer get 403).
 */
export type Access = 'public' | 'admin' | 'read' | 'deliver' | 'ingest';
export type Scope = 'own' | 'other' | 'missing';
export type Caller = 'admin' | 'viewer' | 'vendor';
type Params = Record<string, string>;

export interface Operation {
  access: Access;
  params?: (w: World, scope: Scope, caller: Caller) => Params | Promise<Params>;
  /** The body of a successful call (JSON unless headers say otherwise). */
  body?: (params: Params) => { payload: string | object; headers?: Record<string, string> };
  /** POST without a body (the handler reads none). */
  noBody?: true;
  /** Body fields, where the OpenAPI schema does not list them. */
  fields?: string[];
  /**
   * How errors are answered: problem+json (the default), or a google.rpc.Status in JSON (the OTLP
   * route: OTLP clients read that shape, and the problem's field paths are in its message).
   */
  errors?: 'problem' | 'rpc-status';
  /** A valid JSON body, where `body` sends another media type. */
  jsonBody?: () => object;
  /** String fields inside elements that the valid body leaves out, as paths. */
  elementStrings?: Array<Array<string | number>>;
  /** List endpoints: the vendor of every item of an answer. */
  itemVendors?: (answer: any) => string[];
  /** Queries through which a vendor might ask for another vendor's items. */
  leakQueries?: string[];
  /** A valid envelope with `deep` inside one element (elements are checked one by one). */
  deepElement?: (deep: string) => string;
  /** What another vendor's write must leave unchanged (read as admin). */
  otherState?: (w: World) => Promise<unknown>;
}

export const ALLOWED: Record<Access, Caller[]> = {
  public: [],
  admin: ['admin'],
  read: ['admin', 'viewer', 'vendor'],
  deliver: ['admin', 'vendor'],
  ingest: ['vendor'],
};

const pick = (scope: Scope, own: string, other: string, missing: string) => ({ own, other, missing })[scope];
const vendor = (_: World, s: Scope) => ({ key: pick(s, 'acme', 'globex', 'ghost-vendor') });
const contract = (_: World, s: Scope) => ({
  key: pick(s, CONTRACTS.acme, CONTRACTS.globex, 'ghost-2027'),
});
const statement = (w: World, s: Scope) => ({ ...contract(w, s), period: CLOSED_PERIOD });
const breach = (w: World, s: Scope) => ({ id: pick(s, w.breaches.acme, w.breaches.globex, MISSING_UUID) });
const json = (payload: object) => () => ({ payload });
/** A metric no objective reads, so successful pushes change no figure. */
const sampleAt = (timestamp: string) => ({ metric: 'security_probe', value: 1, timestamp });

export const OPERATIONS: Record<string, Operation> = {
  'GET /health/live': { access: 'public' },
  'GET /health/ready': { access: 'public' },
  'GET /health/evaluation': { access: 'public' },
  'POST /api/v1/api-keys': { access: 'admin', body: json({ role: 'viewer', name: 'made by a test' }) },
  'GET /api/v1/api-keys': { access: 'admin' },
  'DELETE /api/v1/api-keys/{id}': {
    access: 'admin',
    // A fresh viewer key for every call, so each success revokes a live key.
    params: async (w, s) =>
      s === 'missing'
        ? { id: MISSING_UUID }
        : { id: (await issueKey(w.t, '/api/v1/api-keys', { role: 'viewer', name: 'to revoke' })).id },
  },
  'PUT /api/v1/vendors/{key}': {
    access: 'admin',
    params: vendor,
    body: (p) => ({ payload: { name: p.key, contacts: [`desk@${p.key}.example`] } }),
  },
  'GET /api/v1/vendors/{key}': { access: 'read', params: vendor },
  'GET /api/v1/vendors': {
    access: 'read',
    itemVendors: (a: { items: Array<{ key: string }> }) => a.items.map((v) => v.key),
  },
  'POST /api/v1/vendors/{key}/api-keys': { access: 'admin', params: vendor, body: json({}) },
  'GET /api/v1/vendors/{key}/api-keys': { access: 'admin', params: vendor },
  'DELETE /api/v1/vendors/{key}/api-keys/{id}': {
    access: 'admin',
    // A fresh key of that vendor for every call, so each success revokes a live key.
    params: async (w, s) =>
      s === 'missing'
        ? { key: 'acme', id: MISSING_UUID }
        : {
            key: vendor(w, s).key,
            id: (await issueKey(w.t, `/api/v1/vendors/${vendor(w, s).key}/api-keys`)).id,
          },
  },
  'PUT /api/v1/contracts/{key}': {
    access: 'admin',
    params: contract,
    body: (p) => ({
      payload:
        p.key === CONTRACTS.globex
          ? GLOBEX_CONTRACT_YAML
          : EXAMPLE_CONTRACT_YAML.replace(`key: ${CONTRACTS.acme}`, `key: ${p.key}`),
      headers: { 'content-type': 'application/yaml' },
    }),
    fields: ['apiVersion', 'kind', 'metadata', 'spec'],
    jsonBody: exampleContract,
  },
  'GET /api/v1/contracts/{key}': { access: 'read', params: contract },
  'GET /api/v1/contracts': {
    access: 'read',
    itemVendors: (a: { items: Array<{ vendor: string }> }) => a.items.map((c) => c.vendor),
  },
  'GET /api/v1/contracts/{key}/versions': { access: 'read', params: contract },
  'POST /api/v1/contracts/{key}/exclusions': {
    access: 'admin',
    params: contract,
    body: json({
      from: '2027-03-13T02:00:00Z',
      to: '2027-03-13T03:00:00Z',
      reason: 'second outage',
      approvedBy: 'cio@customer.example',
    }),
  },
  'GET /api/v1/contracts/{key}/exclusions': { access: 'read', params: contract },
  'POST /api/v1/contracts/{key}/deliverables/{dkey}/delivery': {
    access: 'deliver',
    // Each deliverable can be delivered once: admin delivers dr-site, acme itself runbooks.
    params: (w, s, caller) => ({
      ...contract(w, s),
      dkey: s === 'own' && caller === 'vendor' ? 'runbooks' : 'dr-site',
    }),
    body: json({ note: 'done' }),
    otherState: async (w) =>
      (
        await w.t.request({
          method: 'GET',
          url: `/api/v1/contracts/${CONTRACTS.globex}/status`,
          token: w.tokens.admin,
        })
      ).json<{ deliverables: unknown }>().deliverables,
  },
  'POST /api/v1/samples': {
    access: 'ingest',
    body: json({ samples: [sampleAt('2027-03-15T10:00:00Z')] }),
    elementStrings: [['samples', 0, 'labels', 'region']],
    deepElement: (deep) =>
      `{"samples": [{"metric": "m", "value": 1, "timestamp": "2027-03-15T10:00:00Z", "labels": {"a": ${deep}}}]}`,
  },
  'POST /api/v1/events': {
    access: 'ingest',
    body: json({
      events: [{ item: 'ticket', id: 'INC-2', action: 'opened', timestamp: '2027-03-15T10:00:00Z' }],
    }),
    elementStrings: [['events', 0, 'attributes', 'priority']],
    deepElement: (deep) =>
      `{"events": [{"item": "ticket", "id": "A", "action": "opened", "timestamp": "2027-03-15T10:00:00Z", "attributes": {"a": ${deep}}}]}`,
  },
  'POST /api/v1/write': {
    access: 'ingest',
    body: () => ({
      payload: snappy(
        encodeV1([
          {
            labels: { __name__: 'security_probe' },
            samples: [{ value: 1, timestamp: Date.parse('2027-03-15T10:00:00Z') }],
          },
        ]),
      ),
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy' },
    }),
    fields: ['timeseries', 'metadata'],
  },
  'POST /v1/metrics': {
    access: 'ingest',
    body: json(gaugeRequest('security_probe', [[Date.parse('2027-03-15T10:00:00Z'), 1]])),
    fields: ['resourceMetrics'],
    errors: 'rpc-status',
  },
  'POST /api/v1/evaluations': { access: 'admin', noBody: true },
  'POST /api/v1/compactions': { access: 'admin', noBody: true },
  'GET /api/v1/contracts/{key}/status': { access: 'read', params: contract },
  'GET /api/v1/notifications': { access: 'admin' },
  'GET /api/v1/breaches': {
    access: 'read',
    itemVendors: (a: { items: Array<{ vendor: string }> }) => a.items.map((b) => b.vendor),
    leakQueries: ['vendor=globex', `contract=${CONTRACTS.globex}`, 'status=open&vendor=globex'],
  },
  'GET /api/v1/breaches/{id}': { access: 'read', params: breach },
  'POST /api/v1/breaches/{id}/acknowledge': {
    access: 'admin',
    params: (w, s) => ({ id: s === 'own' ? w.breaches.acmeOpen : breach(w, s).id }),
    body: json({ by: 'ops@customer.example' }),
  },
  'GET /api/v1/contracts/{key}/statements': { access: 'read', params: contract },
  'GET /api/v1/contracts/{key}/statements/chain': { access: 'read', params: contract },
  'GET /api/v1/contracts/{key}/statements/{period}': { access: 'read', params: statement },
  'POST /api/v1/contracts/{key}/statements/{period}/restatements': {
    access: 'admin',
    params: statement,
    body: json({ reason: 'recomputed in a test' }),
  },
};

/** Routes deliberately left out of the OpenAPI document, and where their access is tested. */
export const UNDOCUMENTED: Record<string, string> = {
  'GET /metrics': 'test/metrics.e2e-spec.ts (open, or METRICS_TOKEN)',
};

/** Every route of every Nest controller, as `METHOD /path/{param}`, documented or not. */
export function controllerRoutes(app: INestApplication): string[] {
  const routes: string[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      const proto = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (method === undefined || path === undefined) continue;
        const full = `/${base}/${path}`
          .replace(/\/+/g, '/')
          .replace(/(.)\/$/, '$1')
          .replace(/:(\w+)/g, '{$1}');
        routes.push(`${RequestMethod[method]} ${full}`);
      }
    }
  }
  return routes;
}

export function fillPath(path: string, params: Params): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(params[name]);
  });
}

// Errors leak nothing (docs/performance.md, security): no stack frame, no driver error, no SQL of ours, no source path.
export const LEAKS: Array<[string, RegExp]> = [
  ['a stack frame', /\bat .+\(.+:\d+:\d+\)/],
  ['QueryFailedError', /QueryFailedError/],
  ['SQL (SELECT)', /SELECT /],
  ['SQL (INSERT INTO)', /INSERT INTO/],
  ['a source path', /\/src\//],
  ['node_modules', /node_modules/],
];

/** What an answer leaks, as short phrases (empty when nothing). */
export function leaksIn(body: string): string[] {
  return LEAKS.filter(([, re]) => re.test(body)).map(([name]) => name);
}
