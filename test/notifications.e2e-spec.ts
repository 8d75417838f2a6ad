import { NotificationSender } from '../src/notifications/notification-sender.service';
import {
  asAdmin,
  availabilityObjective,
  contractDoc,
  createContract,
  latencyObjective,
  objectiveDoc,
  postSamples,
  runPass,
  vendorToken,
} from './support/fixtures';
import { SmtpSink } from './support/smtp-sink';
import { useTestApp } from './support/test-app';

// Every event of docs/notifications.md through a real SMTP server (smtp-server on loopback), by time travel over
// one month of a contract: who gets what, under which subject, in which thread, exactly once.

const MIN = 60_000;
const OWNERS = ['owner@customer.example', 'cfo@customer.example'];
const VENDOR = 'desk@acme.example';
const contract = contractDoc(
  'mail-2027',
  {
    fees: { monthly: 10_000, currency: 'USD' },
    closeAfter: '72h',
    owners: OWNERS,
    vendorContacts: [VENDOR],
    chronic: { breaches: 1, periods: 1 },
    objectives: [
      availabilityObjective([{ below: 99, credit: 5 }]),
      objectiveDoc('orders', { kind: 'ratio', good: 'ok2', total: 'all2' }, '>= 90%', {
        title: 'Orders processed',
        responsible: 'shared',
      }),
      latencyObjective('latency', 'latency'),
    ],
    deliverables: [{ key: 'dr', title: 'DR site', due: '2027-03-03T12:00:00Z', responsible: 'vendor' }],
  },
  'Hosting with mail',
);

function day(date: string, ok: number) {
  const start = Date.parse(`${date}T00:00:00Z`);
  return Array.from({ length: 1440 }, (_, m) => {
    const timestamp = new Date(start + m * MIN).toISOString();
    return [
      { metric: 'all', value: 100, timestamp },
      { metric: 'ok', value: ok, timestamp },
      { metric: 'all2', value: 1000, timestamp },
      { metric: 'ok2', value: 915, timestamp },
      { metric: 'latency', value: 250, timestamp },
    ];
  }).flat();
}

