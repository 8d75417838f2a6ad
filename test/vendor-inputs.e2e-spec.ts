import {
  asAdmin,
  contractDoc,
  createContract,
  EXAMPLE_CONTRACT_YAML,
  latencyObjective,
  objectiveDoc,
  objectiveStatuses,
  runPass,
  vendorToken,
} from './support/fixtures';
import { ADMIN_TOKEN, createTestApp, useTestApp } from './support/test-app';

// Inputs the measured party controls cannot stop or fool the monitor: values whose sums overflow,
// counts no counter can produce, rows stored before the limits existed.

const MIN = 60_000;
const DAY = Date.parse('2027-03-01T00:00:00Z');
const at = (minute: number) => new Date(DAY + minute * MIN).toISOString();

const contract = contractDoc(
  'inputs-2027',
  {
    vendor: 'acme',
    objectives: [
      objectiveDoc('avail', { kind: 'ratio', good: 'ok', total: 'all' }, '>= 99%'),
      objectiveDoc('errors', { kind: 'ratio', bad: 'err', total: 'all' }, '>= 99%'),
      latencyObjective('latency', 'latency'),
    ],
  },
  'Inputs',
);

describe('vendor inputs that could stop or fool the monitor', () => {
  const t = useTestApp();
  let token: string;

  beforeAll(async () => {
    t.setNow(new Date(DAY));
    await createContract(t, 'inputs-2027', contract);
    token = await vendorToken(t, 'acme');
  });
  beforeEach(() => t.setNow(new Date(DAY + 120 * MIN)));

  const push = async (samples: object[]) => {
    const res = await t.request({ method: 'POST', url: '/api/v1/samples', token, payload: { samples } });
    expect(res.statusCode).toBe(200);
    return res.json<{
      accepted: number;
      rejected: Array<{ index: number; reason: string; message: string }>;
    }>();
  };
  const pass = () => runPass(t);
  const status = () => objectiveStatuses(t, 'inputs-2027');

  it('refuses values whose sums could overflow, naming the accepted range, and the pass goes on', async () => {
    const answer = await push([
      { metric: 'poison', value: 1.7e308, timestamp: at(1) },
      { metric: 'poison', value: -1.7e308, timestamp: at(2) },
      { metric: 'latency', value: 2 ** 53 - 1, timestamp: at(3) },
    ]);
    expect(answer.accepted).toBe(1);
    expect(answer.rejected.map((r) => [r.index, r.reason])).toEqual([
      [0, 'invalid_value'],
      [1, 'invalid_value'],
    ]);
    expect(answer.rejected[0].message).toMatch(/9007199254740991/);
    await pass();
    await pass();
  });

  it('rolls up and evaluates values stored before the range was enforced, without overflow', async () => {
    // Rows written by an older version: the constraint is NOT VALID, so they stay where they are.
    await t.dataSource.query(`ALTER TABLE samples DROP CONSTRAINT samples_value_range`);
    try {
      await t.dataSource.query(
        `WITH b AS (INSERT INTO ingest_batches (vendor_id, received_at, submitted)
                    SELECT id, now(), 2 FROM vendors WHERE key = 'acme' RETURNING id, vendor_id),
              s AS (INSERT INTO series (vendor_id, metric, labels, labels_key)
                    SELECT vendor_id, 'latency', '{}', '' FROM b
                    ON CONFLICT (vendor_id, metric, labels_key, kind) DO UPDATE SET metric = EXCLUDED.metric RETURNING id)
         INSERT INTO samples (series_id, ts, value, batch_id)
         SELECT s.id, t.ts, 1.7e308, b.id FROM s, b, (VALUES ($1::timestamptz), ($2::timestamptz)) AS t(ts)`,
        [at(10), at(11)],
      );
    } finally {
      await t.dataSource.query(
        `ALTER TABLE samples ADD CONSTRAINT samples_value_range
           CHECK (value BETWEEN -9007199254740991 AND 9007199254740991) NOT VALID`,
      );
    }
    await pass();
    expect((await status()).latency.status).toBe('breached');
  });

  it('refuses negative counts of metrics a ratio objective counts', async () => {
    const answer = await push([
      { metric: 'all', value: -50, timestamp: at(20) },
      { metric: 'ok', value: -1, timestamp: at(20) },
      { metric: 'err', value: -1, timestamp: at(20) },
      { metric: 'temperature', value: -5, timestamp: at(20) },
    ]);
    expect(answer.rejected.map((r) => [r.index, r.reason])).toEqual([
      [0, 'invalid_value'],
      [1, 'invalid_value'],
      [2, 'invalid_value'],
    ]);
    expect(answer.rejected[0].message).toMatch(/ratio objective/);
  });

  it('judges counts no counter can produce as breached with the reason, never met', async () => {
    // An hour of plausible traffic, then one minute claiming a million good of 100.
    const normal = Array.from({ length: 60 }, (_, m) => [
      { metric: 'all', value: 100, timestamp: at(30 + m) },
      { metric: 'ok', value: 100, timestamp: at(30 + m) },
      { metric: 'err', value: 0, timestamp: at(30 + m) },
    ]).flat();
    expect((await push(normal)).rejected).toEqual([]);
    await pass();
    expect((await status()).avail.status).toBe('met');
    expect(
      (
        await push([
          { metric: 'ok', value: 1e6, timestamp: at(95) },
          { metric: 'err', value: 1e6, timestamp: at(95) },
        ])
      ).rejected,
    ).toEqual([]);
    await pass();
    const after = await status();
    expect(after.avail).toMatchObject({ status: 'breached', attainment: 0, dataError: 'good_exceeds_total' });
    expect(after.errors).toMatchObject({ status: 'breached', attainment: 0, dataError: 'bad_exceeds_total' });
  });
});

