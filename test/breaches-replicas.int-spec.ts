import { Transactions } from '../src/database/transactions';
import { BreachesRepository } from '../src/breaches/breaches.repository';
import { PassService } from '../src/pass/pass.service';
import { putContractJson, putVendor, vendorToken } from './support/fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app';

// Three replicas evaluating and closing at once on one database: each breach opens once, each
// statement is written once, each outbox event exists once.
describe('breaches and statements with three replicas', () => {
  let db: TestDatabase;
  let apps: TestApp[];

  const contract = {
    apiVersion: 'sla-sentinel/v1',
    kind: 'Contract',
    metadata: { key: 'c3', title: 'Three replicas' },
    spec: {
      vendor: 'acme',
      timezone: 'Europe/Berlin',
      effective: { from: '2027-01-01' },
      owners: ['o@customer.example'],
      objectives: [
        {
          key: 'a',
          title: 'A',
          responsible: 'vendor',
          period: 'month',
          objective: '>= 99%',
          indicator: { kind: 'ratio', good: 'ok', total: 'all' },
        },
        {
          key: 'f',
          title: 'F',
          responsible: 'vendor',
          period: 'week',
          objective: '>= 99%',
          indicator: { kind: 'freshness', metric: 'all', maxAge: '5m' },
        },
      ],
    },
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    apps = [];
    for (let i = 0; i < 3; i++) apps.push(await createTestApp({}, { db }));
    const [a] = apps;
    await putVendor(a, 'acme');
    a.setNow(new Date('2027-01-01T00:00:00Z'));
    expect((await putContractJson(a, 'c3', contract)).statusCode).toBe(201);
    const token = await vendorToken(a, 'acme');
    a.setNow(new Date('2027-01-05T00:00:00Z'));
    const samples = Array.from({ length: 600 }, (_, i) => {
      const timestamp = new Date(Date.parse('2027-01-02T00:00:00Z') + i * 60_000).toISOString();
      return [
        { metric: 'all', value: 10, timestamp },
        { metric: 'ok', value: i % 10 === 0 ? 0 : 10, timestamp },
      ];
    }).flat();
    expect(
      (await a.request({ method: 'POST', url: '/api/v1/samples', token, payload: { samples } })).json(),
    ).toMatchObject({ rejected: [] });
  });
  afterAll(async () => {
    for (const t of apps) await t.close();
    await db.drop();
  });

  it('opens each breach once and writes each statement once however the passes interleave', async () => {
    // Mid-January, then after January and a few weeks closed: every replica evaluates at both instants.
    for (const now of ['2027-01-10T00:00:00Z', '2027-02-10T00:00:00Z']) {
      for (const t of apps) t.setNow(new Date(now));
      const answers = await Promise.all([
        ...apps.map((t) => t.request({ method: 'POST', url: '/api/v1/evaluations', token: ADMIN_TOKEN })),
        ...apps.map((t) => t.app.get(PassService).tick()),
      ]);
      expect(answers.slice(0, 3).map((r) => (r as { statusCode: number }).statusCode)).toEqual([
        200, 200, 200,
      ]);
    }
    const q = (sql: string): Promise<Array<Record<string, string>>> => apps[0].dataSource.query(sql);
    const breaches = await q(
      `SELECT o.key, b.period_label, count(*) AS n FROM breaches b JOIN objectives o ON o.id = b.objective_id GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    // a: January breached (10 % bad); f: stale most of the week at each evaluated instant (W01, W06),
    // and the weeks no pass saw open (2026-W53, W02-W04) closed breached: their breach is recorded at
    // close, once however many replicas close them.
    expect(breaches).toEqual([
      { key: 'a', period_label: '2027-01', n: '1' },
      { key: 'f', period_label: '2026-W53', n: '1' },
      { key: 'f', period_label: '2027-W01', n: '1' },
      { key: 'f', period_label: '2027-W02', n: '1' },
      { key: 'f', period_label: '2027-W03', n: '1' },
      { key: 'f', period_label: '2027-W04', n: '1' },
      { key: 'f', period_label: '2027-W06', n: '1' },
    ]);
    const statements = await q(`SELECT period_label, count(*) AS n FROM statements GROUP BY 1 ORDER BY 1`);
    expect(statements.every((s) => s.n === '1')).toBe(true);
    expect(statements.map((s) => s.period_label)).toEqual(
      expect.arrayContaining(['2027-01', '2026-W53', '2027-W01', '2027-W02', '2027-W03', '2027-W04']),
    );
    const chain = await apps[1].request({
      method: 'GET',
      url: '/api/v1/contracts/c3/statements/chain',
      token: ADMIN_TOKEN,
    });
    expect(chain.json().verdict).toEqual({ ok: true, statements: statements.length });
    const events = await q(`SELECT event, count(*) AS n FROM notifications GROUP BY 1`);
    // Breaches recorded at close are told by their statement's mail, not by a breach mail of their own.
    const [{ n: seenOpen }] = await q(
      `SELECT count(*) AS n FROM breach_events WHERE event = 'opened' AND (detail->>'atClose') IS NULL`,
    );
    expect(Number(seenOpen)).toBe(3);
    expect(Object.fromEntries(events.map((e) => [e.event, Number(e.n)]))).toMatchObject({
      'breach.opened': Number(seenOpen),
      'period.statement': statements.length,
    });
  });

  it('keeps one open breach per objective and period in the database itself', async () => {
    const [row]: Array<{ contract_id: string; objective_id: string }> = await apps[0].dataSource.query(
      `SELECT contract_id, objective_id FROM breaches WHERE period_label = '2027-W06' LIMIT 1`,
    );
    const repo = apps[0].app.get(BreachesRepository);
    const input = {
      contractId: row.contract_id,
      kind: 'objective' as const,
      objectiveId: row.objective_id,
      severity: 'major',
      status: 'open' as const,
      recoverable: false,
      period: { label: '2027-W06', start: 0, end: 1 },
      openedAt: new Date(),
      attainment: 0,
      target: 0.99,
      op: 'gte',
    };
    expect(await apps[0].app.get(Transactions).run((em) => repo.open(em, input))).toBeUndefined();
  });
});
