import { run } from '../src/cli/main';
import { statementHash } from '../src/statements/domain/chain';
import type { Io } from '../src/cli/commands';
import {
  asAdmin,
  availabilityObjective,
  contractDoc,
  createContract,
  latencyObjective,
  postSamples,
  runPass,
  uptimeObjective,
  vendorToken,
} from './support/fixtures';
import { ADMIN_TOKEN, useTestApp } from './support/test-app';

// A month from first sample to a closed, verified statement with credits, by time travel:
// breaches open, resolve, are acknowledged and become final; deliverables are missed and delivered
// late; the period closes at end + closeAfter; data for it is refused; a restatement adds a version;
// tampering is caught; a second closed period with a breached objective raises a chronic breach.

const MIN = 60_000;
const contract = contractDoc(
  'hosting-2027',
  {
    fees: { monthly: 10_000, currency: 'USD' },
    creditCap: 12,
    closeAfter: '72h',
    chronic: { breaches: 2, periods: 3 },
    objectives: [
      availabilityObjective([
        { below: 99, credit: 5 },
        { below: 95, credit: 10 },
      ]),
      uptimeObjective('>= 99%', { credits: [{ below: 99, credit: 10 }] }),
      latencyObjective('latency', 'latency', '7d'),
    ],
    deliverables: [
      { key: 'dr', title: 'DR site', due: '2027-03-20T12:00:00Z', responsible: 'vendor' },
      { key: 'docs', title: 'Runbooks', due: '2027-03-25T12:00:00Z', responsible: 'vendor' },
    ],
  },
  'Hosting',
);

function day(date: string, ok: (m: number) => number, latency: number) {
  const start = Date.parse(`${date}T00:00:00Z`);
  return Array.from({ length: 1440 }, (_, m) => {
    const timestamp = new Date(start + m * MIN).toISOString();
    return [
      { metric: 'all', value: 100, timestamp },
      { metric: 'ok', value: ok(m), timestamp },
      { metric: 'up', value: 1, timestamp },
      { metric: 'latency', value: latency, timestamp },
    ];
  }).flat();
}

