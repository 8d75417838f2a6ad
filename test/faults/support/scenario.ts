import { Client } from 'pg';

// What every fault scenario starts from: a vendor with a token and a contract in force since
// yesterday, whose objectives read the load generator's metrics, so passes have work to do.

export const ADMIN = 'fault-test-admin-token-0123456789abcdef';
export const HOUR = 3_600_000;

export async function call(base: string, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, any>) : {};
}

export function contract(now: number, overrides: Record<string, unknown> = {}) {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return {
    apiVersion: 'sla-sentinel/v1',
    kind: 'Contract',
    metadata: { key: 'faults-2027', title: 'Fault drills' },
    spec: {
      vendor: 'acme',
      timezone: 'UTC',
      effective: { from: day(now - 2 * 24 * HOUR) },
      owners: ['owner@customer.example'],
      vendorContacts: ['desk@acme.example'],
      objectives: [0, 1, 2, 3].map((i) => ({
        key: `load-${i}`,
        title: `Load ${i} values stay low`,
        responsible: 'vendor',
        period: 'day',
        indicator: { kind: 'threshold', metric: `load_c${i}`, aggregate: 'avg' },
        // The generator's values average about 500: breached, so breaches open and mail is sent.
        objective: '<= 100',
      })),
      ...overrides,
    },
  };
}

/** Vendor, contract and a vendor token through the API of a running service. */
export async function seed(base: string, now: number, overrides?: Record<string, unknown>): Promise<string> {
  await call(base, 'PUT', '/api/v1/vendors/acme', ADMIN, { name: 'Acme', contacts: ['desk@acme.example'] });
  await call(base, 'PUT', '/api/v1/contracts/faults-2027', ADMIN, contract(now, overrides));
  const key = await call(base, 'POST', '/api/v1/vendors/acme/api-keys', ADMIN, {});
  return key.token as string;
}

export async function query<T>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** One counter of a /metrics scrape, summed over its label sets matching `labels`. */
export async function counter(base: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) && line.includes(labels)) sum += Number(line.split(' ').pop());
  }
  return sum;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
