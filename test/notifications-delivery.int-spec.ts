import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeliveryRepository } from '../src/notifications/delivery.repository';
import { NotificationSender } from '../src/notifications/notification-sender.service';
import { putContractJson, putVendor } from './support/fixtures';
import { SmtpSink } from './support/smtp-sink';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// Delivery under trouble, against a real SMTP server: the server down or deferring (451) and back,
// a permanent refusal (550), three app instances sharing one outbox, a sender that dies mid-send,
// hostile text in every field that reaches a header, and the .eml fallback without SMTP_URL.

const OWNER = 'owner@customer.example';
const NOW = new Date('2027-03-10T12:00:00Z');
const HOUR = 3_600_000;

const contract = (key: string, owners: string[]) => ({
  apiVersion: 'sla-sentinel/v1',
  kind: 'Contract',
  metadata: { key, title: `Contract ${key}` },
  spec: {
    vendor: 'acme',
    timezone: 'UTC',
    effective: { from: '2027-03-01' },
    owners,
    notifyVendor: false,
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
});

describe('mail delivery through outages, refusals and replicas', () => {
  const smtp = new SmtpSink();
  let db: TestDatabase;
  let apps: TestApp[];
  let seq = 0;

  beforeAll(async () => {
    await smtp.start();
    db = await createTestDatabase();
    const env = { SMTP_URL: smtp.url, MAIL_FROM: 'sla@customer.example' };
    apps = [];
    for (let i = 0; i < 3; i++) apps.push(await createTestApp(env, { db }));
    const [t] = apps;
    await putVendor(t, 'acme');
    t.setNow(new Date('2027-03-01T00:00:00Z'));
    expect((await putContractJson(t, 'main-2027', contract('main-2027', [OWNER]))).statusCode).toBe(201);
    expect(
      (await putContractJson(t, 'gone-2027', contract('gone-2027', ['gone@customer.example']))).statusCode,
    ).toBe(201);
  });
  afterAll(async () => {
    for (const t of apps) await t.close();
    await db.drop();
    await smtp.stop();
  });
  beforeEach(async () => {
    smtp.mails.length = 0;
    smtp.answer = () => undefined;
    await apps[0].dataSource.query(`DELETE FROM notifications`);
  });

  const sender = (i = 0) => apps[i].app.get(NotificationSender);
  /** Outbox rows as a state change would write them: a due-soon notice per row. */
  const enqueue = async (n: number, contractKey = 'main-2027', payload: Record<string, unknown> = {}) => {
    const keys: string[] = [];
    for (let i = 0; i < n; i++) {
      const key = `deliverable.due_soon:test-${++seq}`;
      keys.push(key);
      await apps[0].dataSource.query(
        `INSERT INTO notifications (event_key, event, contract_id, payload, next_attempt_at, created_at)
         SELECT $1, 'deliverable.due_soon', id, $2, $3, $3 FROM contracts WHERE key = $4`,
        [
          key,
          JSON.stringify({
            contract: contractKey,
            deliverable: `d${seq}`,
            title: 'Runbooks',
            due: '2027-03-11T12:00:00Z',
            ...payload,
          }),
          NOW.toISOString(),
          contractKey,
        ],
      );
    }
    return keys;
  };
  const rows = (): Promise<
    Array<{ event_key: string; status: string; attempts: number; last_error: string | null }>
  > =>
    apps[0].dataSource.query(
      `SELECT event_key, status, attempts, last_error FROM notifications ORDER BY event_key`,
    );
  const messageIds = () => smtp.mails.map((m) => m.header('message-id'));

  it('SMTP server down, then back: every pending mail arrives exactly once', async () => {
    await enqueue(5);
    const port = smtp.port;
    await smtp.stop();
    expect(await sender().run(NOW.getTime())).toEqual({ sent: 0, retried: 5, failed: 0 });
    for (const r of await rows()) {
      expect(r).toMatchObject({ status: 'pending', attempts: 1 });
      expect(r.last_error).toMatch(/ECONNREFUSED|connect/i);
    }
    // Not due again yet: a run at the same instant leaves them alone.
    expect(await sender().run(NOW.getTime())).toEqual({ sent: 0, retried: 0, failed: 0 });
    await smtp.start(port);
    expect(await sender().run(NOW.getTime() + HOUR)).toEqual({ sent: 5, retried: 0, failed: 0 });
    expect(await sender().run(NOW.getTime() + 2 * HOUR)).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    expect(smtp.mails).toHaveLength(5);
    expect(new Set(messageIds()).size).toBe(5);
    expect((await rows()).map((r) => r.status)).toEqual(Array(5).fill('sent'));
  });

  it('a server answering 451, then accepting: retried with backoff, delivered once', async () => {
    await enqueue(3);
    smtp.answer = () => ({ code: 451, message: 'Greylisted, try later' });
    expect(await sender().run(NOW.getTime())).toEqual({ sent: 0, retried: 3, failed: 0 });
    const first: Array<{ next: Date }> = await apps[0].dataSource.query(
      `SELECT next_attempt_at AS next FROM notifications`,
    );
    for (const r of first) {
      // The first retry waits 30 s ± 25 %.
      expect(r.next.getTime() - NOW.getTime()).toBeGreaterThanOrEqual(22_500);
      expect(r.next.getTime() - NOW.getTime()).toBeLessThanOrEqual(37_500);
    }
    expect(await sender().run(NOW.getTime() + 60_000)).toEqual({ sent: 0, retried: 3, failed: 0 });
    expect((await rows()).map((r) => r.attempts)).toEqual([2, 2, 2]);
    smtp.answer = () => undefined;
    expect(await sender().run(NOW.getTime() + HOUR)).toEqual({ sent: 3, retried: 0, failed: 0 });
    expect(smtp.mails).toHaveLength(3);
    expect((await rows()).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('a 550 marks the row failed, keeps it for inspection and counts it', async () => {
    await enqueue(1, 'gone-2027');
    smtp.answer = (address) =>
      address.startsWith('gone@') ? { code: 550, message: 'No such user' } : undefined;
    expect(await sender().run(NOW.getTime())).toEqual({ sent: 0, retried: 0, failed: 1 });
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.last_error).toContain('550');
    const listed = await apps[0].request({
      method: 'GET',
      url: '/api/v1/notifications?status=failed',
      token: ADMIN_TOKEN,
    });
    expect(listed.json<{ items: Array<{ recipients: string[] }> }>().items[0].recipients).toEqual([
      'gone@customer.example',
    ]);
    const metrics = await apps[0].request({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(
      /sla_notifications_sent_total\{event="deliverable.due_soon",result="failed"\} [1-9]/,
    );
    expect(metrics.body).toMatch(/^sla_notifications_pending 0$/m);
    // Never tried again.
    expect(await sender().run(NOW.getTime() + 10 * HOUR)).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    expect(smtp.mails).toHaveLength(0);
  });

  it('three instances sending from one outbox deliver each mail once', async () => {
    await enqueue(60);
    const runs = await Promise.all([0, 1, 2].map((i) => sender(i).run(NOW.getTime())));
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(60);
    expect(smtp.mails).toHaveLength(60);
    expect(new Set(messageIds()).size).toBe(60);
    expect((await rows()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('a sender that dies mid-send: the row is sent again after the lease, and the late one cannot overwrite it', async () => {
    await enqueue(1);
    const delivery = apps[0].app.get(DeliveryRepository);
    const [stale] = await delivery.claim(NOW, 5 * 60_000, 10);
    expect(stale.attempts).toBe(1);
    // Within the lease nobody else takes it.
    expect(await sender(1).run(NOW.getTime() + 60_000)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await sender(1).run(NOW.getTime() + 6 * 60_000)).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    expect(
      await delivery.markSent(stale, NOW, {
        recipients: [],
        subject: 'stale',
        messageId: '<stale@x>',
        note: null,
      }),
    ).toBe(false);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('CR/LF, unicode and very long text never add or break a header', async () => {
    await enqueue(1, 'main-2027', {
      contract: 'main-2027\r\nBcc: eve@evil.example',
      deliverable: 'dr\nX-Injected: yes',
      title: `Runbooks\r\n\r\n<b>body</b> ${'ü'.repeat(4000)}`,
    });
    expect(await sender().run(NOW.getTime())).toMatchObject({ sent: 1 });
    const [mail] = smtp.mails;
    expect(mail.rcpt).toEqual([OWNER]);
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.headers.has('x-injected')).toBe(false);
    const subject = mail.header('subject')!;
    expect(subject).toContain('[SLA deliverable] main-2027 Bcc: eve@evil.example / dr X-Injected: yes');
    expect(Array.from(subject).length).toBeLessThanOrEqual(200);
    // Every header line is a header or a folded continuation; the header block ends where it should.
    const head = mail.raw.split('\r\n\r\n')[0];
    for (const line of head.split('\r\n')) expect(line).toMatch(/^([A-Za-z0-9-]+: |[ \t])/);
    expect(head.split('\r\n').filter((l) => /^subject:/i.test(l))).toHaveLength(1);
  });
});

/** An app of its own with the contract and one due-soon mail queued under `key`. */
async function appWithOneMail(env: Record<string, string>, key: string, payload: object): Promise<TestApp> {
  const t = await createTestApp(env);
  await putVendor(t, 'acme');
  t.setNow(new Date('2027-03-01T00:00:00Z'));
  expect((await putContractJson(t, 'main-2027', contract('main-2027', [OWNER]))).statusCode).toBe(201);
  await t.dataSource.query(
    `INSERT INTO notifications (event_key, event, contract_id, payload, next_attempt_at, created_at)
     SELECT $1, 'deliverable.due_soon', id, $2, $3, $3 FROM contracts`,
    [key, JSON.stringify(payload), NOW.toISOString()],
  );
  return t;
}

describe('without SMTP_URL: .eml files under DATA_DIR/mail', () => {
  it('writes each mail once, named after its event, readable as a mail', async () => {
    const t = await appWithOneMail({}, 'deliverable.due_soon:eml', {
      contract: 'main-2027',
      deliverable: 'dr',
      due: '2027-03-11T12:00:00Z',
    });
    try {
      const sender = t.app.get(NotificationSender);
      expect(await sender.run(NOW.getTime())).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(await sender.run(NOW.getTime())).toEqual({ sent: 0, retried: 0, failed: 0 });
      const dir = join(t.config.dataDir, 'mail');
      expect(await readdir(dir)).toEqual(['deliverable.due_soon_eml.eml']);
      const eml = await readFile(join(dir, 'deliverable.due_soon_eml.eml'), 'utf8');
      expect(eml).toMatch(/^To: owner@customer\.example$/m);
      expect(eml).toMatch(
        /^Subject: \[SLA deliverable\] main-2027 \/ dr: due 2027-03-11 12:00 \(\+00:00\)$/m,
      );
    } finally {
      await t.close();
    }
  });
});

describe('SMTP_URL transports: STARTTLS and smtps, with authentication', () => {
  it.each([
    ['smtp:// upgraded with STARTTLS (required)', 'starttls' as const, 'smtp', '&requireTLS=true'],
    ['smtps:// (TLS from the start)', 'implicit' as const, 'smtps', ''],
  ])('%s', async (_, tls, scheme, extra) => {
    const sink = await new SmtpSink().start(0, { tls, auth: { user: 'mailer', pass: 's3cret-pass' } });
    // The test server's certificate is self-signed: trust it explicitly, as an operator could.
    const url = `${scheme}://mailer:s3cret-pass@127.0.0.1:${sink.port}?tls.rejectUnauthorized=false${extra}`;
    const t = await appWithOneMail({ SMTP_URL: url }, 'deliverable.due_soon:tls', {
      contract: 'main-2027',
      deliverable: 'dr',
      due: '2027-03-11T12:00:00Z',
    });
    try {
      expect(await t.app.get(NotificationSender).run(NOW.getTime())).toEqual({
        sent: 1,
        retried: 0,
        failed: 0,
      });
      expect(sink.mails).toHaveLength(1);
      expect(sink.mails[0]).toMatchObject({ secure: true, user: 'mailer', rcpt: [OWNER] });
    } finally {
      await t.close();
      await sink.stop();
    }
  });

  it('wrong credentials are retried (an operator fixes them), never dropped', async () => {
    const sink = await new SmtpSink().start(0, { tls: 'starttls', auth: { user: 'mailer', pass: 'right' } });
    const t = await appWithOneMail(
      {
        SMTP_URL: `smtp://mailer:wrong@127.0.0.1:${sink.port}?tls.rejectUnauthorized=false`,
      },
      'deliverable.due_soon:auth',
      {},
    );
    try {
      expect(await t.app.get(NotificationSender).run(NOW.getTime())).toEqual({
        sent: 0,
        retried: 1,
        failed: 0,
      });
      const [row]: Array<{ last_error: string }> = await t.dataSource.query(
        `SELECT last_error FROM notifications`,
      );
      expect(row.last_error).toContain('535');
      expect(row.last_error).not.toContain('wrong');
    } finally {
      await t.close();
      await sink.stop();
    }
  });
});
