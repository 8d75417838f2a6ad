import fc from 'fast-check';
import { parseComparison } from '../src/contracts/domain/comparison';
import { validateContract } from '../src/contracts/domain/contract-validator';
import { percentageProblem } from '../src/contracts/domain/objective-validator';
import { AGGREGATES } from '../src/contracts/domain/contract.types';
import { putContractJson, putVendor, vendorToken } from './support/fixtures';
import {
  type RefItem,
  type RefSample,
  referenceEvaluate,
  type RefResult,
} from './support/reference-evaluator';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app';

// Differential test: the engine (roll-ups, cached slices, batched SQL over a real database)
// against the naive reference evaluator (straight from the formulas of docs/contract-authoring.md over raw samples) on random
// contracts and data. Each run evaluates twice: once with part of the data, then after late and new
// data arrived, so roll-up merging and cache invalidation are exercised too.

const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 150);
const BASE = Date.parse('2027-03-24T00:00:00Z');
const ZONES = ['UTC', 'Asia/Jerusalem', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];
const METRICS = ['m_a', 'm_b', 'm_c'];
const SPAN = 10 * 86_400_000;

const indicator = fc.oneof(
  fc.record({ kind: fc.constant('ratio'), good: fc.constant('m_a'), total: fc.constant('m_b') }),
  fc.record({ kind: fc.constant('ratio'), bad: fc.constant('m_c'), total: fc.constant('m_b') }),
  fc.record({
    kind: fc.constant('threshold'),
    metric: fc.constantFrom(...METRICS),
    aggregate: fc.constantFrom(...AGGREGATES),
  }),
  fc.record({
    kind: fc.constant('timeslice'),
    metric: fc.constantFrom(...METRICS),
    slice: fc.constantFrom('1m', '5m', '7m', '1h'),
    aggregate: fc.constantFrom('min', 'max', 'avg', 'last', 'p90'),
    good: fc.constantFrom('>= 1', '<= 3', '> 2'),
  }),
  fc.record({
    kind: fc.constant('freshness'),
    metric: fc.constantFrom(...METRICS),
    maxAge: fc.constantFrom('5m', '15m', '1h'),
  }),
  fc.record({
    kind: fc.constant('deadline'),
    item: fc.constant('ticket'),
    where: fc.constantFrom({}, { priority: 'P1' }),
    within: fc.constantFrom('30m', '2h', '5h'),
    calendar: fc.option(fc.constant('business'), { nil: undefined }),
    pause: fc.constant('paused'),
    resume: fc.constant('resumed'),
  }),
);

function meaningfulPercentage(op: string, target: number): boolean {
  const parsed = parseComparison(`${op} ${target}%`);
  return 'ok' in parsed && percentageProblem(parsed.ok) === undefined;
}

const objective = fc
  .record({
    indicator,
    period: fc.constantFrom('day', 'week', 'month', '1h', '6h', '1d', '3d', '10d'),
    op: fc.constantFrom('>=', '>', '<=', '<'),
    target: fc.constantFrom(0, 1, 2.5, 50, 90, 99, 100),
    serviceHours: fc.option(fc.constant('business'), { nil: undefined }),
    excludeMaintenance: fc.boolean(),
    missingData: fc.constantFrom('ignore', 'good', 'bad'),
    minEvents: fc.integer({ min: 1, max: 3 }),
    warnAt: fc.constantFrom(0, 50, 75, 100),
  })
  // The validator refuses percentages no attainment can meet (`> 100`) or every one meets (`>= 0`).
  .filter((o) => o.indicator.kind === 'threshold' || meaningfulPercentage(o.op, o.target));