describe('breaches, period close, statements and credits over a month', () => {
  const t = useTestApp();
  let acme: string;

  beforeAll(async () => {
    await createContract(t, 'hosting-2027', contract, { at: '2027-03-01T00:00:00Z' });
    acme = await vendorToken(t, 'acme');
  });

  const at = async (iso: string) =>
    (await runPass(t, iso)).json<{ breachesOpened: number; breachesResolved: number }>();
  const push = async (samples: object[]) => {
    for (const res of await postSamples(t, acme, samples)) expect(res.statusCode).toBe(200);
  };
  const get = async (url: string, token = ADMIN_TOKEN) => {
    const res = await t.request({ method: 'GET', url, token });
    expect(res.statusCode).toBe(200);
    return res.json<any>();
  };
  const breaches = async (query = '') => (await get(`/api/v1/breaches${query}`)).items as any[];
  const outbox = (): Promise<Array<{ event: string; event_key: string }>> =>
    t.dataSource.query(`SELECT event, event_key FROM notifications ORDER BY created_at, event_key`);

  it('opens a breach for each breached objective, once', async () => {
    t.setNow(new Date('2027-03-02T00:00:00Z'));
    // March 1: an hour of failed requests (138 000 of 144 000 good) and slow responses (avg 300).
    await push(day('2027-03-01', (m) => (m >= 600 && m < 660 ? 0 : 100), 300));
    expect(await at('2027-03-02T00:00:00Z')).toMatchObject({ breachesOpened: 2, breachesResolved: 0 });
    expect(await at('2027-03-02T00:00:00Z')).toMatchObject({ breachesOpened: 0, breachesResolved: 0 });
    const open = await breaches('?status=open');
    expect(open.map((b) => b.objective).sort()).toEqual(['avail', 'latency']);
    const avail = open.find((b) => b.objective === 'avail');
    expect(avail).toMatchObject({
      contract: 'hosting-2027',
      vendor: 'acme',
      kind: 'objective',
      severity: 'critical',
      status: 'open',
      period: { label: '2027-03', start: '2027-03-01T00:00:00.000Z', end: '2027-04-01T00:00:00.000Z' },
      target: 0.99,
      op: 'gte',
      acknowledged: null,
      resolvedAt: null,
      finalizedAt: null,
    });
    expect(avail.attainmentAtOpen).toBeCloseTo(138_000 / 144_000, 12);
    expect(avail.timeline).toEqual([
      {
        at: '2027-03-02T00:00:00.000Z',
        event: 'opened',
        attainment: avail.attainmentAtOpen,
        detail: {
          status: 'breached',
          budget: expect.objectContaining({ consumed: expect.any(Number) }),
          // The day's samples were pushed at its end: 22 of its hours got data over an hour late.
          lateData: { hours: 22, lastReceivedAt: '2027-03-02T00:00:00.000Z' },
        },
      },
    ]);
    const status = await get('/api/v1/contracts/hosting-2027/status');
    expect(status.objectives.find((o: any) => o.key === 'avail').openBreach).toBe(avail.id);
    // Provisional credit of the month so far: 95.8 % is under 99 (5 %), not under 95.
    expect(status.credit).toEqual({ percent: 5, amount: 500, currency: 'USD', capped: false, final: false });
  });

  it('acknowledges with who and a note; a second acknowledgement conflicts', async () => {
    const [avail] = await breaches('?objective=avail');
    const res = await asAdmin(t, 'POST', `/api/v1/breaches/${avail.id}/acknowledge`, {
      by: 'cio',
      note: 'vendor called',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'acknowledged',
      acknowledged: { by: 'cio', note: 'vendor called', at: '2027-03-02T00:00:00.000Z' },
    });
    const again = await asAdmin(t, 'POST', `/api/v1/breaches/${avail.id}/acknowledge`, { by: 'cio' });
    expect(again.statusCode).toBe(409);
    const bad = await asAdmin(t, 'POST', `/api/v1/breaches/${avail.id}/acknowledge`, { note: 'x' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toBe('by');
    // `open` lists acknowledged breaches too; `acknowledged` only those.
    expect((await breaches('?status=acknowledged')).map((b) => b.id)).toEqual([avail.id]);
  });

  it('resolves a recoverable breach when a later evaluation no longer finds it breached', async () => {
    t.setNow(new Date('2027-03-03T00:00:00Z'));
    await push(day('2027-03-02', () => 100, 100));
    // 7-day average (300 + 100) / 2 = 200 meets <= 200; availability 282 000 / 288 000 still fails.
    expect(await at('2027-03-03T00:00:00Z')).toMatchObject({ breachesOpened: 0, breachesResolved: 1 });
    const [latency] = await breaches('?objective=latency');
    expect(latency.status).toBe('resolved');
    expect(latency.resolvedAt).toBe('2027-03-03T00:00:00.000Z');
    expect(latency.timeline.map((e: any) => e.event)).toEqual(['opened', 'resolved']);
  });

  it('pages newest first with a cursor, and validates filters', async () => {
    const first = await get('/api/v1/breaches?limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await get(`/api/v1/breaches?limit=1&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect(second.nextCursor).toBeNull();
    for (const [query, path] of [
      ['status=closed', 'status'],
      ['from=yesterday', 'from'],
      ['cursor=zzz', 'cursor'],
      ['limit=0', 'limit'],
    ]) {
      const res = await asAdmin(t, 'GET', `/api/v1/breaches?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].path).toBe(path);
    }
  });

  it('opens a deliverable breach when missed, closes it as delivered_late, and warns before a due date', async () => {
    // Nothing pushed since March 2: uptime's missing minutes are bad, its budget is gone (non-recoverable).
    expect(await at('2027-03-21T00:00:00Z')).toMatchObject({ breachesOpened: 2 });
    const dr = (await breaches('?status=open')).find((b) => b.kind === 'deliverable');
    expect(dr).toMatchObject({
      deliverable: 'dr',
      objective: null,
      status: 'open',
      period: { label: '2027-03' },
    });
    t.setNow(new Date('2027-03-22T06:00:00Z'));
    const delivery = await t.request({
      method: 'POST',
      url: '/api/v1/contracts/hosting-2027/deliverables/dr/delivery',
      token: acme,
      payload: { deliveredAt: '2027-03-22T00:00:00Z' },
    });
    expect(delivery.statusCode).toBe(200);
    expect(await at('2027-03-24T00:00:00Z')).toMatchObject({ breachesResolved: 1 });
    const late = await get(`/api/v1/breaches/${dr.id}`);
    expect(late).toMatchObject({ status: 'delivered_late', resolvedAt: '2027-03-22T00:00:00.000Z' });
    expect(late.timeline.map((e: any) => e.event)).toEqual(['opened', 'delivered_late']);
    t.setNow(new Date('2027-03-25T06:00:00Z'));
    await t.request({
      method: 'POST',
      url: '/api/v1/contracts/hosting-2027/deliverables/docs/delivery',
      token: acme,
      payload: { deliveredAt: '2027-03-25T00:00:00Z' },
    });
    const events = (await outbox()).map((o) => o.event);
    expect(events.filter((e) => e === 'deliverable.due_soon')).toHaveLength(1); // docs, 36 h ahead on March 24
    expect(events.filter((e) => e === 'breach.opened')).toHaveLength(4);
    expect(events.filter((e) => e === 'breach.resolved')).toHaveLength(2);
  });

  it('records a reminder per repeat interval for open, unacknowledged breaches only', async () => {
    const reminders = (await outbox()).filter((o) => o.event === 'breach.reminder').map((o) => o.event_key);
    const [uptime] = await breaches('?objective=uptime');
    // Uptime opened March 21, reminded at March 24 (3 × 24 h); the acknowledged avail breach is never reminded.
    expect(reminders).toEqual([`breach.reminder:${uptime.id}:3`]);
  });

  it('answers a provisional statement for the open period', async () => {
    const s = await get('/api/v1/contracts/hosting-2027/statements/2027-03');
    expect(s).toMatchObject({ final: false, version: null, sha256: null, closedAt: null });
  });

  it('closes the month at end + closeAfter with final figures, breaches, deliverables and capped credits', async () => {
    await at('2027-04-03T23:59:59Z');
    expect(await get('/api/v1/contracts/hosting-2027/statements')).toEqual({ items: [] });
    await at('2027-04-04T00:00:00Z');
    const list = (await get('/api/v1/contracts/hosting-2027/statements')).items;
    expect(list).toEqual([
      {
        period: '2027-03',
        unit: 'month',
        version: 1,
        status: 'final',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        closedAt: '2027-04-04T00:00:00.000Z',
      },
    ]);
    const s = await get('/api/v1/contracts/hosting-2027/statements/2027-03');
    const avail = s.objectives.find((o: any) => o.key === 'avail');
    const uptime = s.objectives.find((o: any) => o.key === 'uptime');
    // avail 282 000 / 288 000 = 97.9 %: tier below 99 → 5 %. uptime 2 880 of 44 640 minutes: below 99 → 10 %.
    expect(avail).toMatchObject({
      status: 'breached',
      counted: 288_000,
      credit: { percent: 5, amount: 500 },
    });
    expect(avail.attainment).toBeCloseTo(282_000 / 288_000, 12);
    expect(uptime).toMatchObject({
      status: 'breached',
      counted: 44_640,
      credit: { percent: 10, amount: 1000 },
    });
    expect(uptime.attainment).toBeCloseTo(2880 / 44_640, 12);
    // 15 % capped at creditCap 12 % of the 10 000 USD fee.
    expect(s.credit).toEqual({ percent: 12, amount: 1200, currency: 'USD', capped: true });
    expect(s.objectives.map((o: any) => o.key)).toEqual(['avail', 'uptime']); // the rolling objective has no period
    expect(s.deliverables).toEqual([
      {
        key: 'dr',
        due: '2027-03-20T12:00:00.000Z',
        status: 'delivered_late',
        deliveredAt: '2027-03-22T00:00:00.000Z',
      },
      {
        key: 'docs',
        due: '2027-03-25T12:00:00.000Z',
        status: 'delivered',
        deliveredAt: '2027-03-25T00:00:00.000Z',
      },
    ]);
    expect(s).toMatchObject({
      contract: 'hosting-2027',
      contractVersion: 1,
      version: 1,
      final: true,
      previousSha256: null,
      closedAt: '2027-04-04T00:00:00.000Z',
    });
    // Every breach of March is final now, and the statement lists them.
    const march = (await breaches()).filter((b) => b.period.label === '2027-03' && b.kind === 'objective');
    expect(march.map((b) => b.status)).toEqual(['final', 'final']);
    expect(avail.breaches).toEqual(march.filter((b) => b.objective === 'avail').map((b) => b.id));
    const csv = await t.request({
      method: 'GET',
      url: '/api/v1/contracts/hosting-2027/statements/2027-03',
      token: ADMIN_TOKEN,
      headers: { accept: 'text/csv' },
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'row,key,status,attainment,target,op,counted,excludedSeconds,breaches,creditPercent,creditAmount,currency,capped',
    );
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('contract,hosting-2027,,,,,,,,12,1200,USD,true');
    // Closing again changes nothing.
    await at('2027-04-04T00:00:00Z');
    expect((await get('/api/v1/contracts/hosting-2027/statements')).items).toHaveLength(1);
  });

  it('refuses samples and events for the closed period', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/samples',
      token: acme,
      payload: {
        samples: [
          { metric: 'up', value: 1, timestamp: '2027-03-15T00:00:00Z' },
          { metric: 'up', value: 1, timestamp: '2027-04-02T00:00:00Z' },
        ],
      },
    });
    expect(res.json()).toMatchObject({ accepted: 1, rejected: [{ index: 0, reason: 'period_closed' }] });
    const events = await t.request({
      method: 'POST',
      url: '/api/v1/events',
      token: acme,
      payload: {
        events: [{ item: 'ticket', id: 'T1', action: 'opened', timestamp: '2027-03-30T00:00:00Z' }],
      },
    });
    expect(events.json()).toMatchObject({ rejected: [{ index: 0, reason: 'period_closed' }] });
  });

  it('restates as a new version chained to the previous statement; older versions stay readable', async () => {
    const v1 = await get('/api/v1/contracts/hosting-2027/statements/2027-03');
    t.setNow(new Date('2027-04-10T00:00:00Z'));
    const res = await asAdmin(t, 'POST', '/api/v1/contracts/hosting-2027/statements/2027-03/restatements', {
      reason: 'Vendor data corrected',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      version: 2,
      previousSha256: v1.sha256,
      restatement: { reason: 'Vendor data corrected' },
    });
    expect((await get('/api/v1/contracts/hosting-2027/statements/2027-03?version=1')).sha256).toBe(v1.sha256);
    expect(
      (await get('/api/v1/contracts/hosting-2027/statements')).items.map((i: any) => [i.version, i.status]),
    ).toEqual([
      [1, 'superseded'],
      [2, 'final'],
    ]);
    const open = await asAdmin(t, 'POST', '/api/v1/contracts/hosting-2027/statements/2027-04/restatements', {
      reason: 'x',
    });
    expect(open.statusCode).toBe(409);
    const viewer = await t.request({
      method: 'POST',
      url: '/api/v1/contracts/hosting-2027/statements/2027-03/restatements',
      token: acme,
      payload: { reason: 'x' },
    });
    expect(viewer.statusCode).toBe(403);
  });

  it('raises one chronic-breach event when the rule holds at a close', async () => {
    // April: no data at all; uptime (missing minutes bad) is breached again: 2 of the last 3 closes.
    await at('2027-05-04T00:00:00Z');
    await at('2027-05-04T00:00:00Z');
    const chronic = (await outbox()).filter((o) => o.event === 'contract.chronic_breach');
    expect(chronic.map((o) => o.event_key)).toEqual([
      expect.stringMatching(/^contract\.chronic_breach:.+:2027-04$/),
    ]);
    const april = await get('/api/v1/contracts/hosting-2027/statements/2027-04');
    expect(april.previousSha256).toBe(
      (await get('/api/v1/contracts/hosting-2027/statements/2027-03')).sha256,
    );
  });

  it('verifies the chain, and names the first broken link after a stored statement is edited', async () => {
    const cli = async () => {
      const out: string[] = [];
      const err: string[] = [];
      const io: Io = {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: {},
        fetch: (async (url: string, init?: RequestInit) => {
          const res = await t.request({
            method: 'GET',
            url: new URL(url).pathname,
            headers: init?.headers as Record<string, string>,
          });
          return new Response(res.body, {
            status: res.statusCode,
            headers: { 'content-type': String(res.headers['content-type']) },
          });
        }) as typeof fetch,
      };
      const code = await run(
        ['verify', '--contract', 'hosting-2027', '--url', 'http://service', '--token', ADMIN_TOKEN],
        io,
      );
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    expect(await cli()).toMatchObject({
      code: 0,
      out: 'contract hosting-2027: statement chain intact (3 statements)',
    });
    expect((await get('/api/v1/contracts/hosting-2027/statements/chain')).verdict).toEqual({
      ok: true,
      statements: 3,
    });

    await t.dataSource.query(
      `UPDATE statements SET body = jsonb_set(body, '{credit,percent}', '1') WHERE period_label = '2027-03' AND version = 2`,
    );
    const broken = await cli();
    expect(broken.code).toBe(1);
    expect(broken.err).toBe(
      'contract hosting-2027: statement chain broken at link 2 of 3: period 2027-03 version 2: its content does not match its sha256',
    );
    // Rewriting the hash too only moves the break to the next link.
    const [{ body }]: Array<{ body: Record<string, unknown> }> = await t.dataSource.query(
      `SELECT body FROM statements WHERE period_label = '2027-03' AND version = 2`,
    );
    await t.dataSource.query(
      `UPDATE statements SET sha256 = $1 WHERE period_label = '2027-03' AND version = 2`,
      [statementHash(body)],
    );
    expect((await get('/api/v1/contracts/hosting-2027/statements/chain')).verdict).toMatchObject({
      ok: false,
      broken: { period: '2027-04', version: 1, position: 3 },
    });
  });
});