describe('the vendor feed gauge after a restart', () => {
  it('shows the newest stored sample of a vendor that went silent before the restart', async () => {
    const first = await createTestApp();
    first.setNow(new Date(DAY));
    await createContract(first, 'inputs-2027', contract);
    const token = await vendorToken(first, 'acme');
    first.setNow(new Date(DAY + 120 * MIN));
    const push = await first.request({
      method: 'POST',
      url: '/api/v1/samples',
      token,
      payload: { samples: [{ metric: 'latency', value: 5, timestamp: at(100) }] },
    });
    expect(push.json()).toMatchObject({ accepted: 1 });
    await runPass(first);
    await first.app.close();
    // A new process on the same database, which never saw the vendor push.
    const second = await createTestApp({}, { db: first.db });
    try {
      // The boot loads the stored results in the background: scrape until it has.
      const want = `sla_vendor_last_sample_timestamp_seconds{vendor="acme"} ${(DAY + 100 * MIN) / 1000}`;
      let text = '';
      for (let i = 0; i < 50 && !text.includes(want); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        text = (await second.request({ method: 'GET', url: '/metrics' })).body;
      }
      expect(text).toContain(want);
    } finally {
      await second.close();
      await first.db.drop();
    }
  });
});

describe('partitions for the months that hold samples, and no more', () => {
  const t = useTestApp();

  it('creates two month partitions for samples of June 2000 and November 2026, not 317', async () => {
    t.setNow(new Date('2000-06-02T00:00:00Z'));
    const doc = {
      ...contract,
      metadata: { key: 'old-2000', title: 'Old' },
      spec: { ...contract.spec, vendor: 'oldco', effective: { from: '2000-01-01', to: '2030-12-31' } },
    };
    await createContract(t, 'old-2000', doc, { vendor: 'oldco' });
    const token = await vendorToken(t, 'oldco');
    t.setNow(new Date('2026-11-30T10:00:00Z'));
    const partitions = async () =>
      Number(
        (
          await t.dataSource.query<Array<{ n: string }>>(
            `SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'samples'::regclass`,
          )
        )[0].n,
      );
    const before = await partitions();
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/samples',
      token,
      payload: {
        samples: [
          { metric: 'latency', value: 1, timestamp: '2000-06-01T00:00:00Z' },
          { metric: 'latency', value: 1, timestamp: '2026-11-30T09:59:00Z' },
        ],
      },
    });
    expect(res.json()).toMatchObject({ accepted: 2, rejected: [] });
    expect((await partitions()) - before).toBeLessThanOrEqual(2);
  });
});

