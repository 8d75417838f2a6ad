import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { parse } from 'yaml';
import { ADMIN_TOKEN, type TestApp } from './test-app';

export const EXAMPLE_CONTRACT_YAML = readFileSync(
  join(__dirname, '../../docs/examples/contract.yaml'),
  'utf8',
);
export const exampleContract = (): Record<string, any> => parse(EXAMPLE_CONTRACT_YAML) as Record<string, any>;

export async function putVendor(t: TestApp, key: string): Promise<void> {
  const res = await t.request({
    method: 'PUT',
    url: `/api/v1/vendors/${key}`,
    token: ADMIN_TOKEN,
    payload: { name: key, contacts: [`desk@${key}.example`] },
  });
  if (res.statusCode >= 300) throw new Error(`vendor ${key}: ${res.statusCode} ${res.body}`);
}

export async function vendorToken(t: TestApp, key: string): Promise<string> {
  const res = await t.request({
    method: 'POST',
    url: `/api/v1/vendors/${key}/api-keys`,
    token: ADMIN_TOKEN,
    payload: {},
  });
  return res.json<{ token: string }>().token;
}

export function putContractYaml(t: TestApp, key: string, yaml: string, token = ADMIN_TOKEN) {
  return t.request({
    method: 'PUT',
    url: `/api/v1/contracts/${key}`,
    token,
    headers: { 'content-type': 'application/yaml' },
    payload: yaml,
  });
}

export function putContractJson(t: TestApp, key: string, doc: unknown, token = ADMIN_TOKEN) {
  return t.request({ method: 'PUT', url: `/api/v1/contracts/${key}`, token, payload: doc as object });
}

/**
 * Creates the vendor (acme unless `vendor` says otherwise) and applies `doc` (YAML text or a document)
 * as the new contract `key` (201), at `at` when given.
 */
export async function createContract(
  t: TestApp,
  key: string,
  doc: string | object,
  { vendor = 'acme', at }: { vendor?: string; at?: string | Date } = {},
) {
  if (at !== undefined) t.setNow(new Date(at));
  await putVendor(t, vendor);
  const res =
    typeof doc === 'string' ? await putContractYaml(t, key, doc) : await putContractJson(t, key, doc);
  expect(res.statusCode).toBe(201);
}

/** A request with the admin token; a string payload is sent as it is, under `headers`' content type. */
export function asAdmin(
  t: TestApp,
  method: InjectOptions['method'],
  url: string,
  payload?: object | string,
  headers?: Record<string, string>,
) {
  return t.request({ method, url, token: ADMIN_TOKEN, payload, headers });
}

/** A contract document (acme's, UTC, one owner, 2027 by default) around `spec`'s objectives. */
export function contractDoc(key: string, spec: Record<string, unknown>, title = key) {
  return {
    apiVersion: 'sla-sentinel/v1',
    kind: 'Contract',
    metadata: { key, title },
    spec: {
      vendor: 'acme',
      timezone: 'UTC',
      effective: { from: '2027-03-01', to: '2027-12-31' },
      owners: ['owner@customer.example'],
      ...spec,
    },
  };
}

/** An objective of `indicator` (vendor-responsible, monthly unless `extra` says otherwise). */
export function objectiveDoc(key: string, indicator: Record<string, unknown>, objective: string, extra = {}) {
  return { key, title: key, responsible: 'vendor', period: 'month', indicator, objective, ...extra };
}

/** `avg(metric) <= 200` over `period`. */
export const latencyObjective = (key: string, metric: string, period = 'month') =>
  objectiveDoc(key, { kind: 'threshold', metric, aggregate: 'avg' }, '<= 200', { period });

/** `ok / all >= 99%`, critical and monthly, titled Availability, with service `credits`. */
export const availabilityObjective = (credits: Array<{ below: number; credit: number }>) =>
  objectiveDoc('avail', { kind: 'ratio', good: 'ok', total: 'all' }, '>= 99%', {
    title: 'Availability',
    severity: 'critical',
    credits,
  });

/** One-minute slices of `min(up) >= 1`, monthly; a minute without a sample counts as down. */
export const uptimeObjective = (objective: string, extra = {}) =>
  objectiveDoc(
    'uptime',
    { kind: 'timeslice', metric: 'up', slice: '1m', aggregate: 'min', good: '>= 1' },
    objective,
    { missingData: 'bad', ...extra },
  );

/** Posts `samples` as the vendor whose token is `token`, at most `chunk` a request: the answers. */
export async function postSamples(t: TestApp, token: string, samples: object[], chunk = 10_000) {
  const answers: LightMyRequestResponse[] = [];
  for (let i = 0; i < samples.length; i += chunk) {
    answers.push(
      await t.request({
        method: 'POST',
        url: '/api/v1/samples',
        token,
        payload: { samples: samples.slice(i, i + chunk) },
      }),
    );
  }
  return answers;
}

/** The statuses of `contract`'s objectives by objective key, as the admin reads them (200). */
export async function objectiveStatuses(t: TestApp, contract: string) {
  const res = await asAdmin(t, 'GET', `/api/v1/contracts/${contract}/status`);
  expect(res.statusCode).toBe(200);
  const body = res.json<{ objectives: Array<Record<string, any>> }>();
  return Object.fromEntries(body.objectives.map((o) => [o.key as string, o]));
}

/** Runs an evaluation pass as the admin (at `at`, when given) and expects it to succeed. */
export async function runPass(t: TestApp, at?: string | Date) {
  if (at !== undefined) t.setNow(new Date(at));
  const res = await t.request({ method: 'POST', url: '/api/v1/evaluations', token: ADMIN_TOKEN });
  expect(res.statusCode).toBe(200);
  return res;
}