const minuteOfDay = fc.integer({ min: 0, max: 47 }).map((h) => h * 30);
const scenario = fc.record({
  zone: fc.constantFrom(...ZONES),
  weekStart: fc.constantFrom('sun', 'mon'),
  weekdays: fc.subarray(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], { minLength: 1 }),
  hours: fc.tuple(minuteOfDay, minuteOfDay).filter(([a, b]) => a !== b),
  holiday: fc.option(fc.constantFrom('2027-03-25', '2027-03-28', '2027-03-29'), { nil: undefined }),
  maintenance: fc.constantFrom('none', 'cron', 'once'),
  objective,
  // Evaluation instants: the second after the first; both within a DST-rich week.
  // Up to 10 days of data from a Wednesday: windows can hold whole 7-day roll-up weeks (from Thursdays).
  now1: fc.integer({ min: 1 * 86_400_000, max: 8 * 86_400_000 }),
  later: fc.integer({ min: 0, max: 2 * 86_400_000 }),
  samples: fc.array(
    fc.record({
      metric: fc.constantFrom(...METRICS),
      offset: fc.integer({ min: 0, max: SPAN }),
      value: fc.integer({ min: 0, max: 6 }),
    }),
    { maxLength: 400 },
  ),
  dense: fc.uniqueArray(
    fc.record({
      metric: fc.constantFrom(...METRICS),
      step: fc.constantFrom(60_000, 300_000, 120_000),
      gapFrom: fc.integer({ min: 0, max: SPAN }),
      gapLength: fc.integer({ min: 0, max: 4 * 3_600_000 }),
    }),
    { selector: (d) => d.metric, minLength: 1, maxLength: 3 },
  ),
  tickets: fc.array(
    fc.record({
      priority: fc.constantFrom('P1', 'P2'),
      opened: fc.integer({ min: 0, max: SPAN }),
      then: fc.array(
        fc.record({
          action: fc.constantFrom('resolved', 'paused', 'resumed', 'opened'),
          after: fc.integer({ min: 0, max: 8 * 3_600_000 }),
        }),
        { maxLength: 4 },
      ),
    }),
    { minLength: 5, maxLength: 30 },
  ),
  exclusion: fc.option(
    fc.record({
      offset: fc.integer({ min: 0, max: SPAN }),
      length: fc.integer({ min: 60_000, max: 8 * 3_600_000 }),
      all: fc.boolean(),
    }),
    { nil: undefined },
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function documentOf(s: Scenario) {
  const [a, b] = s.hours;
  const o = s.objective;
  const percent = o.indicator.kind !== 'threshold';
  const obj: Record<string, unknown> = {
    key: 'obj',
    title: 'Objective',
    responsible: 'vendor',
    indicator: o.indicator,
    objective: `${o.op} ${o.target}${percent ? '%' : ''}`,
    period: o.period,
    excludeMaintenance: o.excludeMaintenance,
    minEvents: o.minEvents,
    warnAt: o.warnAt,
  };
  if (o.serviceHours) obj.serviceHours = o.serviceHours;
  if (o.indicator.kind === 'timeslice') obj.missingData = o.missingData;
  return {
    apiVersion: 'sla-sentinel/v1',
    kind: 'Contract',
    metadata: { key: 'diff', title: 'Differential' },
    spec: {
      vendor: 'acme',
      timezone: s.zone,
      weekStart: s.weekStart,
      effective: { from: '2027-01-01', to: '2027-12-31' },
      owners: ['owner@customer.example'],
      calendars: {
        business: {
          weekdays: s.weekdays,
          hours: [{ from: hhmm(Math.min(a, b)), to: hhmm(Math.max(a, b)) }],
          holidays: s.holiday ? [s.holiday] : [],
        },
      },
      maintenance:
        s.maintenance === 'cron'
          ? [{ title: 'Nightly', cron: '30 1 * * *', duration: '90m' }]
          : s.maintenance === 'once'
            ? [{ title: 'Move', from: '2027-03-26T10:00:00+00:00', to: '2027-03-26T13:30:00+00:00' }]
            : [],
      objectives: [obj],
    },
  };
}

function dataOf(s: Scenario): { samples: RefSample[]; items: RefItem[] } {
  const seen = new Set<string>();
  const samples: RefSample[] = [];
  const add = (metric: string, ts: number, value: number) => {
    const id = `${metric}@${ts}`;
    if (!seen.has(id)) {
      seen.add(id);
      samples.push({ metric, ts, value });
    }
  };
  for (const d of s.dense) {
    for (let off = 0; off < SPAN; off += d.step) {
      if (off < d.gapFrom || off >= d.gapFrom + d.gapLength) add(d.metric, BASE + off, (off / d.step) % 9);
    }
  }
  for (const x of s.samples) add(x.metric, BASE + x.offset, x.value);
  const items: RefItem[] = s.tickets.map((t, i) => {
    const seenEvents = new Set<string>();
    const events = [
      { action: 'opened', ts: BASE + t.opened },
      ...t.then.map((e) => ({ action: e.action, ts: BASE + t.opened + e.after })),
    ].filter((e) => !seenEvents.has(`${e.action}@${e.ts}`) && seenEvents.add(`${e.action}@${e.ts}`));
    return { item: 'ticket', id: `T${i}`, attributes: { priority: t.priority }, events };
  });
  return { samples, items };
}

describe('the engine agrees with the naive reference evaluator', () => {
  let t: TestApp;
  /** kind/status → passes: printed, and checked to cover every kind. */
  const tallies = new Map<string, number>();

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function engine(now: number): Promise<Record<string, any>> {
    t.setNow(new Date(now));
    const run = await t.request({ method: 'POST', url: '/api/v1/evaluations', token: ADMIN_TOKEN });
    expect(run.statusCode).toBe(200);
    const res = await t.request({ method: 'GET', url: '/api/v1/contracts/diff/status', token: ADMIN_TOKEN });
    return res.json<{ objectives: Array<Record<string, any>> }>().objectives[0];
  }

  function agree(actual: Record<string, any>, expected: RefResult, context: string) {
    const close = (a: number | null | undefined, e: number | null) => {
      if (e === null || !Number.isFinite(e)) return a === null || a === undefined;
      return typeof a === 'number' && Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e));
    };
    const ok =
      actual.status === expected.status &&
      close(actual.attainment, expected.attainment) &&
      (expected.status === 'no_data' ||
        (close(actual.counted, expected.counted) &&
          close(actual.budget?.consumed ?? null, expected.budgetConsumed) &&
          close(actual.burnRate, expected.burnRate)));
    if (!ok)
      throw new Error(
        `${context}\nengine: ${JSON.stringify(actual)}\nreference: ${JSON.stringify(expected)}`,
      );
    const tally = `${String(actual.kind)}/${String(actual.status)}`;
    tallies.set(tally, (tallies.get(tally) ?? 0) + 1);
  }

  it(`gives the same status, attainment, count, budget and burn rate (${RUNS} random cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        await t.reset();
        await putVendor(t, 'acme');
        const token = await vendorToken(t, 'acme');
        const doc = documentOf(s);
        const validated = validateContract(doc);
        if (!validated.ok)
          throw new Error(`generated an invalid contract: ${JSON.stringify(validated.errors)}`);
        t.setNow(new Date(BASE));
        expect((await putContractJson(t, 'diff', doc)).statusCode).toBe(201);
        const exclusions = [];
        if (s.exclusion) {
          const e = {
            from: BASE + s.exclusion.offset,
            to: BASE + s.exclusion.offset + s.exclusion.length,
            objectives: s.exclusion.all ? null : ['obj'],
          };
          const res = await t.request({
            method: 'POST',
            url: '/api/v1/contracts/diff/exclusions',
            token: ADMIN_TOKEN,
            payload: {
              from: new Date(e.from).toISOString(),
              to: new Date(e.to).toISOString(),
              reason: 'r',
              approvedBy: 'a',
              ...(e.objectives ? { objectives: e.objectives } : {}),
            },
          });
          expect(res.statusCode).toBe(201);
          exclusions.push(e);
        }
        const { samples, items } = dataOf(s);
        const now1 = BASE + s.now1;
        const now2 = now1 + s.later;
        const context = JSON.stringify({
          doc: doc.spec.objectives[0],
          zone: s.zone,
          now1: new Date(now1),
          now2: new Date(now2),
        });

        // Phase 1: what had arrived by now1 (ingest accepts up to 5 minutes ahead).
        const early = samples.filter((x) => x.ts <= now1 + 240_000);
        await push(token, now1, early, items, now1);
        agree(
          await engine(now1),
          referenceEvaluate({
            contract: validated.spec,
            objective: validated.spec.objectives[0],
            samples: early,
            items: visible(items, now1),
            exclusions,
            now: now1,
          }),
          `${context} (first pass)`,
        );

        // Phase 2: the rest, late or new.
        const rest = samples.filter((x) => x.ts > now1 + 240_000 && x.ts <= now2 + 240_000);
        await push(token, now2, rest, items, now2, now1);
        const all = [...early, ...rest];
        agree(
          await engine(now2),
          referenceEvaluate({
            contract: validated.spec,
            objective: validated.spec.objectives[0],
            samples: all,
            items: visible(items, now2),
            exclusions,
            now: now2,
          }),
          `${context} (second pass)`,
        );
      }),
      { numRuns: RUNS, seed: Number(process.env.DIFFERENTIAL_SEED ?? 20271), endOnFailure: true },
    );
    console.log(
      `differential cases by kind/status: ${JSON.stringify(Object.fromEntries([...tallies].sort()))}`,
    );
    // Each kind must have been judged with data, not only as no_data.
    for (const kind of ['ratio', 'threshold', 'timeslice', 'freshness', 'deadline']) {
      expect(
        [...tallies.keys()].filter((k) => k.startsWith(`${kind}/`) && !k.endsWith('no_data')).length,
      ).toBeGreaterThan(0);
    }
  }, 600_000);

  /** Events a vendor could have pushed by `now` (none from the future). */
  function visible(items: RefItem[], now: number): RefItem[] {
    return items.map((i) => ({ ...i, events: i.events.filter((e) => e.ts <= now + 240_000) }));
  }

  async function push(
    token: string,
    now: number,
    samples: RefSample[],
    items: RefItem[],
    upTo: number,
    after = -Infinity,
  ) {
    t.setNow(new Date(now));
    const body = samples.map((x) => ({
      metric: x.metric,
      value: x.value,
      timestamp: new Date(x.ts).toISOString(),
    }));
    for (let i = 0; i < body.length; i += 5000) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/samples',
        token,
        payload: { samples: body.slice(i, i + 5000) },
      });
      expect(res.json()).toMatchObject({ rejected: [] });
    }
    const events = items.flatMap((it) =>
      it.events
        .filter((e) => e.ts <= upTo + 240_000 && e.ts > after + 240_000)
        .map((e) => ({
          item: it.item,
          id: it.id,
          action: e.action,
          timestamp: new Date(e.ts).toISOString(),
          attributes: it.attributes,
        })),
    );
    if (events.length > 0) {
      const res = await t.request({ method: 'POST', url: '/api/v1/events', token, payload: { events } });
      expect(res.json()).toMatchObject({ rejected: [] });
    }
  }
});
