import type { ContractSpec, Indicator, Objective } from '../../src/contracts/domain/contract.types';
import { type RefInput, type RefResult, type RefSample, referenceEvaluate } from './reference-evaluator';

// Hand-computed cases for the naive reference evaluator: every expected number is worked out in the
// comments from the formulas of docs/contract-authoring.md and the Conventions of docs/evaluation.md.

const at = (iso: string): number => Date.parse(iso);
const MIN = 60_000;
const HOUR = 3_600_000;

function contract(overrides: Partial<ContractSpec> = {}): ContractSpec {
  return {
    key: 'ref',
    title: 'Reference',
    vendor: 'acme',
    timezone: 'UTC',
    weekStart: 'mon',
    effective: { from: '2027-01-01' },
    closeAfterSeconds: 259_200,
    owners: [],
    notifyVendor: true,
    repeatIntervalSeconds: 86_400,
    calendars: {},
    maintenance: [],
    objectives: [],
    deliverables: [],
    ...overrides,
  };
}

function objective(indicator: Indicator, overrides: Partial<Objective> = {}): Objective {
  return {
    key: 'obj',
    title: 'Objective',
    responsible: 'vendor',
    severity: 'major',
    indicator,
    objective: { op: 'gte', target: 99 },
    period: { type: 'calendar', unit: 'day' },
    excludeMaintenance: true,
    warnAt: 75,
    missingData: 'ignore',
    minEvents: 1,
    credits: [],
    ...overrides,
  };
}

function input(parts: Partial<RefInput> & Pick<RefInput, 'objective' | 'now'>): RefInput {
  return { contract: contract(), samples: [], items: [], exclusions: [], ...parts };
}

const s = (metric: string, iso: string, value: number): RefSample => ({ metric, ts: at(iso), value });

/** Exact for statuses, counts and instants; 1e-9 close for fractions; null and Infinity as such. */
function expectResult(actual: RefResult, expected: RefResult): void {
  expect(actual.status).toBe(expected.status);
  expect(actual.counted).toBe(expected.counted);
  expect(actual.periodStart).toBe(expected.periodStart);
  expect(actual.periodEnd).toBe(expected.periodEnd);
  for (const field of ['attainment', 'budgetConsumed', 'burnRate'] as const) {
    const want = expected[field];
    if (want === null || !Number.isFinite(want)) expect(actual[field]).toBe(want);
    else expect(actual[field]).toBeCloseTo(want, 9);
  }
}

// ---------------------------------------------------------------------------------------------------
// ratio, UTC, period day, now 2027-03-10 12:00 → window [00:00, 12:00:00.001).
// Daily maintenance 05:00–06:00 (cron), an approved exclusion 08:00–08:30 for every objective, and one
// 01:00–02:00 that names another objective (so it does not apply).
const ratioNow = at('2027-03-10T12:00:00Z');
const ratioSamples = [
  s('req', '2027-03-10T01:30:00Z', 1000), // inside the other objective's exclusion: counts
  s('ok', '2027-03-10T01:30:00Z', 995),
  s('req', '2027-03-10T05:30:00Z', 1000), // maintenance
  s('ok', '2027-03-10T05:30:00Z', 0),
  s('req', '2027-03-10T08:15:00Z', 500), // approved exclusion: never counts
  s('ok', '2027-03-10T08:15:00Z', 0),
  s('req', '2027-03-10T11:30:00Z', 100),
  s('ok', '2027-03-10T11:30:00Z', 96),
  s('req', '2027-03-10T12:00:00Z', 10), // stamped exactly now: counts
  s('ok', '2027-03-10T12:00:00Z', 10),
  s('req', '2027-03-10T12:00:00.001Z', 1000), // after now
  s('ok', '2027-03-10T12:00:00.001Z', 0),
];
const ratioInput = (excludeMaintenance: boolean): RefInput =>
  input({
    contract: contract({
      maintenance: [{ title: 'patch', kind: 'recurring', cron: '0 5 * * *', durationSeconds: 3600 }],
    }),
    objective: objective({ kind: 'ratio', good: 'ok', total: 'req' }, { excludeMaintenance }),
    samples: ratioSamples,
    exclusions: [
      { from: at('2027-03-10T08:00:00Z'), to: at('2027-03-10T08:30:00Z'), objectives: null },
      { from: at('2027-03-10T01:00:00Z'), to: at('2027-03-10T02:00:00Z'), objectives: ['other'] },
    ],
    now: ratioNow,
  });
