import { NotificationSender } from '../src/notifications/notification-sender.service';
import { putContractJson, putVendor } from './support/fixtures';
import { issueKey, ok } from './support/security-world';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app';

// docs/performance.md, security: secrets (SLA_ADMIN_TOKEN, the SMTP_URL password, the database password) never appear
// in logs; nor do API tokens or TOKEN_SECRET. pino writes to process.stdout.write once that is
// replaced (pino checks at creation), so the spy is installed before the app is built and every log
// line of its boot, its requests and a failed mail send is captured.

const SMTP_PASSWORD = 'S3cretSmtpPass';
const TOKEN_SECRET = 'security-log-token-secret-0123456789abcdef';
const NOW = new Date('2027-03-10T12:00:00Z');

describe('secrets never reach the log', () => {
  let t: TestApp;
  let spy: jest.SpyInstance;
  const out: string[] = [];
  const secrets: Record<string, string> = {
    SLA_ADMIN_TOKEN: ADMIN_TOKEN,
    'the SMTP password': SMTP_PASSWORD,
    TOKEN_SECRET,
  };

  beforeAll(async () => {
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
      out.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    });
    t = await createTestApp({
      LOG_LEVEL: 'debug',
      SMTP_URL: `smtp://user:${SMTP_PASSWORD}@127.0.0.1:1`,
      MAIL_FROM: 'sla@customer.example',
      TOKEN_SECRET,
    });
    const dbPassword = decodeURIComponent(new URL(t.db.url).password);
    if (dbPassword) secrets['the database password'] = dbPassword;
  });
  afterAll(async () => {
    try {
      await t.close();
    } finally {
      spy.mockRestore();
    }
  });

  it('logs requests, failed logins and a failed mail send without any secret', async () => {
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, token?: string, payload?: object) =>
      t.request({ method, url, token, payload });
    // Failed admin logins: a near-miss token, the token in a query string, and Basic credentials.
    const failed = [
      await call('GET', '/api/v1/notifications', `${ADMIN_TOKEN}x`),
      await call('GET', `/api/v1/notifications?access_token=${ADMIN_TOKEN}`),
      await t.request({
        method: 'GET',
        url: '/api/v1/notifications',
        headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` },
      }),
    ];
    for (const res of failed) {
      expect(res.statusCode).toBe(401);
      expect(res.body).not.toContain(ADMIN_TOKEN);
    }
    await putVendor(t, 'acme');
    const vendor = await issueKey(t, '/api/v1/vendors/acme/api-keys');
    const viewer = await issueKey(t, '/api/v1/api-keys', { role: 'viewer', name: 'dashboards' });
    secrets['a vendor token'] = vendor.token;
    secrets['a viewer token'] = viewer.token;
    expect((await call('POST', '/api/v1/samples', vendor.token, { samples: [] })).statusCode).toBe(200);
    expect((await call('PUT', '/api/v1/vendors/acme', vendor.token, { name: 'x' })).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/vendors', viewer.token)).statusCode).toBe(200);

    // A mail to a closed port: one row is retried, one (on its last try) fails and is logged.
    t.setNow(NOW);
    ok(
      await putContractJson(t, 'main-2027', {
        apiVersion: 'sla-sentinel/v1',
        kind: 'Contract',
        metadata: { key: 'main-2027', title: 'Main' },
        spec: {
          vendor: 'acme',
          timezone: 'UTC',
          effective: { from: '2027-03-01' },
          owners: ['owner@customer.example'],
          objectives: [
            {
              key: 'avail',
              title: 'Availability',
              responsible: 'vendor',
              period: 'month',
              indicator: { kind: 'ratio', good: 'ok', total: 'all' },
              objective: '>= 99%',
            },
          ],
        },
      }),
      'contract',
    );
    for (const [key, attempts] of [
      ['deliverable.due_soon:retried', 0],
      ['deliverable.due_soon:last-try', 9],
    ] as const) {
      await t.dataSource.query(
        `INSERT INTO notifications (event_key, event, contract_id, payload, next_attempt_at, created_at, attempts)
         SELECT $1, 'deliverable.due_soon', id, $2, $3, $3, $4 FROM contracts WHERE key = 'main-2027'`,
        [
          key,
          JSON.stringify({
            contract: 'main-2027',
            deliverable: 'dr',
            title: 'DR site',
            due: '2027-03-11T12:00:00Z',
          }),
          NOW.toISOString(),
          attempts,
        ],
      );
    }
    expect(await t.app.get(NotificationSender).run(NOW.getTime())).toEqual({
      sent: 0,
      retried: 1,
      failed: 1,
    });
    const outbox = await call('GET', '/api/v1/notifications', ADMIN_TOKEN);
    expect(outbox.json<{ items: Array<{ lastError: string }> }>().items.map((n) => n.lastError)).toEqual([
      expect.stringMatching(/ECONNREFUSED|connect/i),
      expect.stringMatching(/ECONNREFUSED|connect/i),
    ]);
    expect(outbox.body).not.toContain(SMTP_PASSWORD);

    const log = out.join('');
    // The capture works: boot, request and mail lines are there, and debug is on.
    expect(log).toContain('Mail goes out through SMTP');
    expect(log).toMatch(/"status":401/);
    expect(log).toContain('Notification failed');
    expect(log).toMatch(/ECONNREFUSED|connect/);
    const leaked = Object.entries(secrets)
      .filter(([, secret]) => log.includes(secret))
      .map(([name]) => name);
    expect(leaked).toEqual([]);
  });
});