describe('back-dated delivery claims', () => {
  const t = useTestApp();
  let token: string;
  beforeAll(async () => {
    t.setNow(new Date('2027-01-02T00:00:00Z'));
    await createContract(t, 'acme-it-2027', EXAMPLE_CONTRACT_YAML);
    token = await vendorToken(t, 'acme');
  });

  const deliver = (dkey: string, payload: object, as = token) =>
    t.request({
      method: 'POST',
      url: `/api/v1/contracts/acme-it-2027/deliverables/${dkey}/delivery`,
      token: as,
      payload,
    });
  const deliverable = async (dkey: string) => {
    const res = await asAdmin(t, 'GET', '/api/v1/contracts/acme-it-2027/status');
    return res
      .json<{ deliverables: Array<{ key: string; status: string }> }>()
      .deliverables.find((d) => d.key === dkey);
  };

  const runbooksBreaches = async () => {
    const list = await asAdmin(t, 'GET', '/api/v1/breaches');
    const items = list.json<{
      items: Array<{
        deliverable?: string;
        status: string;
        timeline: Array<{ event: string; detail?: unknown }>;
      }>;
    }>().items;
    return items.filter((b) => b.deliverable === 'runbooks');
  };

  it('keeps a deliverable missed when the vendor claims, after the due time, to have delivered before it', async () => {
    // runbooks were due 2027-02-15T18:00+02:00; a day later the vendor claims one second before that.
    t.setNow(new Date('2027-02-16T16:00:00Z'));
    expect((await deliverable('runbooks'))!.status).toBe('missed');
    const claim = await deliver('runbooks', {
      deliveredAt: '2027-02-15T17:59:59+02:00',
      note: 'sent by post',
    });
    expect(claim.statusCode).toBe(200);
    expect(claim.json()).toMatchObject({
      status: 'missed',
      deliveredAt: null,
      claimedAt: '2027-02-15T15:59:59.000Z',
      recordedAt: '2027-02-16T16:00:00.000Z',
      confirmation: 'required',
    });
    expect((await deliverable('runbooks'))!.status).toBe('missed');
    // A second claim does not replace the first.
    expect((await deliver('runbooks', { deliveredAt: '2027-02-15T10:00:00+02:00' })).statusCode).toBe(409);
    // The pass opens the missed deliverable's breach, and its timeline shows the claim.
    await runPass(t);
    const [breach] = await runbooksBreaches();
    expect(breach).toMatchObject({ status: 'open' });
    expect(breach.timeline[0]).toMatchObject({
      event: 'opened',
      detail: { claimedAt: '2027-02-15T15:59:59.000Z', recordedAt: '2027-02-16T16:00:00.000Z' },
    });
  });

  it('counts the claimed time once an admin confirms it by recording the delivery', async () => {
    const confirmed = await deliver('runbooks', { deliveredAt: '2027-02-15T17:59:59+02:00' }, ADMIN_TOKEN);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'delivered', deliveredAt: '2027-02-15T15:59:59.000Z' });
    expect(confirmed.json()).not.toHaveProperty('claimedAt');
    expect((await deliverable('runbooks'))!.status).toBe('delivered');
    // The next pass resolves the breach: confirmed on time.
    await runPass(t, '2027-02-16T16:30:00Z');
    const [breach] = await runbooksBreaches();
    expect(breach.status).toBe('resolved');
    expect(breach.timeline.map((e) => e.event)).toEqual(['opened', 'delivery_confirmed']);
  });

  it('refuses a delivery claimed before the contract starts, naming deliveredAt', async () => {
    const res = await deliver('dr-site', { deliveredAt: '2019-01-01T00:00:00Z' });
    expect(res.statusCode).toBe(422);
    expect(JSON.stringify(res.json())).toMatch(/deliveredAt/);
  });

  it('trusts a vendor delivery recorded before the due time', async () => {
    t.setNow(new Date('2027-03-30T10:00:00Z'));
    const res = await deliver('dr-site', { deliveredAt: '2027-03-30T09:00:00Z' });
    expect(res.json()).toMatchObject({ status: 'delivered', deliveredAt: '2027-03-30T09:00:00.000Z' });
  });
});