const day10 = { periodStart: at('2027-03-10T00:00:00Z'), periodEnd: at('2027-03-11T00:00:00Z') };

describe('referenceEvaluate: ratio', () => {
  it.each<{ name: string; input: RefInput; expected: RefResult }>([
    {
      // Σtotal = 1000 + 100 + 10 = 1110, Σgood = 995 + 96 + 10 = 1101; attainment 1101/1110 = 0.99189…
      // ≥ 99 % so not breached; consumed (1 − 0.99189…)/0.01 = 0.81081… ≥ 0.75 → at_risk.
      // Last hour of M = [11:00:00.001, 12:00:00.001): Σtotal 110, Σbad 4 → (4/110)/0.01 = 3.63636…
      name: 'counts only measured samples: maintenance and an applying exclusion leave, the other stays',
      input: ratioInput(true),
      expected: {
        status: 'at_risk',
        attainment: 1101 / 1110,
        counted: 1110,
        budgetConsumed: (1 - 1101 / 1110) / (1 - 99 / 100),
        burnRate: 4 / 110 / (1 - 99 / 100),
        ...day10,
      },
    },
    {
      // With excludeMaintenance false the 05:30 sample counts: Σtotal 2110, Σgood 1101 → 0.52180… < 99 %.
      // consumed (1 − 1101/2110)/0.01 = 47.81…; the last hour is unchanged.
      name: 'counts samples in maintenance when the objective does not exclude it',
      input: ratioInput(false),
      expected: {
        status: 'breached',
        attainment: 1101 / 2110,
        counted: 2110,
        budgetConsumed: (1 - 1101 / 2110) / (1 - 99 / 100),
        burnRate: 4 / 110 / (1 - 99 / 100),
        ...day10,
      },
    },
    {
      // {bad, total}, rolling 1h: 1 − 1/1000 = 0.999 meets ">= 99.9%" within the 1e-9 tolerance;
      // consumed = 0.001/0.001 = 1 ≥ 0.75 → at_risk (not breached). Burn rate the same 1.
      name: 'meets a target hit exactly (999 of 1000 against 99.9 %) thanks to the tolerance',
      input: input({
        objective: objective(
          { kind: 'ratio', bad: 'err', total: 'req' },
          { objective: { op: 'gte', target: 99.9 }, period: { type: 'rolling', seconds: 3600 } },
        ),
        samples: [s('req', '2027-03-10T11:30:00Z', 1000), s('err', '2027-03-10T11:30:00Z', 1)],
        now: ratioNow,
      }),
      expected: {
        status: 'at_risk',
        attainment: 1 - 1 / 1000,
        counted: 1000,
        budgetConsumed: 1,
        burnRate: 1,
        periodStart: ratioNow - HOUR + 1,
        periodEnd: ratioNow + 1,
      },
    },
    {
      // Σtotal 5 < minEvents 10 → no_data, though the figures (all good) are still reported.
      name: 'reports no_data below minEvents',
      input: input({
        objective: objective({ kind: 'ratio', good: 'ok', total: 'req' }, { minEvents: 10 }),
        samples: [s('req', '2027-03-10T11:30:00Z', 5), s('ok', '2027-03-10T11:30:00Z', 5)],
        now: ratioNow,
      }),
      expected: { status: 'no_data', attainment: 1, counted: 5, budgetConsumed: 0, burnRate: 0, ...day10 },
    },
  ])('$name', ({ input: given, expected }) => expectResult(referenceEvaluate(given), expected));
});

