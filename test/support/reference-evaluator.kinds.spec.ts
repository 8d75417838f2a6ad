import type { Objective } from '../../src/contracts/domain/contract.types';
import { type RefInput, type RefResult, referenceEvaluate } from './reference-evaluator';
import {
  at,
  contract,
  day10,
  expectResult,
  input,
  MIN,
  objective,
  s,
} from './reference-evaluator.spec-helpers';

// Hand-computed cases for the naive reference evaluator, continued from reference-evaluator.spec.ts
// (ratio, threshold): timeslice, freshness and deadline, every expected number worked out in the
// comments from the formulas of docs/contract-authoring.md and the Conventions of docs/evaluation.md.

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