describe('mail for every event, through a real SMTP server', () => {
  const smtp = new SmtpSink();
  beforeAll(() => smtp.start());
  // The sink's address is known once it has started.
  const t = useTestApp(() => ({
    SMTP_URL: smtp.url,
    MAIL_FROM: 'SLA Sentinel <sla@customer.example>',
    PUBLIC_URL: 'https://sla.customer.example',
  }));
  afterAll(() => smtp.stop());
  let acme: string;

  beforeAll(async () => {
    await createContract(t, 'mail-2027', contract, { at: '2027-03-01T00:00:00Z' });
    acme = await vendorToken(t, 'acme');
  });

  /** Pushes a day's samples as the vendor would, just after the day (no sample from the future). */
  const push = async (samples: Array<{ timestamp: string }>) => {
    t.setNow(new Date(Date.parse(samples[samples.length - 1].timestamp) + MIN));
    for (const res of await postSamples(t, acme, samples)) {
      expect(res.statusCode).toBe(200);
      expect(res.json<{ rejected: unknown[] }>().rejected).toEqual([]);
    }
  };
  /** An evaluation pass at `iso`, then a send run: the mails that run delivered. */
  const at = async (iso: string) => {
    await runPass(t, iso);
    const before = smtp.mails.length;
    const run = await t.app.get(NotificationSender).run();
    expect(run.failed).toBe(0);
    return smtp.mails.slice(before);
  };
  const subjects = (mails: Array<{ header(n: string): string | undefined }>) =>
    mails.map((m) => m.header('subject')).sort();

  let openedId: string;

  it('breach opened, objective at risk and deliverable due soon: each once, to the right people', async () => {
    await push(day('2027-03-01', 98.8));
    const mails = await at('2027-03-02T00:00:00Z');
    expect(subjects(mails)).toEqual([
      '[SLA at risk] mail-2027 / orders: 91.5% >= 90% (2027-03)',
      '[SLA breach] mail-2027 / avail: 98.8% < 99% (2027-03)',
      '[SLA breach] mail-2027 / latency: 250 > 200 (2027-03)',
      '[SLA deliverable] mail-2027 / dr: due 2027-03-03 12:00 (+00:00)',
    ]);
    const [breach] = smtp.bySubject('[SLA breach] mail-2027 / avail');
    expect(breach.rcpt.sort()).toEqual([...OWNERS, VENDOR].sort());
    expect(breach.header('to')).toBe([...OWNERS, VENDOR].join(', '));
    expect(breach.header('from')).toBe('SLA Sentinel <sla@customer.example>');
    const [atRisk] = smtp.bySubject('[SLA at risk]');
    expect(atRisk.rcpt.sort()).toEqual([...OWNERS].sort());
    expect(smtp.bySubject('[SLA deliverable]')[0].rcpt.sort()).toEqual([...OWNERS, VENDOR].sort());

    // Both parts, and the facts a reader needs, with the link to the breach.
    const list = await asAdmin(t, 'GET', '/api/v1/breaches?objective=avail');
    openedId = list.json<{ items: Array<{ id: string }> }>().items[0].id;
    expect(breach.header('message-id')).toBe(`<breach.${openedId}@customer.example>`);
    expect(breach.raw).toMatch(/Content-Type: text\/plain/);
    expect(breach.raw).toMatch(/Content-Type: text\/html/);
    for (const fact of [
      'Availability (ratio)',
      '>=3D 99%',
      `https://sla.customer.example/api/v1/breaches/${openedId}`,
    ]) {
      expect(breach.raw.replace(/=\r?\n/g, '')).toContain(fact);
    }
  });

  it('a second evaluation sends nothing new', async () => {
    expect(await at('2027-03-02T00:01:00Z')).toEqual([]);
    expect(await at('2027-03-02T06:00:00Z')).toEqual([]);
  });

  it('a reminder after repeatInterval, to owners, in the breach thread', async () => {
    const mails = await at('2027-03-03T00:30:00Z');
    expect(subjects(mails)).toEqual([
      '[SLA reminder] mail-2027 / avail: 98.8% < 99% (2027-03) #1',
      '[SLA reminder] mail-2027 / latency: 250 > 200 (2027-03) #1',
    ]);
    const reminder = mails.find((m) => m.header('subject')!.includes('/ avail'))!;
    expect(reminder.rcpt.sort()).toEqual([...OWNERS].sort());
    const root = `<breach.${openedId}@customer.example>`;
    expect(reminder.header('in-reply-to')).toBe(root);
    expect(reminder.header('references')).toBe(root);
    expect(reminder.header('message-id')).not.toBe(root);
  });

  it('an acknowledged breach gets no more reminders; a recovered one resolves in its thread', async () => {
    const latency = await asAdmin(t, 'GET', '/api/v1/breaches?objective=latency');
    const latencyId = latency.json<{ items: Array<{ id: string }> }>().items[0].id;
    const ack = await asAdmin(t, 'POST', `/api/v1/breaches/${latencyId}/acknowledge`, { by: 'ops' });
    expect(ack.statusCode).toBe(200);
    await push(day('2027-03-02', 100));
    // Availability recovers to 99.4 %; the deliverable is overdue now and opens a breach of its own.
    const mails = await at('2027-03-04T01:00:00Z');
    expect(subjects(mails)).toEqual([
      '[SLA breach] mail-2027 / dr: not delivered, due 2027-03-03 (2027-03)',
      '[SLA resolved] mail-2027 / avail: 99.4% >= 99% (2027-03)',
    ]);
    const resolved = smtp.bySubject('[SLA resolved]')[0];
    expect(resolved.header('in-reply-to')).toBe(`<breach.${openedId}@customer.example>`);
    expect(resolved.rcpt.sort()).toEqual([...OWNERS, VENDOR].sort());
  });

  it('the period statement with its CSV, and the chronic breach, when the month closes', async () => {
    const mails = await at('2027-04-04T01:00:00Z');
    expect(subjects(mails)).toEqual([
      '[SLA chronic] mail-2027 / latency: breached in 1 of the last 1 periods',
      '[SLA reminder] mail-2027 / dr: not delivered, due 2027-03-03 (2027-03) #31',
      '[SLA statement] mail-2027 2027-03',
    ]);
    const statement = smtp.bySubject('[SLA statement]')[0];
    expect(statement.rcpt.sort()).toEqual([...OWNERS, VENDOR].sort());
    expect(statement.raw).toMatch(/Content-Type: text\/csv; charset=utf-8; name=mail-2027-2027-03\.csv/);
    expect(statement.raw).toMatch(/Content-Disposition: attachment; filename=mail-2027-2027-03\.csv/);
    expect(smtp.bySubject('[SLA chronic]')[0].rcpt.sort()).toEqual([...OWNERS].sort());
  });

  it('every event went out once: one mail per outbox row, all sent, listed by the API', async () => {
    expect(await at('2027-04-04T02:00:00Z')).toEqual([]);
    const ids = smtp.mails.map((m) => m.header('message-id'));
    expect(new Set(ids).size).toBe(ids.length);
    const rows: Array<{ status: string; n: number }> = await t.dataSource.query(
      `SELECT status, count(*)::int AS n FROM notifications GROUP BY status`,
    );
    expect(rows).toEqual([{ status: 'sent', n: smtp.mails.length }]);
    const page = await asAdmin(t, 'GET', '/api/v1/notifications?status=sent&limit=2');
    expect(page.statusCode).toBe(200);
    const body = page.json<{ items: Array<Record<string, unknown>>; nextCursor: string }>();
    expect(body.items).toHaveLength(2);
    expect(body.items[0]).toMatchObject({
      status: 'sent',
      contract: 'mail-2027',
      attempts: 1,
      lastError: null,
    });
    expect(body.items[0].subject).toEqual(expect.stringMatching(/^\[SLA /));
    const next = await asAdmin(t, 'GET', `/api/v1/notifications?status=sent&cursor=${body.nextCursor}`);
    expect(next.json<{ items: unknown[] }>().items).toHaveLength(smtp.mails.length - 2);
    const bad = await asAdmin(t, 'GET', '/api/v1/notifications?status=lost');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('status');
    const vendor = await t.request({ method: 'GET', url: '/api/v1/notifications', token: acme });
    expect(vendor.statusCode).toBe(403);
  });
});
