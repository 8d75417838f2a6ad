import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
