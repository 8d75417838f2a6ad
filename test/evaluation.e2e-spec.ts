import {
  asAdmin,
  contractDoc,
  createContract,
  objectiveDoc,
  objectiveStatuses,
  postSamples,
  uptimeObjective,
  vendorToken,
} from './support/fixtures';
import { useTestApp } from './support/test-app';

// Every indicator kind end to end on one day of hand-computed data (UTC contract, March 2027).
// Expected figures are worked out in the comments; the differential test covers random cases.

const DAY = Date.parse('2027-03-01T00:00:00Z');
const NOW = new Date('2027-03-02T00:00:00Z');
const MIN = 60_000;
const at = (minute: number) => new Date(DAY + minute * MIN).toISOString();

// Monthly, vendor-responsible objectives, one of each indicator kind (two thresholds).
const contract = contractDoc(
  'eval-2027',
  {
    effective: { from: '2027-01-01', to: '2027-12-31' },
    objectives: [
      objectiveDoc('avail', { kind: 'ratio', good: 'req_ok', total: 'req' }, '>= 99%'),
      uptimeObjective('>= 99.5%'),
      objectiveDoc('latency-p95', { kind: 'threshold', metric: 'latency', aggregate: 'p95' }, '<= 150'),
      objectiveDoc('latency-avg', { kind: 'threshold', metric: 'latency', aggregate: 'avg' }, '<= 150', {
        warn: '<= 140',
      }),
      objectiveDoc('feed', { kind: 'freshness', metric: 'heartbeat', maxAge: '15m' }, '>= 99%'),
      objectiveDoc(
        'p1',
        { kind: 'deadline', item: 'ticket', where: { priority: 'P1' }, within: '1h' },
        '>= 90%',
      ),
    ],
  },
  'Evaluation test',
);

function samples(): Array<{ metric: string; value: number; timestamp: string }> {
  const out: Array<{ metric: string; value: number; timestamp: string }> = [];
  for (let m = 0; m < 1440; m++) {
    out.push({ metric: 'req', value: 100, timestamp: at(m) });
    // 10:00–10:09 every request fails.
    out.push({ metric: 'req_ok', value: m >= 600 && m < 610 ? 0 : 100, timestamp: at(m) });
    // 10:00–10:04 down, 11:40–11:42 no sample at all (missingData: bad).
    if (m < 700 || m > 702) out.push({ metric: 'up', value: m >= 600 && m < 605 ? 0 : 1, timestamp: at(m) });
    out.push({ metric: 'latency', value: 100 + (m % 100), timestamp: at(m) });
    // Every 5 minutes, but nothing strictly between 12:00 and 13:00.
    if (m % 5 === 0 && (m <= 720 || m >= 780)) out.push({ metric: 'heartbeat', value: 1, timestamp: at(m) });
  }
  return out;
}