// ---------------------------------------------------------------------------------------------------
// threshold, rolling 1h at 12:00 → window [11:00:00.001, 12:00:00.001).
const thrNow = at('2027-03-10T12:00:00Z');
// Twenty samples 11:41 … 12:00, one a minute, valued 200, 190, …, 10 (time order ≠ value order), and
// one at exactly now − 1h (outside the window) valued 5000.
const twenty = [
  ...Array.from({ length: 20 }, (_, i) => ({
    metric: 'lat',
    ts: thrNow - (19 - i) * MIN,
    value: 200 - i * 10,
  })),
  { metric: 'lat', ts: thrNow - HOUR, value: 5000 },
];
const p95 = (target: number): RefInput =>
  input({
    objective: objective(
      { kind: 'threshold', metric: 'lat', aggregate: 'p95' },
      { objective: { op: 'lte', target }, period: { type: 'rolling', seconds: 3600 } },
    ),
    samples: twenty,
    now: thrNow,
  });
const lastHour = { periodStart: thrNow - HOUR + 1, periodEnd: thrNow + 1 };

describe('referenceEvaluate: threshold', () => {
  it.each<{ name: string; input: RefInput; expected: RefResult }>([
    {
      // n = 20, p95 rank ceil(0.95 · 20) = 19 → sorted[18] = 190 ≤ 190: not breached. Budget 1 − 0.95:
      // one of 20 samples (200) violates → 0.05/0.05 = 1 ≥ 0.75 → at_risk; the last hour is the window.
      name: 'takes p95 of 20 samples at rank 19 and meets a target equal to it',
      input: p95(190),
      expected: {
        status: 'at_risk',
        attainment: 190,
        counted: 20,
        budgetConsumed: 1,
        burnRate: 1,
        ...lastHour,
      },
    },
    {
      // Same p95 = 190 > 180 → breached; violating 190 and 200 → (2/20)/0.05 = 2.
      name: 'breaches when p95 exceeds the target',
      input: p95(180),
      expected: {
        status: 'breached',
        attainment: 190,
        counted: 20,
        budgetConsumed: 2,
        burnRate: 2,
        ...lastHour,
      },
    },
    {
      // n = 1000 (values 1…1000, 3 s apart), p99.9 rank ceil(0.999 · 1000) = 999 exactly (not 1000, as
      // floating 0.999 · 1000 would give). 999 ≤ 999 met; one violator (1000) → 0.001/0.001 = 1 → at_risk.
      name: 'takes p99.9 of 1000 samples at rank 999',
      input: input({
        objective: objective(
          { kind: 'threshold', metric: 'lat', aggregate: 'p99.9' },
          { objective: { op: 'lte', target: 999 }, period: { type: 'rolling', seconds: 3600 } },
        ),
        samples: Array.from({ length: 1000 }, (_, i) => ({
          metric: 'lat',
          ts: thrNow - i * 3000,
          value: i + 1,
        })),
        now: thrNow,
      }),
      expected: {
        status: 'at_risk',
        attainment: 999,
        counted: 1000,
        budgetConsumed: 1,
        burnRate: 1,
        ...lastHour,
      },
    },
    {
      // last: latest timestamp 11:00 holds 40, 70, 60 → the largest, 70. 70 ≤ 100 meets the objective but
      // fails warn "<= 50" → at_risk. No budget, no burn rate. Period day → [00:00, 24:00).
      name: 'takes the largest value at the latest timestamp for last, and warns past warn',
      input: input({
        objective: objective(
          { kind: 'threshold', metric: 'q', aggregate: 'last' },
          { objective: { op: 'lte', target: 100 }, warn: { op: 'lte', target: 50 } },
        ),
        samples: [
          s('q', '2027-03-10T10:00:00Z', 90),
          s('q', '2027-03-10T11:00:00Z', 40),
          s('q', '2027-03-10T11:00:00Z', 70),
          s('q', '2027-03-10T11:00:00Z', 60),
        ],
        now: thrNow,
      }),
      expected: {
        status: 'at_risk',
        attainment: 70,
        counted: 4,
        budgetConsumed: null,
        burnRate: null,
        ...day10,
      },
    },
  ])('$name', ({ input: given, expected }) => expectResult(referenceEvaluate(given), expected));
});

