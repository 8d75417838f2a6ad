import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { SmtpSink } from '../support/smtp-sink';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { IngestLoad, missingFromDatabase } from './support/ingest-load';
import { ADMIN, call, counter, HOUR, query, seed, sleep } from './support/scenario';

// Drills 4 and 5 (docs/performance.md, "several replicas" and "SMTP outage"): three service processes on one
// database, all scheduling (evaluation and mail every second), under ingest load spread over them,
// with the SMTP server down while breaches open and statements close, then back. Afterwards: each
// breach and statement exists once, every mail arrives once, passes never ran twice at a time.
describe('three replicas under load, with an SMTP outage', () => {
  const smtp = new SmtpSink();
  let db: TestDatabase;
  let replicas: ServiceProcess[] = [];
  let load: IngestLoad | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    await smtp.start();
  });
  afterAll(async () => {
    await load?.stop();
    await Promise.all(replicas.map((r) => r.stop()));
    await smtp.stop();
    await db.drop();
  });

  it('opens each breach once, closes each period once, sends each mail once after the outage', async () => {
    const now = Date.now();
    const smtpPort = smtp.port;
    await smtp.stop();
    const env = {
      SLA_ADMIN_TOKEN: ADMIN,
      // Replicas share the key that hashes tokens (config.ts requires it in production).
      TOKEN_SECRET: 'fault-drill-token-secret-0123456789abcdef',
      INGEST_RATE_LIMIT: '100000',
      SCHEDULER_ENABLED: 'true',
      EVALUATION_INTERVAL: '1s',
      MAIL_INTERVAL: '1s',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'sla@customer.example',
    };
    replicas = await Promise.all([0, 1, 2].map(() => startServiceProcess({ databaseUrl: db.url, env })));
    const started = Date.now();
    // Daily periods since two days ago, closing an hour after their end, with a chronic rule: the
    // closed days bring statements and chronic-breach mail, today's breaches bring breach mail.
    const token = await seed(replicas[0].base, now, {
      closeAfter: '1h',
      chronic: { breaches: 1, periods: 1 },
    });
    const bases = replicas.map((r) => r.base);
    // Today's figures too (average 500 against <= 100), so today's breaches open while SMTP is down.
    const today = [0, 1, 2, 3].flatMap((i) =>
      Array.from({ length: 10 }, (_, k) => ({
        metric: `load_c${i}`,
        value: 500,
        timestamp: new Date(now - 30 * 60_000 + k * 1000).toISOString(),
      })),
    );
    await call(bases[0], 'POST', '/api/v1/samples', token, { samples: today });
    // Samples from 26 hours ago on: yesterday's period breaches too, and closes with a statement.
    load = new IngestLoad({ bases: () => bases, token, startMs: now - 26 * HOUR, batch: 500 }).start();
    await sleep(8000);
    await load.stop();

    // The outage: mail is queued and retried, none delivered.
    const pending = await query<{ n: number; tried: number }>(
      db.url,
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE attempts > 0 AND last_error IS NOT NULL)::int AS tried
         FROM notifications WHERE status = 'pending'`,
    );
    expect(pending[0].n).toBeGreaterThan(0);
    expect(pending[0].tried).toBeGreaterThan(0);
    expect(smtp.mails).toHaveLength(0);

    // The server returns; the backoff (30 s and up) is let run out by moving the due time to now.
    await smtp.start(smtpPort);
    await query(db.url, `UPDATE notifications SET next_attempt_at = now() WHERE status = 'pending'`);
    const deadline = Date.now() + 30_000;
    let left = 1;
    while (left > 0 && Date.now() < deadline) {
      await sleep(500);
      left = (
        await query<{ n: number }>(
          db.url,
          `SELECT count(*)::int AS n FROM notifications WHERE status <> 'sent'`,
        )
      )[0].n;
    }
    expect(left).toBe(0);
    const elapsed = (Date.now() - started) / 1000;

    const rows = await query<{ event: string; n: number }>(
      db.url,
      `SELECT event, count(*)::int AS n FROM notifications GROUP BY event ORDER BY event`,
    );
    const events = Object.fromEntries(rows.map((r) => [r.event, r.n]));
    expect(events['breach.opened']).toBeGreaterThan(0);
    expect(events['period.statement']).toBeGreaterThan(0);
    const total = rows.reduce((n, r) => n + r.n, 0);
    const ids = smtp.mails.map((m) => m.header('message-id'));
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);

    // One breach per objective and period, one statement per period (version 1 only).
    expect(
      await query(
        db.url,
        `SELECT objective_id, period_label FROM breaches GROUP BY 1, 2 HAVING count(*) > 1`,
      ),
    ).toEqual([]);
    const statements = await query<{ period_label: string; n: number; versions: number }>(
      db.url,
      `SELECT period_label, count(*)::int AS n, max(version) AS versions FROM statements GROUP BY 1`,
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) expect({ n: s.n, versions: s.versions }).toEqual({ n: 1, versions: 1 });

    // Evaluation work not duplicated: together the replicas ran about one pass per interval (a tick
    // skips when another replica's pass started less than 0.9 interval ago), never one per replica.
    let passes = 0;
    let skipped = 0;
    for (const r of replicas) {
      passes += await counter(r.base, 'sla_evaluation_runs_total', 'result="success"');
      skipped += await counter(r.base, 'sla_evaluation_runs_total', 'result="skipped"');
    }
    expect(passes).toBeGreaterThan(3);
    expect(passes).toBeLessThanOrEqual(elapsed / 0.9 + 2);
    expect(skipped).toBeGreaterThan(0);
    expect(await missingFromDatabase(db.url, load.ledger)).toBe(0);
    process.stdout.write(
      `replicas drill: ${total} mails (${JSON.stringify(events)}) each delivered once after the outage; ` +
        `${statements.length} statements, ${passes} passes and ${skipped} skipped ticks in ${elapsed.toFixed(1)} s; ` +
        `${load.acknowledged} samples acknowledged, 0 missing\n`,
    );
  });
});
