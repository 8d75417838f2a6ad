import fc from 'fast-check';
import { parseComparison } from '../../src/contracts/domain/comparison';
import { AGGREGATES } from '../../src/contracts/domain/contract.types';
import { percentageProblem } from '../../src/contracts/domain/objective-validator';
import type { RefItem, RefSample } from './reference-evaluator';
import { METRICS, labels, sampleLabels, selectorIndicator } from './differential-selectors';

// The random scenarios of test/evaluation-differential.e2e-spec.ts: one objective of a random kind in a
// random contract, samples (many of them labelled) and work-item events over ten days from a Wednesday.
// About half the objectives read their metrics through label selectors (docs/contract-authoring.md,
// "Label selectors"): every operator, several matchers, regexes, labels a series lacks, a ratio whose
// good (or bad) and total select different series of one metric.

export const BASE = Date.parse('2027-03-24T00:00:00Z');
const ZONES = ['UTC', 'Asia/Jerusalem', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];
const SPAN = 10 * 86_400_000;

// ---------------------------------------------------------------------------------------------------
// Objectives and scenarios.

const bareIndicatorArb = fc.oneof(
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

const indicator = fc.oneof(
  { arbitrary: bareIndicatorArb, weight: 6 },
  { arbitrary: selectorIndicator, weight: 6 },
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
export const scenario = fc.record({
  zone: fc.constantFrom(...ZONES),
  weekStart: fc.constantFrom('sun', 'mon'),
  weekdays: fc.subarray(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], { minLength: 1 }),
  hours: fc.tuple(minuteOfDay, minuteOfDay).filter(([a, b]) => a !== b),
  holiday: fc.option(fc.constantFrom('2027-03-25', '2027-03-28', '2027-03-29'), { nil: undefined }),
  maintenance: fc.constantFrom('none', 'cron', 'once'),
  objective,
  // A selector objective may arrive late: the first pass reads the bare names, and the selectors are
  // applied before the rest of the data is pushed, or after; their buckets are built from stored samples.
  selectorsLate: fc.constantFrom('no', 'no', 'beforeRest', 'afterRest'),
  // Evaluation instants: the second after the first; both within a DST-rich week.
  // Up to 10 days of data from a Wednesday: windows can hold whole 7-day roll-up weeks (from Thursdays).
  now1: fc.integer({ min: 1 * 86_400_000, max: 8 * 86_400_000 }),
  later: fc.integer({ min: 0, max: 2 * 86_400_000 }),
  samples: fc.array(
    fc.record({
      metric: fc.constantFrom(...METRICS),
      labels: sampleLabels,
      offset: fc.integer({ min: 0, max: SPAN }),
      value: fc.integer({ min: 0, max: 6 }),
    }),
    { maxLength: 400 },
  ),
  // Labelled points spread over the ten days (a few hundred: fast-check keeps `samples` short), so
  // that selectors find series in most windows.
  labelled: fc.array(
    fc.record({
      metric: fc.constantFrom(...METRICS),
      labels,
      offset: fc.integer({ min: 0, max: SPAN }),
      value: fc.integer({ min: 0, max: 6 }),
    }),
    { maxLength: 600, size: 'max' },
  ),
  dense: fc.uniqueArray(
    fc.record({
      metric: fc.constantFrom(...METRICS),
      labels: sampleLabels,
      step: fc.constantFrom(60_000, 300_000, 120_000),
      gapFrom: fc.integer({ min: 0, max: SPAN }),
      gapLength: fc.integer({ min: 0, max: 4 * 3_600_000 }),
    }),
    { selector: (d) => seriesId(d.metric, d.labels), minLength: 1, maxLength: 3 },
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

export type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** A series is its metric and its label set (sorted pairs); `{}` and no labels are the same series. */
function seriesId(metric: string, labels: Record<string, string> | undefined): string {
  return `${metric}${JSON.stringify(Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
}

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The contract document; `indicator` replaces the scenario's (the bare first version of a late one). */
export function documentOf(s: Scenario, indicator: Record<string, unknown> = s.objective.indicator) {
  const [a, b] = s.hours;
  const o = s.objective;
  const percent = o.indicator.kind !== 'threshold';
  const obj: Record<string, unknown> = {
    key: 'obj',
    title: 'Objective',
    responsible: 'vendor',
    indicator,
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

/** Samples (one per series and timestamp: the first write wins, as ingest keeps it) and work items. */
export function dataOf(s: Scenario): { samples: RefSample[]; items: RefItem[] } {
  const seen = new Set<string>();
  const samples: RefSample[] = [];
  const add = (metric: string, labels: Record<string, string> | undefined, ts: number, value: number) => {
    const id = `${seriesId(metric, labels)}@${ts}`;
    if (!seen.has(id)) {
      seen.add(id);
      samples.push({ metric, ...(labels ? { labels } : {}), ts, value });
    }
  };
  for (const d of s.dense) {
    for (let off = 0; off < SPAN; off += d.step) {
      if (off < d.gapFrom || off >= d.gapFrom + d.gapLength)
        add(d.metric, d.labels, BASE + off, (off / d.step) % 9);
    }
  }
  for (const x of [...s.samples, ...s.labelled]) add(x.metric, x.labels, BASE + x.offset, x.value);
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