// ---------------------------------------------------------------------------------------------------
// timeslice, 1h slices, min ≥ 1 good, ">= 90%" (allowed 0.1).
// UTC day at 06:00 → window [00:00, 06:00:00.001); slices 00…05 have ended (06 has not): 00 good (1, 1),
// 01 bad (min 0), 02 empty, 03–05 good. Eligible slices of the whole day: 24 → denominators 0.1 · 24.
// With 1h slices no counted slice can start in the last hour [05:00:00.001, 06:00:00.001): burn null.
const sliceSamples = [
  s('up', '2027-03-10T00:00:00Z', 1),
  s('up', '2027-03-10T00:30:00Z', 1),
  s('up', '2027-03-10T01:10:00Z', 1),
  s('up', '2027-03-10T01:50:00Z', 0),
  s('up', '2027-03-10T03:20:00Z', 1),
  s('up', '2027-03-10T04:20:00Z', 1),
  s('up', '2027-03-10T05:20:00Z', 1),
  s('up', '2027-03-10T06:00:00Z', 0), // slice 06 has not ended
];
const slices = (missingData: Objective['missingData']): RefInput =>
  input({
    objective: objective(
      {
        kind: 'timeslice',
        metric: 'up',
        sliceSeconds: 3600,
        aggregate: 'min',
        good: { op: 'gte', target: 1 },
      },
      { objective: { op: 'gte', target: 90 }, missingData },
    ),
    samples: sliceSamples,
    now: at('2027-03-10T06:00:00Z'),
  });

// Europe/Berlin 2027-03-28 (spring forward): the day is [03-27 23:00Z, 03-28 22:00Z), 23 slices.
const dstNow = at('2027-03-28T12:00:00Z');
const dstDay = { periodStart: at('2027-03-27T23:00:00Z'), periodEnd: at('2027-03-28T22:00:00Z') };

describe('referenceEvaluate: timeslice', () => {
  it.each<{ name: string; input: RefInput; expected: RefResult }>([
    {
      // 4 good, 2 bad (01, empty 02) of 6 → 0.6667 < 90 % but consumed 2/2.4 = 0.8333 ≤ 1 → at_risk.
      name: 'counts an empty slice as bad with missingData bad',
      input: slices('bad'),
      expected: {
        status: 'at_risk',
        attainment: 4 / 6,
        counted: 6,
        budgetConsumed: 2 / 2.4,
        burnRate: null,
        ...day10,
      },
    },
    {
      // 4 good, 1 bad of 5 → 0.8; consumed 1/2.4 = 0.41667 < 0.75 → met (the day can still be met).
      name: 'skips an empty slice with missingData ignore',
      input: slices('ignore'),
      expected: {
        status: 'met',
        attainment: 4 / 5,
        counted: 5,
        budgetConsumed: 1 / 2.4,
        burnRate: null,
        ...day10,
      },
    },
    {
      // 5 good, 1 bad of 6 → 0.8333; consumed 1/2.4 → met.
      name: 'counts an empty slice as good with missingData good',
      input: slices('good'),
      expected: {
        status: 'met',
        attainment: 5 / 6,
        counted: 6,
        budgetConsumed: 1 / 2.4,
        burnRate: null,
        ...day10,
      },
    },
    {
      // Berlin DST day at 12:00Z: ended slices 23:00Z, 00:00Z … 11:00Z = 13; one sample (00:30Z) → 1 good,
      // 12 empty = bad. ">= 50%": consumed 12/(0.5 · 23) = 1.0435 > 1 → breached (a 24h day would give 1).
      name: 'uses the 23 slices of a spring-forward day as the budget denominator',
      input: input({
        contract: contract({ timezone: 'Europe/Berlin' }),
        objective: objective(
          {
            kind: 'timeslice',
            metric: 'up',
            sliceSeconds: 3600,
            aggregate: 'min',
            good: { op: 'gte', target: 1 },
          },
          { objective: { op: 'gte', target: 50 }, missingData: 'bad' },
        ),
        samples: [s('up', '2027-03-28T00:30:00Z', 1)],
        now: dstNow,
      }),
      expected: {
        status: 'breached',
        attainment: 1 / 13,
        counted: 13,
        budgetConsumed: 12 / (0.5 * 23),
        burnRate: null,
        ...dstDay,
      },
    },
  ])('$name', ({ input: given, expected }) => expectResult(referenceEvaluate(given), expected));
});