describe('work items whose stop is reported after their due time', () => {
  const t = useTestApp();
  let token: string;
  const tickets = contractDoc('desk-2027', {
    vendor: 'acme',
    objectives: [
      objectiveDoc(
        'p1',
        { kind: 'deadline', item: 'ticket', where: { priority: 'P1' }, within: '1h' },
        '>= 50%',
      ),
    ],
  });
  beforeAll(async () => {
    t.setNow(new Date(DAY));
    await createContract(t, 'desk-2027', tickets);
    token = await vendorToken(t, 'acme');
  });

  const post = (events: object[]) =>
    t.request({ method: 'POST', url: '/api/v1/events', token, payload: { events } });

  it('counts a back-dated resolution as met but shows it as reported late', async () => {
    t.setNow(new Date(DAY + 10 * MIN));
    await post([
      { item: 'ticket', id: 'T1', action: 'opened', timestamp: at(0), attributes: { priority: 'P1' } },
      { item: 'ticket', id: 'T2', action: 'opened', timestamp: at(1), attributes: { priority: 'P1' } },
      { item: 'ticket', id: 'T2', action: 'resolved', timestamp: at(9) },
    ]);
    // Three hours later, T1's resolution arrives stamped 30 minutes after it opened.
    t.setNow(new Date(DAY + 180 * MIN));
    expect(
      (await post([{ item: 'ticket', id: 'T1', action: 'resolved', timestamp: at(30) }])).statusCode,
    ).toBe(200);
    await runPass(t);
    const res = await asAdmin(t, 'GET', '/api/v1/contracts/desk-2027/status');
    expect(res.json<{ objectives: unknown[] }>().objectives[0]).toMatchObject({
      key: 'p1',
      status: 'met',
      attainment: 1,
      lateReported: 1,
    });
  });
});

describe('samples that arrive long after their hour', () => {
  it('shows the late hours in the status and the breach timeline, with when their data arrived', async () => {
    const t = await createTestApp();
    try {
      t.setNow(new Date(DAY));
      await createContract(t, 'inputs-2027', contract);
      const token = await vendorToken(t, 'acme');
      const push = async (now: number, minute: number, value = 5) => {
        t.setNow(new Date(now));
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/samples',
          token,
          payload: { samples: [{ metric: 'latency', value, timestamp: at(minute) }] },
        });
        expect(res.json()).toMatchObject({ accepted: 1 });
      };
      await push(DAY + 11 * MIN, 10); // hour 00:00, on time
      await push(DAY + 100 * MIN, 70); // hour 01:00, 40 minutes after it ended: not late
      await push(DAY + 300 * MIN, 130, 1000); // hour 02:00, two hours after it ended: late (and breaching)
      await runPass(t);
      const status = await asAdmin(t, 'GET', '/api/v1/contracts/inputs-2027/status');
      const objectives = status.json<{ objectives: Array<{ key: string; lateData?: unknown }> }>().objectives;
      expect(objectives.find((o) => o.key === 'latency')!.lateData).toEqual({
        hours: 1,
        lastReceivedAt: new Date(DAY + 300 * MIN).toISOString(),
      });
      expect(objectives.find((o) => o.key === 'avail')).not.toHaveProperty('lateData');
      // The breach the late data opened says so in its timeline.
      const breaches = await asAdmin(t, 'GET', '/api/v1/breaches');
      const [breach] = breaches.json<{
        items: Array<{ timeline: Array<{ event: string; detail?: unknown }> }>;
      }>().items;
      expect(breach.timeline[0]).toMatchObject({
        event: 'opened',
        detail: { lateData: { hours: 1, lastReceivedAt: new Date(DAY + 300 * MIN).toISOString() } },
      });
    } finally {
      await t.close();
    }
  });
});
