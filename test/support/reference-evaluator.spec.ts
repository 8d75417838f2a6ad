import { type RefInput, type RefResult, referenceEvaluate } from './reference-evaluator';
import {
  at,
  contract,
  day10,
  expectResult,
  HOUR,
  input,
  MIN,
  objective,
  s,
} from './reference-evaluator.spec-helpers';

// Hand-computed cases for the naive reference evaluator: every expected number is worked out in the
// comments from the formulas of docs/contract-authoring.md and the Conventions of docs/evaluation.md.
// Timeslice, freshness and deadline: reference-evaluator.kinds.spec.ts; label selectors:
// reference-evaluator.selectors.spec.ts.

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