// ---------------------------------------------------------------------------------------------------
// freshness, maxAge 10 min: a sample at ts makes [ts, ts + 10 min) fresh.

describe('referenceEvaluate: freshness', () => {
  it.each<{ name: string; input: RefInput; expected: RefResult }>([
    {
      // Rolling 2h at 12:00 → M = [10:00:00.001, 12:00:00.001), 7 200 000 ms, counted 7200 s.
      // 09:49 is fresh only until 09:59; 10:30, 10:40 … 12:00 make [10:30, 12:10) fresh, so fresh =
      // 5 400 001 ms and stale = [10:00:00.001, 10:30) = 1 799 999 ms. ">= 95%": consumed
      // 1 799 999 / (0.05 · 7 200 000) = 4.99999722 → breached. The last hour is all fresh: burn 0.
      name: 'counts the gap before the first sample of a rolling window as stale',
      input: input({
        objective: objective(
          { kind: 'freshness', metric: 'feed', maxAgeSeconds: 600 },
          { objective: { op: 'gte', target: 95 }, period: { type: 'rolling', seconds: 7200 } },
        ),
        samples: [
          s('feed', '2027-03-10T09:49:00Z', 1),
          ...Array.from({ length: 10 }, (_, i) => ({
            metric: 'feed',
            ts: at('2027-03-10T10:30:00Z') + i * 10 * MIN,
            value: 1,
          })),
          s('feed', '2027-03-10T12:05:00Z', 1), // after now
        ],
        now: at('2027-03-10T12:00:00Z'),
      }),
      expected: {
        status: 'breached',
        attainment: 5_400_001 / 7_200_000,
        counted: 7200,
        budgetConsumed: 1_799_999 / ((1 - 95 / 100) * 7_200_000),
        burnRate: 0,
        periodStart: at('2027-03-10T10:00:00.001Z'),
        periodEnd: at('2027-03-10T12:00:00.001Z'),
      },
    },
    {
      // Berlin 2027-03-28, serviceHours 01:00–04:00 wall time: 01:00 CET = 00:00Z to 04:00 CEST = 02:00Z,
      // 2h of measured time (02:00–03:00 does not exist). now 21:00Z, so M so far = the whole 7 200 000 ms.
      // 03-27 23:55Z (outside M, still counts) → fresh [00:00Z, 00:05Z) = 300 000; 01:30Z → [01:30Z, 01:40Z)
      // = 600 000. fresh 900 000, stale 6 300 000: attainment 0.125; ">= 50%": 6 300 000/(0.5 · 7 200 000)
      // = 1.75 → breached. Last hour of M [01:00Z, 02:00Z): stale 3 000 000/3 600 000 / 0.5 = 1.6667.
      name: 'measures service hours by local wall time on a spring-forward day',
      input: input({
        contract: contract({
          timezone: 'Europe/Berlin',
          calendars: {
            night: {
              weekdays: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
              hours: [{ from: 60, to: 240 }],
              holidays: [],
            },
          },
        }),
        objective: objective(
          { kind: 'freshness', metric: 'feed', maxAgeSeconds: 600 },
          { objective: { op: 'gte', target: 50 }, serviceHours: 'night' },
        ),
        samples: [s('feed', '2027-03-27T23:55:00Z', 1), s('feed', '2027-03-28T01:30:00Z', 1)],
        now: at('2027-03-28T21:00:00Z'),
      }),
      expected: {
        status: 'breached',
        attainment: 0.125,
        counted: 7200,
        budgetConsumed: 1.75,
        burnRate: 3_000_000 / 3_600_000 / 0.5,
        ...dstDay,
      },
    },
  ])('$name', ({ input: given, expected }) => expectResult(referenceEvaluate(given), expected));
});