describe('evaluation of every indicator kind', () => {
  const t = useTestApp({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let acme: string;

  beforeAll(async () => {
    await createContract(t, 'eval-2027', contract, { at: NOW });
    acme = await vendorToken(t, 'acme');
    for (const res of await postSamples(t, acme, samples(), 5000)) {
      expect(res.json()).toMatchObject({ rejected: [] });
    }
    const events = [
      // Due 09:00, resolved 08:30: met. Due 10:00, resolved 10:30: missed. Due 00:30 tomorrow: pending.
      { item: 'ticket', id: 'T1', action: 'opened', timestamp: at(480), attributes: { priority: 'P1' } },
      { item: 'ticket', id: 'T1', action: 'resolved', timestamp: at(510) },
      { item: 'ticket', id: 'T2', action: 'opened', timestamp: at(540), attributes: { priority: 'P1' } },
      { item: 'ticket', id: 'T2', action: 'resolved', timestamp: at(630) },
      { item: 'ticket', id: 'T3', action: 'opened', timestamp: at(1410), attributes: { priority: 'P1' } },
      // P2: not this objective's.
      { item: 'ticket', id: 'T4', action: 'opened', timestamp: at(600), attributes: { priority: 'P2' } },
    ];
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/events', token: acme, payload: { events } })).json(),
    ).toMatchObject({
      rejected: [],
    });
  });

  const evaluate = () => asAdmin(t, 'POST', '/api/v1/evaluations');
  const status = () => objectiveStatuses(t, 'eval-2027');

  it('answers the run summary: evaluatedAt, objectives, breaches opened and resolved, durationMs', async () => {
    const res = await evaluate();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      evaluatedAt: NOW.toISOString(),
      objectives: 6,
      // latency-p95 and p1 are breached.
      breachesOpened: 2,
      breachesResolved: 0,
      durationMs: expect.any(Number),
    });
  });

  it('computes a ratio, its budget and burn rate', async () => {
    const { avail } = await status();
    // Σgood = 144 000 − 1 000 = 143 000 of Σtotal 144 000; bad 1/144 of an allowed 1 %: 69.4 %.
    expect(avail).toMatchObject({ status: 'met', counted: 144_000, target: 0.99, op: 'gte' });
    expect(avail.attainment).toBeCloseTo(143_000 / 144_000, 12);
    expect(avail.budget.consumed).toBeCloseTo(1 / 144 / 0.01, 9);
    expect(avail.period).toEqual({
      label: '2027-03',
      start: '2027-03-01T00:00:00.000Z',
      end: '2027-04-01T00:00:00.000Z',
    });
    expect(avail.burnRate).toBe(0);
  });

  it('counts timeslices, with missing minutes bad and the budget over the whole month', async () => {
    const { uptime } = await status();
    // 1 440 ended slices, 5 down + 3 missing = 8 bad; budget 0.5 % of 31 × 1 440 = 223.2 slices.
    expect(uptime).toMatchObject({ status: 'met', counted: 1440 });
    expect(uptime.attainment).toBeCloseTo(1432 / 1440, 12);
    expect(uptime.budget.consumed).toBeCloseTo(8 / 223.2, 9);
  });

  it('takes the nearest-rank p95 and the share of violating samples', async () => {
    const { 'latency-p95': p95 } = await status();
    // Values 100 + m % 100: 100–139 fifteen times, 140–199 fourteen times. Rank ceil(0.95 × 1 440) =
    // 1 368: 600 + 14k ≥ 1 368 → k = 55 → 194. Violating (> 150): 151–199 = 49 values × 14 = 686.
    expect(p95).toMatchObject({ status: 'breached', attainment: 194, counted: 1440, target: 150, op: 'lte' });
    expect(p95.budget.consumed).toBeCloseTo(686 / 1440 / 0.05, 9);
  });

  it('averages a threshold and flags it at risk past warn', async () => {
    const { 'latency-avg': avg } = await status();
    // Σ(m % 100) = 14 × 4 950 + 780 = 70 080 → avg 100 + 70 080 / 1 440 = 148.67: meets <= 150, fails warn <= 140.
    expect(avg).toMatchObject({ status: 'at_risk', counted: 1440, budget: null, burnRate: null });
    expect(avg.attainment).toBeCloseTo(100 + 70_080 / 1440, 9);
  });

  it('measures freshness exactly from timestamps', async () => {
    const { feed } = await status();
    // Fresh until 12:15, stale until 13:00: 45 minutes of 24 h + 1 ms measured so far.
    const measured = 86_400_001;
    expect(feed.status).toBe('met');
    expect(feed.attainment).toBeCloseTo(1 - (45 * MIN) / measured, 12);
    expect(feed.budget.consumed).toBeCloseTo((45 * MIN) / (0.01 * 31 * 86_400_000), 9);
  });

  it('attributes tickets by due instant: one met, one missed, one pending', async () => {
    const { p1 } = await status();
    expect(p1).toMatchObject({ status: 'breached', attainment: 0.5, counted: 2 });
  });

  it('removes an approved exclusion from measured time and the figure', async () => {
    const res = await asAdmin(t, 'POST', '/api/v1/contracts/eval-2027/exclusions', {
      from: at(600),
      to: at(610),
      reason: 'Approved outage',
      approvedBy: 'cio',
      objectives: ['avail'],
    });
    expect(res.statusCode).toBe(201);
    await evaluate();
    const { avail, uptime } = await status();
    expect(avail).toMatchObject({ status: 'met', attainment: 1, counted: 143_000, excludedSeconds: 600 });
    expect(uptime.excludedSeconds).toBe(0);
  });

  it('folds late data into the roll-ups and the cached slices', async () => {
    // The three missing minutes arrive late, up: 5 bad slices remain.
    const late = [700, 701, 702].map((m) => ({ metric: 'up', value: 1, timestamp: at(m) }));
    expect(
      (
        await t.request({ method: 'POST', url: '/api/v1/samples', token: acme, payload: { samples: late } })
      ).json(),
    ).toMatchObject({
      accepted: 3,
    });
    await evaluate();
    const { uptime } = await status();
    expect(uptime.attainment).toBeCloseTo(1435 / 1440, 12);
  });

  it('is idempotent: evaluating again at the same instant changes nothing', async () => {
    const before = await status();
    await evaluate();
    const after = await status();
    for (const key of Object.keys(before)) {
      expect({ ...after[key], evaluatedAt: null }).toEqual({ ...before[key], evaluatedAt: null });
    }
  });
});
