import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { ROOT, startServiceProcess } from '../support/service-process';

// The compiled service as a child process on the real clock (Prometheus stamps scrapes with the real
// time), loaded with the example contract and fed like a vendor would feed it.

export { ROOT };
export const ADMIN = 'prom-test-admin-token-0123456789abcdef';
export const VENDOR = 'acme';
export const CONTRACT = 'acme-it-2027';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export interface Service {
  base: string;
  /** host:port, as Prometheus labels the target (`instance`). */
  target: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startService(databaseUrl: string): Promise<Service> {
  const service = await startServiceProcess({
    databaseUrl,
    env: {
      SLA_ADMIN_TOKEN: ADMIN,
      // The test drives evaluation through the API (the scheduled pass would come only after a day);
      // the mail sender runs every second and writes the outbox as .eml files (no SMTP_URL).
      SCHEDULER_ENABLED: 'true',
      EVALUATION_INTERVAL: '24h',
      MAIL_INTERVAL: '1s',
      INGEST_RATE_LIMIT: '100000',
    },
  });
  return {
    base: service.base,
    target: `127.0.0.1:${service.port}`,
    output: service.output,
    stop: () => service.stop(),
  };
}

export async function api(
  base: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  type = 'application/json',
): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * The example contract (docs/examples/contract.yaml, the repository's copy of the shared example) with
 * its dates moved to today: effective from two days ago, one deliverable due in a month and one due
 * yesterday. Everything else (objectives, calendars, credits) is the example's.
 */
export function exampleContractNow(now: number): string {
  const doc = parseDocument(readFileSync(join(ROOT, 'docs/examples/contract.yaml'), 'utf8'));
  doc.setIn(['spec', 'effective'], {
    from: iso(now - 2 * DAY).slice(0, 10),
    to: iso(now + 400 * DAY).slice(0, 10),
  });
  doc.setIn(['spec', 'deliverables', 0, 'due'], iso(now + 30 * DAY));
  doc.setIn(['spec', 'deliverables', 1, 'due'], iso(now - DAY));
  return String(doc);
}

export interface Loaded {
  vendorToken: string;
}

/**
 * Vendor, contract, three hours of samples (every tenth minute all portal requests fail: 90 %,
 * breached against 99.9 % with a 20 % credit; latency well under 300 ms: met), P1 tickets answered
 * in 5 minutes (met), an evaluation, the overdue deliverable delivered late, another evaluation.
 */
export async function loadExample(base: string): Promise<Loaded> {
  const now = Date.now();
  await api(base, 'PUT', `/api/v1/vendors/${VENDOR}`, ADMIN, {
    name: 'Acme Ltd',
    contacts: ['sla-desk@acme.example'],
  });
  const { token } = await api(base, 'POST', `/api/v1/vendors/${VENDOR}/api-keys`, ADMIN, {});
  await api(base, 'PUT', `/api/v1/contracts/${CONTRACT}`, ADMIN, exampleContractNow(now), 'application/yaml');

  const start = Math.floor(now / MIN) * MIN - 180 * MIN;
  const samples = Array.from({ length: 180 }, (_, m) => {
    const timestamp = iso(start + m * MIN);
    return [
      { metric: 'portal_requests', value: 100, timestamp },
      { metric: 'portal_requests_ok', value: m % 10 === 0 ? 0 : 100, timestamp },
      { metric: 'portal_up', value: 1, timestamp },
      { metric: 'api_latency_ms', value: 120 + (m % 10), timestamp },
    ];
  }).flat();
  const stored = await api(base, 'POST', '/api/v1/samples', token, { samples });
  if (stored.accepted !== samples.length) throw new Error(`samples: ${JSON.stringify(stored)}`);

  const events = [0, 1, 2].flatMap((i) => {
    const opened = start + (30 + 40 * i) * MIN;
    const id = `INC-${i + 1}`;
    return [
      { item: 'ticket', id, action: 'opened', timestamp: iso(opened), attributes: { priority: 'P1' } },
      { item: 'ticket', id, action: 'responded', timestamp: iso(opened + 5 * MIN) },
      { item: 'ticket', id, action: 'resolved', timestamp: iso(opened + 20 * MIN) },
    ];
  });
  const recorded = await api(base, 'POST', '/api/v1/events', token, { events });
  if (recorded.accepted !== events.length) throw new Error(`events: ${JSON.stringify(recorded)}`);

  await api(base, 'POST', '/api/v1/evaluations', ADMIN);
  await api(base, 'POST', `/api/v1/contracts/${CONTRACT}/deliverables/runbooks/delivery`, token, {
    note: 'handed over a day late',
  });
  await api(base, 'POST', '/api/v1/evaluations', ADMIN);
  return { vendorToken: token };
}

/**
 * What a live system does between scrapes: every second a vendor push (new samples, one duplicate,
 * one rejected element, a ticket event) and an evaluation pass, so rate() and histogram panels have
 * increases inside any recent window. Stopped by the returned function.
 */
export function keepBusy(base: string, loaded: Loaded): () => Promise<void> {
  let running = true;
  let failure: Error | undefined;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const timestamp = iso(Date.now());
      await api(base, 'POST', '/api/v1/samples', loaded.vendorToken, {
        samples: [
          { metric: 'portal_requests', value: 100, timestamp },
          { metric: 'portal_requests_ok', value: 100, timestamp },
          { metric: 'portal_up', value: 1, timestamp },
          { metric: 'api_latency_ms', value: 125, timestamp },
          { metric: 'api_latency_ms', value: 125, timestamp },
          { metric: 'not a metric', value: 1, timestamp },
        ],
      });
      await api(base, 'POST', '/api/v1/events', loaded.vendorToken, {
        events: [
          { item: 'ticket', id: `LOAD-${i}`, action: 'opened', timestamp, attributes: { priority: 'P3' } },
        ],
      });
      await api(base, 'POST', '/api/v1/evaluations', ADMIN);
      await new Promise((r) => setTimeout(r, 1000));
    }
  })().catch((error: unknown) => (failure = error instanceof Error ? error : new Error(String(error))));
  return async () => {
    running = false;
    await loop;
    if (failure) throw failure;
  };
}