// ---------------------------------------------------------------------------------------------------
// deadline, UTC, business calendar Mon–Fri 09:00–17:00, within 4h, paused/resumed, period week (Mon).
// Fri 2027-03-12, Mon 2027-03-15; now Mon 13:30 → window [Mon 00:00, Mon 13:30:00.001).

describe('referenceEvaluate: deadline', () => {
  const ticket = (id: string, priority: string, events: Array<[string, string]>) => ({
    item: 'ticket',
    id,
    attributes: { priority },
    events: events.map(([action, iso]) => ({ action, ts: at(iso) })),
  });

  it.each<{ name: string; input: RefInput; expected: RefResult }>([
    {
      // T1: Fri 15:00–16:00 counts 1h, paused over the weekend to Mon 10:00, 3h more → due Mon 13:00;
      //     resolved 12:30 ≤ due → met.
      // T2: Fri 16:00–17:00 1h, Mon 09:00 + 3h → due Mon 12:00; resolved 12:30 → missed.
      // T3: P2, does not match where. T4: opened Mon 11:00, due 15:00 > now → pending.
      // T5: Thu 09:00 → due Thu 13:00, outside this week. T6: paused with no resume → pending.
      // met 1, missed 1 → 0.5 < 90 % → breached; consumed 0.5/0.1 = 5. Last hour of M
      // [12:30:00.001, 13:30:00.001) holds T1's due (met) → burn 0/1 = 0.
      name: 'pauses a business-hours clock across a weekend',
      input: input({
        contract: contract({
          calendars: {
            business: {
              weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
              hours: [{ from: 540, to: 1020 }],
              holidays: [],
            },
          },
        }),
        objective: objective(
          {
            kind: 'deadline',
            item: 'ticket',
            where: { priority: 'P1' },
            start: 'opened',
            stop: 'resolved',
            withinSeconds: 4 * 3600,
            calendar: 'business',
            pause: 'paused',
            resume: 'resumed',
          },
          { objective: { op: 'gte', target: 90 }, period: { type: 'calendar', unit: 'week' } },
        ),
        items: [
          ticket('T1', 'P1', [
            ['opened', '2027-03-12T15:00:00Z'],
            ['resolved', '2027-03-15T12:30:00Z'],
            ['paused', '2027-03-12T16:00:00Z'], // arrived late; ordered by timestamp
            ['resumed', '2027-03-15T10:00:00Z'],
          ]),
          ticket('T2', 'P1', [
            ['opened', '2027-03-12T16:00:00Z'],
            ['resolved', '2027-03-15T12:30:00Z'],
          ]),
          ticket('T3', 'P2', [['opened', '2027-03-12T16:00:00Z']]),
          ticket('T4', 'P1', [['opened', '2027-03-15T11:00:00Z']]),
          ticket('T5', 'P1', [
            ['opened', '2027-03-11T09:00:00Z'],
            ['resolved', '2027-03-11T10:00:00Z'],
          ]),
          ticket('T6', 'P1', [
            ['opened', '2027-03-15T09:00:00Z'],
            ['paused', '2027-03-15T09:30:00Z'],
          ]),
        ],
        now: at('2027-03-15T13:30:00Z'),
      }),
      expected: {
        status: 'breached',
        attainment: 0.5,
        counted: 2,
        budgetConsumed: 0.5 / (1 - 90 / 100),
        burnRate: 0,
        periodStart: at('2027-03-15T00:00:00Z'),
        periodEnd: at('2027-03-22T00:00:00Z'),
      },
    },
  ])('$name', ({ input: given, expected }) => expectResult(referenceEvaluate(given), expected));
});
