import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { buildWorld, CLOSED_PERIOD, CONTRACTS, MISSING_UUID, type World } from './support/security-world';
import { asAdmin } from './support/fixtures';
import { ADMIN_TOKEN, useTestApp } from './support/test-app';
import { type TestDatabase, useTestDatabase } from './support/test-database';

// What a hostile or careless client can send besides valid requests: text PostgreSQL cannot store,
// dates JavaScript parses but PostgreSQL cannot hold, bodies of other media types, unknown methods,
// forged client addresses and bodies that never finish.

type Problem = { status: number; detail: string; errors?: Array<{ path: string; message: string }> };
const JSON_TYPE = { 'content-type': 'application/json' };
const BAD_TEXT: Array<[string, string]> = [
  ['NUL', 'a\u0000b'],
  ['a lone surrogate', 'a\ud800b'],
];

describe('malformed text, dates and media types', () => {
  const t = useTestApp({ INGEST_RATE_LIMIT: '100000' });
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(t);
  });

  const contract = `/api/v1/contracts/${CONTRACTS.acme}`;
  // [method and route, the string field to spoil (a JSON path), url, a valid body]
  const WRITES: Array<[string, string, () => string, Record<string, unknown>]> = [
    ['PUT vendor', 'name', () => '/api/v1/vendors/acme', { name: 'Acme' }],
    [
      'PUT vendor',
      'contacts[0]',
      () => '/api/v1/vendors/acme',
      { name: 'Acme', contacts: ['a@acme.example'] },
    ],
    ['POST api-keys', 'name', () => '/api/v1/api-keys', { role: 'viewer', name: 'n' }],
    ['POST vendor api-keys', 'name', () => '/api/v1/vendors/acme/api-keys', { name: 'n' }],
    [
      'POST exclusions',
      'reason',
      () => `${contract}/exclusions`,
      { from: '2027-03-13T02:00:00Z', to: '2027-03-13T03:00:00Z', reason: 'r', approvedBy: 'a' },
    ],
    [
      'POST exclusions',
      'approvedBy',
      () => `${contract}/exclusions`,
      { from: '2027-03-13T02:00:00Z', to: '2027-03-13T03:00:00Z', reason: 'r', approvedBy: 'a' },
    ],
    ['POST acknowledge', 'by', () => `/api/v1/breaches/${w.breaches.acmeOpen}/acknowledge`, { by: 'ops' }],
    [
      'POST acknowledge',
      'note',
      () => `/api/v1/breaches/${w.breaches.acmeOpen}/acknowledge`,
      { by: 'ops', note: 'n' },
    ],
    [
      'POST restatements',
      'reason',
      () => `${contract}/statements/${CLOSED_PERIOD}/restatements`,
      { reason: 'r' },
    ],
    ['POST delivery', 'note', () => `${contract}/deliverables/dr-site/delivery`, { note: 'n' }],
  ];

  const spoil = (body: Record<string, unknown>, field: string, value: string) => {
    const copy = structuredClone(body);
    const list = /^(\w+)\[0\]$/.exec(field);
    if (list) copy[list[1]] = [value];
    else copy[field] = value;
    return JSON.stringify(copy);
  };

  describe.each(BAD_TEXT)('%s in a string field', (_, value) => {
    it.each(WRITES)('%s: 422 naming %s', async (route, field, url, body) => {
      const res = await asAdmin(t, route.split(' ')[0], url(), spoil(body, field, value), JSON_TYPE);
      expect({ status: res.statusCode, paths: res.json<Problem>().errors?.map((e) => e.path) }).toEqual({
        status: 422,
        paths: [field],
      });
      expect(res.headers['content-type']).toContain('application/problem+json');
    });
  });

  it('refuses NUL or a lone surrogate in an object key, naming where', async () => {
    const res = await asAdmin(
      t,
      'PUT',
      '/api/v1/vendors/acme',
      '{"name": "Acme", "contacts": [], "x\\u0000": 1}',
      JSON_TYPE,
    );
    expect(res.statusCode).toBe(422);
    expect(res.json<Problem>().errors?.[0].path).toBe('x\ufffd');
  });

  it.each([
    ['a period with NUL', `${contract}/statements/2026-11%00`, 'GET', 'period'],
    ['a restated period with NUL', `${contract}/statements/2026-11%00/restatements`, 'POST', 'period'],
    ['a contract key with NUL', '/api/v1/contracts/acme%00', 'GET', 'key'],
    ['a breach id with NUL', '/api/v1/breaches/a%00b', 'GET', 'id'],
    ['a query value with NUL', '/api/v1/breaches?contract=a%00b', 'GET', 'contract'],
    ['a query name with NUL', '/api/v1/breaches?a%00b=1', 'GET', 'a\ufffdb'],
  ])('answers %s with 400 naming the parameter', async (_, url, method, name) => {
    const res = await asAdmin(t, method, url, method === 'POST' ? { reason: 'r' } : undefined);
    expect({ status: res.statusCode, paths: res.json<Problem>().errors?.map((e) => e.path) }).toEqual({
      status: 400,
      paths: [name],
    });
  });

  const cursorAt = (at: string) => Buffer.from(`${at}|${MISSING_UUID}`).toString('base64url');
  it.each([
    [
      'a cursor dated +275760-09-13',
      `/api/v1/breaches?cursor=${cursorAt('+275760-09-13T00:00:00.000Z')}`,
      'cursor',
    ],
    [
      'a cursor dated 0000-01-01',
      `/api/v1/breaches?cursor=${cursorAt('0000-01-01T00:00:00.000Z')}`,
      'cursor',
    ],
    ['breaches from year 0', '/api/v1/breaches?from=0000-01-01T00:00:00Z', 'from'],
    ['breaches to year 0', '/api/v1/breaches?to=0000-12-31T00:00:00Z', 'to'],
    ['exclusions from year 0', `${contract}/exclusions?from=0000-01-01T00:00:00Z`, 'from'],
    [
      'exclusions to year 10000',
      `${contract}/exclusions?from=9999-12-31T00:00:00Z&to=%2B010000-01-01T00:00:00Z`,
      'to',
    ],
  ])('answers %s with 400 naming it', async (_, url, name) => {
    const res = await asAdmin(t, 'GET', url);
    expect({ status: res.statusCode, paths: res.json<Problem>().errors?.map((e) => e.path) }).toEqual({
      status: 400,
      paths: [name],
    });
  });

  it.each([
    [
      'exclusion from',
      `${contract}/exclusions`,
      { from: '0000-01-01T00:00:00Z', to: '0000-01-02T00:00:00Z', reason: 'r', approvedBy: 'a' },
      ['from', 'to'],
    ],
    [
      'exclusion to',
      `${contract}/exclusions`,
      { from: '2027-03-13T02:00:00Z', to: '+275760-09-13T00:00:00Z', reason: 'r', approvedBy: 'a' },
      ['to'],
    ],
    [
      'deliveredAt',
      `${contract}/deliverables/runbooks/delivery`,
      { deliveredAt: '0999-12-31T23:59:59Z' },
      ['deliveredAt'],
    ],
  ])('answers a %s PostgreSQL cannot store with 422 naming it', async (_, url, payload, paths) => {
    const res = await asAdmin(t, 'POST', url, payload);
    expect({ status: res.statusCode, paths: res.json<Problem>().errors?.map((e) => e.path) }).toEqual({
      status: 422,
      paths,
    });
  });

  it.each([
    ['text/plain', 'text/plain', '{"name": "Acme"}', '/api/v1/vendors/acme'],
    ['a form', 'application/x-www-form-urlencoded', 'name=Acme', '/api/v1/vendors/acme'],
    ['YAML outside the contract routes', 'application/yaml', 'name: Acme', '/api/v1/vendors/acme'],
    ['text/plain to the contract route', 'text/plain', 'apiVersion: x', contract],
  ])('answers %s with 415', async (_, type, payload, url) => {
    const res = await asAdmin(t, 'PUT', url, payload, { 'content-type': type });
    expect(res.statusCode).toBe(415);
    expect(res.json<Problem>().detail).toMatch(/Content-Type/);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('blames Content-Encoding, not Content-Type, for an unsupported encoding', async () => {
    const res = await asAdmin(t, 'PUT', '/api/v1/vendors/acme', '{"name": "Acme"}', {
      ...JSON_TYPE,
      'content-encoding': 'br',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json<Problem>().detail).toMatch(/Content-Encoding/);
    expect(res.json<Problem>().detail).not.toMatch(/Content-Type/);
  });

  it.each([
    ['PATCH', '/api/v1/vendors/acme', ['GET', 'PUT']],
    ['DELETE', '/api/v1/vendors', ['GET']],
    ['PUT', '/api/v1/breaches/x/acknowledge', ['POST']],
    ['POST', `${contract}/statements/chain`, ['GET']],
    ['DELETE', '/health/live', ['GET']],
  ])('answers %s %s with 405 and Allow', async (method, url, allowed) => {
    const res = await t.request({ method: method, url, token: ADMIN_TOKEN });
    expect(res.statusCode).toBe(405);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const allow = String(res.headers.allow).split(', ');
    expect(allow).toEqual(expect.arrayContaining(allowed));
    expect(allow).not.toContain(method);
  });

  it('still answers 404 for a path no route serves', async () => {
    const res = await t.request({ method: 'PATCH', url: '/api/v1/nothing-here', token: ADMIN_TOKEN });
    expect(res.statusCode).toBe(404);
    expect(res.headers.allow).toBeUndefined();
  });

  it('sends X-Content-Type-Options: nosniff with every answer', async () => {
    const answers = await Promise.all([
      t.request({ method: 'GET', url: '/health/live' }),
      t.request({ method: 'GET', url: '/api/v1/vendors' }),
      t.request({ method: 'GET', url: '/api/v1/vendors', token: ADMIN_TOKEN }),
      t.request({ method: 'GET', url: '/no-such-route' }),
      t.request({ method: 'PATCH', url: '/api/v1/vendors' }),
      t.request({ method: 'GET', url: '/docs/openapi.json' }),
      t.request({ method: 'GET', url: '/metrics' }),
      t.request({
        method: 'PUT',
        url: '/api/v1/vendors/acme',
        token: ADMIN_TOKEN,
        headers: { 'content-type': 'text/csv' },
        payload: 'x',
      }),
    ]);
    expect(answers.map((r) => `${r.statusCode} ${String(r.headers['x-content-type-options'])}`)).toEqual(
      answers.map((r) => `${r.statusCode} nosniff`),
    );
  });

  it.each([
    ['/api/v1/api-keys', { role: 'viewer', name: 'cached?' }],
    ['/api/v1/vendors/acme/api-keys', {}],
  ])('answers POST %s (a new token) with Cache-Control: no-store', async (url, payload) => {
    const res = await t.request({ method: 'POST', url, token: ADMIN_TOKEN, payload });
    expect(res.statusCode).toBe(201);
    expect(res.json<{ token: string }>().token).toMatch(/^sla_/);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

/** The service with its log lines captured, for what it saw of the client. */
async function appWithLog(
  db: TestDatabase,
  env: Record<string, string>,
): Promise<{
  app: NestFastifyApplication;
  lines: Array<Record<string, unknown>>;
  close: () => Promise<void>;
}> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sla-hardening-'));
  const lines: Array<Record<string, unknown>> = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig({
    SLA_ADMIN_TOKEN: ADMIN_TOKEN,
    TOKEN_SECRET: 'test-token-secret-0123456789abcdef0123',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    SCHEDULER_ENABLED: 'false',
    ...env,
  });
  const app = await createApp({ config, databaseUrl: db.url }, { logDestination });
  return {
    app,
    lines,
    close: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

describe('client addresses and slow clients', () => {
  const db = useTestDatabase();

  const clientIpOf = async (env: Record<string, string>) => {
    const s = await appWithLog(db, env);
    try {
      await s.app.inject({
        method: 'GET',
        url: '/api/v1/vendors',
        remoteAddress: '10.0.0.7',
        headers: { 'x-forwarded-for': '203.0.113.66', authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      return s.lines.filter((l) => l.msg === 'request').map((l) => l.ip);
    } finally {
      await s.close();
    }
  };

  it('ignores a forged X-Forwarded-For unless TRUST_PROXY says to trust the peer', async () => {
    expect(await clientIpOf({})).toEqual(['10.0.0.7']);
    expect(await clientIpOf({ TRUST_PROXY: '192.168.0.0/16' })).toEqual(['10.0.0.7']);
    expect(await clientIpOf({ TRUST_PROXY: '10.0.0.0/8' })).toEqual(['203.0.113.66']);
    expect(await clientIpOf({ TRUST_PROXY: 'true' })).toEqual(['203.0.113.66']);
  });

  const sendAndStall = async (port: number, text: string) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.write(text);
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    return { ms: Date.now() - started, answer };
  };

  it('cuts off a client that sends half a body (or half the headers) and stalls', async () => {
    const s = await appWithLog(db, { REQUEST_TIMEOUT: '1s', LOG_LEVEL: 'silent' });
    try {
      await s.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = s.app.getHttpServer().address() as { port: number };
      const halfBody = await sendAndStall(
        port,
        `PUT /api/v1/vendors/acme HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n` +
          `Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name": "Ac`,
      );
      expect(halfBody.ms).toBeGreaterThanOrEqual(900);
      expect(halfBody.ms).toBeLessThan(4000);
      expect(halfBody.answer).toMatch(/^HTTP\/1.1 408/);
      const halfHeaders = await sendAndStall(port, 'GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow');
      expect(halfHeaders.ms).toBeLessThan(4000);
      // Nothing was stored from the half body.
      const vendors = await s.app.inject({
        method: 'GET',
        url: '/api/v1/vendors',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(vendors.json<{ items: unknown[] }>().items).toEqual([]);
    } finally {
      await s.close();
    }
  }, 20_000);
});
