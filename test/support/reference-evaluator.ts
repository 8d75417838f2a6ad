import { DateTime } from 'luxon';
import { satisfies } from '../../src/contracts/domain/comparison';
import {
  type Aggregate,
  type BusinessCalendar,
  type Comparison,
  type ContractSpec,
  type Indicator,
  type Objective,
  WEEKDAYS,
} from '../../src/contracts/domain/contract.types';
import { maintenanceWindows } from '../../src/contracts/domain/exclusion-windows';

// A deliberately naive evaluator of one objective at one instant, written straight from the formulas
// of docs/contract-authoring.md and the "Conventions" of docs/evaluation.md. Used only by the differential tests against the engine
// in src/evaluation, which it must never import: it cuts time into elementary segments between every
// instant where anything can change, and asks simple predicates at each segment's start.

export interface RefSample {
  metric: string;
  ts: number; // Unix ms
  value: number;
}
export interface RefItem {
  item: string;
  id: string;
  attributes: Record<string, string>;
  events: Array<{ action: string; ts: number }>; // in arrival order
}
export interface RefExclusion {
  from: number;
  to: number;
  objectives: string[] | null;
}
export interface RefInput {
  contract: ContractSpec;
  objective: Objective;
  samples: RefSample[];
  items: RefItem[];
  exclusions: RefExclusion[];
  now: number;
}
export interface RefResult {
  status: 'met' | 'at_risk' | 'breached' | 'no_data';
  /** Fraction for percentage kinds, metric unit for threshold; null when nothing to compute. */
  attainment: number | null;
  counted: number;
  /** Fraction (0.69 = 69 %), Infinity allowed; null without a budget or with nothing to compute. */
  budgetConsumed: number | null;
  burnRate: number | null;
  periodStart: number;
  periodEnd: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const DEADLINE_HORIZON_MS = 400 * DAY_MS;

/** Half-open [from, to) in Unix ms. */
interface Interval {
  from: number;
  to: number;
}

/** What a kind computes before status: the bad share of the last hour feeds the burn rate. */
interface KindOutcome {
  attainment: number | null;
  counted: number;
  /** Budget consumed per the kind's formula, before the "nothing to compute" rule; null without budget. */
  consumed: number | null;
  lastHour: { bad: number; of: number };
  /** Sums no counter can produce (good or bad above total, a negative sum): breached, attainment 0. */
  impossible?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Comparisons: equal within 1e-9 × max(1, |target|).

function passes(value: number, cmp: Comparison): boolean {
  const tolerance = 1e-9 * Math.max(1, Math.abs(cmp.target));
  if (Math.abs(value - cmp.target) <= tolerance) return cmp.op === 'gte' || cmp.op === 'lte';
  return satisfies(value, cmp);
}

/** x ÷ y, with a zero denominator giving 0 when nothing is bad and +∞ otherwise. */
function budgetShare(bad: number, denominator: number): number {
  if (denominator === 0) return bad === 0 ? 0 : Infinity;
  return bad / denominator;
}

// ---------------------------------------------------------------------------------------------------
// Local calendar arithmetic, always through luxon in the contract zone.

/** Local midnight starting the local date that `dt` shows. */
function midnightOf(dt: DateTime): DateTime {
  return DateTime.fromObject({ year: dt.year, month: dt.month, day: dt.day }, { zone: dt.zone });
}

function midnightOfDate(isoDate: string, zone: string): number {
  return midnightOf(DateTime.fromISO(isoDate, { zone })).toMillis();
}

/** The business-calendar intervals of one local day (empty on other weekdays and holidays). */
function calendarDay(calendar: BusinessCalendar, dayStart: DateTime, nextDayStart: DateTime): Interval[] {
  const weekday = WEEKDAYS[dayStart.weekday % 7]; // luxon: 1 = Monday … 7 = Sunday
  if (!calendar.weekdays.includes(weekday)) return [];
  if (calendar.holidays.includes(dayStart.toISODate() ?? '')) return [];
  const out: Interval[] = [];
  for (const h of calendar.hours) {
    const from = dayStart.set({ hour: Math.floor(h.from / 60), minute: h.from % 60 }).toMillis();
    const to =
      h.to === 1440
        ? nextDayStart.toMillis()
        : dayStart.set({ hour: Math.floor(h.to / 60), minute: h.to % 60 }).toMillis();
    if (to > from) out.push({ from, to });
  }
  return out;
}

/** Calendar intervals of every local day touching [from, to). */
function calendarIntervals(calendar: BusinessCalendar, zone: string, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  let day = midnightOf(DateTime.fromMillis(from, { zone }).minus({ days: 1 }));
  while (day.toMillis() < to) {
    const next = midnightOf(day.plus({ days: 1 }));
    out.push(...calendarDay(calendar, day, next));
    day = next;
  }
  return out;
}

/** The calendar period `[start, end)` (unclipped) that contains instant t. */
function calendarPeriod(
  unit: 'day' | 'week' | 'month' | 'quarter' | 'year',
  weekStart: 'sun' | 'mon',
  zone: string,
  t: number,
): Interval {
  const local = DateTime.fromMillis(t, { zone });
  let first: DateTime;
  let length: Record<string, number>;
  switch (unit) {
    case 'day':
      first = local;
      length = { days: 1 };
      break;
    case 'week': {
      const back = (local.weekday % 7) - WEEKDAYS.indexOf(weekStart);
      first = local.minus({ days: (back + 7) % 7 });
      length = { days: 7 };
      break;
    }
    case 'month':
      first = local.set({ day: 1 });
      length = { months: 1 };
      break;
    case 'quarter':
      first = local.set({ month: Math.floor((local.month - 1) / 3) * 3 + 1, day: 1 });
      length = { months: 3 };
      break;
    case 'year':
      first = local.set({ month: 1, day: 1 });
      length = { years: 1 };
      break;
  }
  const start = midnightOf(first);
  return { from: start.toMillis(), to: midnightOf(start.plus(length)).toMillis() };
}

// ---------------------------------------------------------------------------------------------------
// Intervals, segments and measure.

function inAny(intervals: Interval[], t: number): boolean {
  return intervals.some((i) => i.from <= t && t < i.to);
}

/** Sorted, disjoint union of intervals, so membership is one binary search. */
function unionOf(intervals: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const i of [...intervals].filter((i) => i.to > i.from).sort((a, b) => a.from - b.from)) {
    const last = out[out.length - 1];
    if (last !== undefined && i.from <= last.to) last.to = Math.max(last.to, i.to);
    else out.push({ ...i });
  }
  return out;
}

function inUnion(union: Interval[], t: number): boolean {
  let lo = 0;
  let hi = union.length; // first interval starting after t
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (union[mid].from <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && t < union[lo - 1].to;
}

function edgesOf(intervals: Interval[]): number[] {
  return intervals.flatMap((i) => [i.from, i.to]);
}

/** Elementary segments of [from, to) cut at every breakpoint inside it. */
function segments(from: number, to: number, breakpoints: number[]): Interval[] {
  if (to <= from) return [];
  const points = [...new Set([from, to, ...breakpoints.filter((p) => p > from && p < to)])].sort(
    (a, b) => a - b,
  );
  const out: Interval[] = [];
  for (let i = 0; i + 1 < points.length; i++) out.push({ from: points[i], to: points[i + 1] });
  return out;
}

/** Milliseconds of [from, to) where `holds` (constant on each segment, so asked at its start). */
function measure(from: number, to: number, breakpoints: number[], holds: (t: number) => boolean): number {
  let total = 0;
  for (const s of segments(from, to, breakpoints)) if (holds(s.from)) total += s.to - s.from;
  return total;
}

/** Start of the last hour of measured time in [from, to), walking back from `to`. */
function lastHourStart(from: number, to: number, breakpoints: number[], measured: (t: number) => boolean) {
  let remaining = HOUR_MS;
  const segs = segments(from, to, breakpoints);
  for (let i = segs.length - 1; i >= 0; i--) {
    const s = segs[i];
    if (!measured(s.from)) continue;
    if (s.to - s.from >= remaining) return s.to - remaining;
    remaining -= s.to - s.from;
  }
  return from; // less than an hour of measured time: all of it
}

// ---------------------------------------------------------------------------------------------------
// Aggregates.

/** Nearest rank: the value at 1-based rank ceil(q/100 · n), computed in exact integer arithmetic. */
function nearestRank(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const tenths = Math.round(q * 10); // q has at most one decimal (p99.9)
  const rank = Math.max(1, Math.ceil((tenths * sorted.length) / 1000));
  return sorted[Math.min(rank, sorted.length) - 1];
}

function percentileOf(aggregate: Aggregate): number | null {
  return aggregate.startsWith('p') ? Number(aggregate.slice(1)) : null;
}

/** The aggregate of non-empty samples. */
function aggregateOf(aggregate: Aggregate, samples: RefSample[]): number {
  const values = samples.map((s) => s.value);
  switch (aggregate) {
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'count':
      return values.length;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'last': {
      const latest = Math.max(...samples.map((s) => s.ts));
      return Math.max(...samples.filter((s) => s.ts === latest).map((s) => s.value));
    }
    case 'p50':
    case 'p90':
    case 'p95':
    case 'p99':
    case 'p99.9':
      return nearestRank(values, Number(aggregate.slice(1)));
  }
}

// ---------------------------------------------------------------------------------------------------
// The evaluation.

interface Frame {
  /** The window [from, to) judged now. */
  window: Interval;
  /** The whole period for budget denominators (the window itself for rolling). */
  whole: Interval;
  /** Instant in measured time of the whole period (calendar ∩ − exclusions). */
  inWhole: (t: number) => boolean;
  /** Instant in measured time of the window. */
  inWindow: (t: number) => boolean;
  /** Every instant where either predicate may change. */
  breakpoints: number[];
}

function frameFor(input: RefInput): Frame {
  const { contract, objective, now } = input;
  const zone = contract.timezone;
  let window: Interval;
  let whole: Interval;
  const effFrom = midnightOfDate(contract.effective.from, zone);
  const effTo =
    contract.effective.to === undefined
      ? Infinity
      : midnightOf(DateTime.fromISO(contract.effective.to, { zone }).plus({ days: 1 })).toMillis();
  if (objective.period.type === 'rolling') {
    // Rolling windows are clipped to the effective range too (docs/evaluation.md).
    const length = objective.period.seconds * 1000;
    const from = Math.max(now - length + 1, effFrom);
    window = { from, to: Math.max(from, Math.min(now + 1, effTo)) };
    whole = window;
  } else {
    const clamped = Math.min(Math.max(now, effFrom), effTo - 1);
    const period = calendarPeriod(objective.period.unit, contract.weekStart, zone, clamped);
    whole = { from: Math.max(period.from, effFrom), to: Math.min(period.to, effTo) };
    window = { from: whole.from, to: Math.max(whole.from, Math.min(now + 1, whole.to)) };
  }

  const calendar =
    objective.serviceHours === undefined
      ? null
      : unionOf(
          calendarIntervals(requireCalendar(contract, objective.serviceHours), zone, whole.from, whole.to),
        );
  const exclusions: Interval[] = input.exclusions
    .filter((e) => e.objectives === null || e.objectives.includes(objective.key))
    .map((e) => ({ from: e.from, to: e.to }));
  if (objective.excludeMaintenance && whole.to > whole.from) {
    for (const w of maintenanceWindows(contract.maintenance, zone, new Date(whole.from), new Date(whole.to)))
      exclusions.push({ from: w.from.getTime(), to: w.to.getTime() });
  }
  const excluded = unionOf(exclusions);

  const inWhole = (t: number) =>
    t >= whole.from && t < whole.to && (calendar === null || inUnion(calendar, t)) && !inUnion(excluded, t);
  const inWindow = (t: number) => t >= window.from && t < window.to && inWhole(t);
  const breakpoints = [
    whole.from,
    whole.to,
    window.from,
    window.to,
    now,
    now + 1,
    ...edgesOf(calendar ?? []),
    ...edgesOf(excluded),
  ];
  return { window, whole, inWhole, inWindow, breakpoints };
}

function requireCalendar(contract: ContractSpec, name: string): BusinessCalendar {
  const calendar = contract.calendars[name];
  if (calendar === undefined) throw new Error(`contract has no calendar '${name}'`);
  return calendar;
}

/** Allowed bad fraction, or null when the objective has no budget. */
function allowedOf(objective: Objective): number | null {
  const { indicator } = objective;
  if (indicator.kind === 'threshold') {
    const q = percentileOf(indicator.aggregate);
    return q === null ? null : 1 - q / 100;
  }
  const { op, target } = objective.objective;
  return op === 'gte' || op === 'gt' ? 1 - target / 100 : null;
}

export function referenceEvaluate(input: RefInput): RefResult {
  const { objective } = input;
  const frame = frameFor(input);
  const allowed = allowedOf(objective);
  const measuredMs = measure(frame.window.from, frame.window.to, frame.breakpoints, frame.inWindow);
  const cutoff = lastHourStart(frame.window.from, frame.window.to, frame.breakpoints, frame.inWindow);

  const outcome = evaluateKind(objective.indicator, input, frame, allowed, cutoff);
  const { attainment, counted } = outcome;
  const budgetConsumed = allowed === null || attainment === null ? null : outcome.consumed;
  const burnRate =
    allowed === null || allowed === 0 || outcome.lastHour.of === 0
      ? null
      : outcome.lastHour.bad / outcome.lastHour.of / allowed;

  const result = {
    attainment,
    counted,
    budgetConsumed,
    burnRate,
    periodStart: frame.whole.from,
    periodEnd: frame.whole.to,
  };
  if (outcome.impossible) return { status: 'breached', ...result };
  if (attainment === null || counted < objective.minEvents || measuredMs === 0)
    return { status: 'no_data', ...result };

  const kind = objective.indicator.kind;
  // Percentage kinds compare attainment × 100 with targets written in percent.
  const value = kind === 'threshold' ? attainment : attainment * 100;
  let breached: boolean;
  if (budgetConsumed !== null && (kind === 'timeslice' || kind === 'freshness')) {
    // Breached once the whole period can no longer be met: consumed > 1 (a `gt` objective: ≥ 1).
    const line: Comparison =
      objective.objective.op === 'gt' ? { op: 'gte', target: 1 } : { op: 'gt', target: 1 };
    breached = passes(budgetConsumed, line);
  } else {
    breached = !passes(value, objective.objective);
  }
  if (breached) return { status: 'breached', ...result };

  const atRisk =
    allowed !== null
      ? budgetConsumed !== null && passes(budgetConsumed, { op: 'gte', target: objective.warnAt / 100 })
      : objective.warn !== undefined && !passes(value, objective.warn);
  return { status: atRisk ? 'at_risk' : 'met', ...result };
}

function evaluateKind(
  indicator: Indicator,
  input: RefInput,
  frame: Frame,
  allowed: number | null,
  cutoff: number,
): KindOutcome {
  switch (indicator.kind) {
    case 'ratio':
      return evaluateRatio(indicator, input, frame, allowed, cutoff);
    case 'threshold':
      return evaluateThreshold(indicator, input, frame, allowed, cutoff);
    case 'timeslice':
      return evaluateTimeslice(indicator, input, frame, allowed, cutoff);
    case 'freshness':
      return evaluateFreshness(indicator, input, frame, allowed, cutoff);
    case 'deadline':
      return evaluateDeadline(indicator, input, frame, allowed, cutoff);
  }
}

/** Σ of the values of `metric` over the samples that count (timestamp in measured time) and `also`. */
function sumOf(input: RefInput, frame: Frame, metric: string, also: (ts: number) => boolean): number {
  let sum = 0;
  for (const s of input.samples)
    if (s.metric === metric && frame.inWindow(s.ts) && also(s.ts)) sum += s.value;
  return sum;
}

// ratio: attainment = Σgood / Σtotal (or 1 − Σbad / Σtotal); counted = Σtotal.
function evaluateRatio(
  indicator: Extract<Indicator, { kind: 'ratio' }>,
  input: RefInput,
  frame: Frame,
  allowed: number | null,
  cutoff: number,
): KindOutcome {
  const badOf = (also: (ts: number) => boolean) => {
    const total = sumOf(input, frame, indicator.total, also);
    const bad =
      indicator.good !== undefined
        ? total - sumOf(input, frame, indicator.good, also)
        : sumOf(input, frame, indicator.bad ?? '', also);
    return { total, bad };
  };
  const all = badOf(() => true);
  const hour = badOf((ts) => ts >= cutoff);
  const impossible = (t: { total: number; bad: number }) => t.total < 0 || t.bad < 0 || t.bad > t.total;
  // docs/evaluation.md: good > total (bad < 0 here), bad > total or a negative sum is a data error.
  if (impossible(all)) {
    return {
      attainment: 0,
      counted: Math.max(0, all.total),
      consumed: allowed === null ? null : budgetShare(1, allowed),
      lastHour: { bad: hour.total > 0 ? hour.total : 0, of: hour.total },
      impossible: true,
    };
  }
  let attainment: number | null = null;
  if (all.total > 0) {
    attainment =
      indicator.good !== undefined
        ? sumOf(input, frame, indicator.good, () => true) / all.total
        : 1 - all.bad / all.total;
  }
  return {
    attainment,
    counted: all.total,
    consumed: attainment === null || allowed === null ? null : budgetShare(1 - attainment, allowed),
    lastHour: { bad: impossible(hour) ? hour.total : hour.bad, of: hour.total },
  };
}

// threshold: the aggregate of the counted samples; percentiles carry a budget of 1 − q/100.
function evaluateThreshold(
  indicator: Extract<Indicator, { kind: 'threshold' }>,
  input: RefInput,
  frame: Frame,
  allowed: number | null,
  cutoff: number,
): KindOutcome {
  const counted = input.samples.filter((s) => s.metric === indicator.metric && frame.inWindow(s.ts));
  const violating = (samples: RefSample[]) =>
    samples.filter((s) => !passes(s.value, input.objective.objective)).length;
  const attainment = counted.length === 0 ? null : aggregateOf(indicator.aggregate, counted);
  const lastHour = counted.filter((s) => s.ts >= cutoff);
  return {
    attainment,
    counted: counted.length,
    consumed:
      allowed === null || counted.length === 0
        ? null
        : budgetShare(violating(counted) / counted.length, allowed),
    lastHour: { bad: violating(lastHour), of: lastHour.length },
  };
}

// timeslice: epoch-aligned slices; eligible when the start is in measured time, counted once ended.
function evaluateTimeslice(
  indicator: Extract<Indicator, { kind: 'timeslice' }>,
  input: RefInput,
  frame: Frame,
  allowed: number | null,
  cutoff: number,
): KindOutcome {
  const slice = indicator.sliceSeconds * 1000;
  const firstSliceAtOrAfter = (t: number) => Math.ceil(t / slice) * slice;

  let eligibleWhole = 0;
  for (let s = firstSliceAtOrAfter(frame.whole.from); s < frame.whole.to; s += slice)
    if (frame.inWhole(s)) eligibleWhole++;

  const bySlice = new Map<number, RefSample[]>();
  for (const sample of input.samples) {
    if (sample.metric !== indicator.metric || !frame.inWindow(sample.ts)) continue;
    const start = Math.floor(sample.ts / slice) * slice;
    const inSlice = bySlice.get(start) ?? [];
    inSlice.push(sample);
    bySlice.set(start, inSlice);
  }

  let good = 0;
  let bad = 0;
  const lastHour = { bad: 0, of: 0 };
  for (let s = firstSliceAtOrAfter(frame.window.from); s < frame.window.to; s += slice) {
    if (!frame.inWindow(s) || s + slice > input.now) continue; // not eligible, or not ended
    const samples = bySlice.get(s) ?? [];
    let isGood: boolean;
    if (samples.length > 0) isGood = passes(aggregateOf(indicator.aggregate, samples), indicator.good);
    else if (input.objective.missingData === 'ignore') continue;
    else isGood = input.objective.missingData === 'good';
    if (isGood) good++;
    else bad++;
    if (s >= cutoff) {
      lastHour.of++;
      if (!isGood) lastHour.bad++;
    }
  }
  const counted = good + bad;
  return {
    attainment: counted === 0 ? null : good / counted,
    counted,
    consumed: allowed === null ? null : budgetShare(bad, allowed * eligibleWhole),
    lastHour,
  };
}

// freshness: an instant t is fresh when some sample has ts in (t − maxAge, t], i.e. t in [ts, ts + maxAge).
function evaluateFreshness(
  indicator: Extract<Indicator, { kind: 'freshness' }>,
  input: RefInput,
  frame: Frame,
  allowed: number | null,
  cutoff: number,
): KindOutcome {
  const maxAge = indicator.maxAgeSeconds * 1000;
  // Every sample of the metric counts here, even one stamped outside measured time.
  const stamps = input.samples
    .filter((s) => s.metric === indicator.metric)
    .map((s) => s.ts)
    .sort((a, b) => a - b);
  const isFresh = (t: number) => {
    // Binary search for the latest stamp ≤ t.
    let lo = 0;
    let hi = stamps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (stamps[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && stamps[lo - 1] > t - maxAge;
  };
  const breakpoints = [...frame.breakpoints, ...stamps, ...stamps.map((ts) => ts + maxAge), cutoff];
  const { from, to } = frame.window;

  const measured = measure(from, to, breakpoints, frame.inWindow);
  const fresh = measure(from, to, breakpoints, (t) => frame.inWindow(t) && isFresh(t));
  const wholeMeasured = measure(frame.whole.from, frame.whole.to, breakpoints, frame.inWhole);
  const hourMeasured = measure(cutoff, to, breakpoints, frame.inWindow);
  const hourFresh = measure(cutoff, to, breakpoints, (t) => frame.inWindow(t) && isFresh(t));
  return {
    attainment: measured === 0 ? null : fresh / measured,
    counted: Math.floor(measured / 1000),
    consumed: allowed === null ? null : budgetShare(measured - fresh, allowed * wholeMeasured),
    lastHour: { bad: hourMeasured - hourFresh, of: hourMeasured },
  };
}

// deadline: per item, the due instant on the clock (calendar, minus pauses); attributed by due.
function evaluateDeadline(
  indicator: Extract<Indicator, { kind: 'deadline' }>,
  input: RefInput,
  frame: Frame,
  allowed: number | null,
  cutoff: number,
): KindOutcome {
  const { contract, now } = input;
  const calendar = indicator.calendar === undefined ? null : requireCalendar(contract, indicator.calendar);
  let met = 0;
  let missed = 0;
  const lastHour = { bad: 0, of: 0 };
  for (const item of input.items) {
    if (item.item !== indicator.item) continue;
    if (!Object.entries(indicator.where).every(([k, v]) => item.attributes[k] === v)) continue;
    const outcome = itemOutcome(item, indicator, calendar, contract.timezone, now);
    if (outcome === null || !frame.inWindow(outcome.due)) continue;
    if (outcome.met) met++;
    else missed++;
    if (outcome.due >= cutoff) {
      lastHour.of++;
      if (!outcome.met) lastHour.bad++;
    }
  }
  const attainment = met + missed === 0 ? null : met / (met + missed);
  return {
    attainment,
    counted: met + missed,
    consumed: attainment === null || allowed === null ? null : budgetShare(1 - attainment, allowed),
    lastHour,
  };
}

/** Met or missed with its due instant; null while pending (or not started). */
function itemOutcome(
  item: RefItem,
  indicator: Extract<Indicator, { kind: 'deadline' }>,
  calendar: BusinessCalendar | null,
  zone: string,
  now: number,
): { due: number; met: boolean } | null {
  // Ordered by (timestamp, arrival); only what has happened by `now` is known.
  const events = item.events
    .map((e, arrival) => ({ ...e, arrival }))
    .filter((e) => e.ts <= now)
    .sort((a, b) => a.ts - b.ts || a.arrival - b.arrival);
  const startIndex = events.findIndex((e) => e.action === indicator.start);
  if (startIndex < 0) return null;
  const start = events[startIndex].ts;
  const stopIndex = events.findIndex((e, i) => i > startIndex && e.action === indicator.stop);
  const stop = stopIndex < 0 ? null : events[stopIndex].ts;

  // Pauses between start and stop; one still open at the stop ends there, else it never ends.
  const pauses: Interval[] = [];
  let pausedAt: number | null = null;
  for (const e of events.slice(startIndex + 1, stopIndex < 0 ? events.length : stopIndex)) {
    if (pausedAt === null && indicator.pause !== undefined && e.action === indicator.pause) pausedAt = e.ts;
    else if (pausedAt !== null && indicator.resume !== undefined && e.action === indicator.resume) {
      pauses.push({ from: pausedAt, to: e.ts });
      pausedAt = null;
    }
  }
  if (pausedAt !== null) pauses.push({ from: pausedAt, to: stop ?? Infinity });

  const due = dueInstant(start, indicator.withinSeconds * 1000, calendar, pauses, zone);
  if (due === null) return null;
  if (stop !== null) return { due, met: stop <= due };
  return now > due ? { due, met: false } : null;
}

/** First instant at which counted time since `start` reaches `within`; null if not within 400 days. */
function dueInstant(
  start: number,
  within: number,
  calendar: BusinessCalendar | null,
  pauses: Interval[],
  zone: string,
): number | null {
  if (within <= 0) return start;
  const horizon = start + DEADLINE_HORIZON_MS;
  let remaining = within;
  // Walk forward one local day at a time, segment by segment.
  let day = midnightOf(DateTime.fromMillis(start, { zone }));
  while (day.toMillis() < horizon) {
    const next = midnightOf(day.plus({ days: 1 }));
    const open =
      calendar === null ? [{ from: day.toMillis(), to: next.toMillis() }] : calendarDay(calendar, day, next);
    const from = Math.max(start, day.toMillis());
    for (const s of segments(from, next.toMillis(), [...edgesOf(open), ...edgesOf(pauses)])) {
      if (!inAny(open, s.from) || inAny(pauses, s.from)) continue;
      if (remaining <= s.to - s.from) {
        const due = s.from + remaining;
        return due <= horizon ? due : null;
      }
      remaining -= s.to - s.from;
    }
    day = next;
  }
  return null;
}
