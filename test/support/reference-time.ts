import { DateTime } from 'luxon';
import { satisfies } from '../../src/contracts/domain/comparison';
import {
  type Aggregate,
  type BusinessCalendar,
  type Comparison,
  type ContractSpec,
  WEEKDAYS,
} from '../../src/contracts/domain/contract.types';
import type { RefSample } from './reference-evaluator';

// The reference evaluator's arithmetic (test/support/reference-evaluator.ts): comparisons, local
// calendars through luxon, half-open intervals cut into segments, and aggregates. Naive on purpose.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Half-open [from, to) in Unix ms. */
export interface Interval {
  from: number;
  to: number;
}

// ---------------------------------------------------------------------------------------------------
// Comparisons: equal within 1e-9 × max(1, |target|).

export function passes(value: number, cmp: Comparison): boolean {
  const tolerance = 1e-9 * Math.max(1, Math.abs(cmp.target));
  if (Math.abs(value - cmp.target) <= tolerance) return cmp.op === 'gte' || cmp.op === 'lte';
  return satisfies(value, cmp);
}

/** x ÷ y, with a zero denominator giving 0 when nothing is bad and +∞ otherwise. */
export function budgetShare(bad: number, denominator: number): number {
  if (denominator === 0) return bad === 0 ? 0 : Infinity;
  return bad / denominator;
}

// ---------------------------------------------------------------------------------------------------
// Local calendar arithmetic, always through luxon in the contract zone.

/** Local midnight starting the local date that `dt` shows. */
export function midnightOf(dt: DateTime): DateTime {
  return DateTime.fromObject({ year: dt.year, month: dt.month, day: dt.day }, { zone: dt.zone });
}

export function midnightOfDate(isoDate: string, zone: string): number {
  return midnightOf(DateTime.fromISO(isoDate, { zone })).toMillis();
}

/** The business-calendar intervals of one local day (empty on other weekdays and holidays). */
export function calendarDay(
  calendar: BusinessCalendar,
  dayStart: DateTime,
  nextDayStart: DateTime,
): Interval[] {
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
export function calendarIntervals(
  calendar: BusinessCalendar,
  zone: string,
  from: number,
  to: number,
): Interval[] {
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
export function calendarPeriod(
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

export function inAny(intervals: Interval[], t: number): boolean {
  return intervals.some((i) => i.from <= t && t < i.to);
}

/** Sorted, disjoint union of intervals, so membership is one binary search. */
export function unionOf(intervals: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const i of [...intervals].filter((i) => i.to > i.from).sort((a, b) => a.from - b.from)) {
    const last = out[out.length - 1];
    if (last !== undefined && i.from <= last.to) last.to = Math.max(last.to, i.to);
    else out.push({ ...i });
  }
  return out;
}

export function inUnion(union: Interval[], t: number): boolean {
  let lo = 0;
  let hi = union.length; // first interval starting after t
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (union[mid].from <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && t < union[lo - 1].to;
}

export function edgesOf(intervals: Interval[]): number[] {
  return intervals.flatMap((i) => [i.from, i.to]);
}

/** Elementary segments of [from, to) cut at every breakpoint inside it. */
export function segments(from: number, to: number, breakpoints: number[]): Interval[] {
  if (to <= from) return [];
  const points = [...new Set([from, to, ...breakpoints.filter((p) => p > from && p < to)])].sort(
    (a, b) => a - b,
  );
  const out: Interval[] = [];
  for (let i = 0; i + 1 < points.length; i++) out.push({ from: points[i], to: points[i + 1] });
  return out;
}

/** Milliseconds of [from, to) where `holds` (constant on each segment, so asked at its start). */
export function measure(
  from: number,
  to: number,
  breakpoints: number[],
  holds: (t: number) => boolean,
): number {
  let total = 0;
  for (const s of segments(from, to, breakpoints)) if (holds(s.from)) total += s.to - s.from;
  return total;
}

/** Start of the last hour of measured time in [from, to), walking back from `to`. */
export function lastHourStart(
  from: number,
  to: number,
  breakpoints: number[],
  measured: (t: number) => boolean,
) {
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
export function nearestRank(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const tenths = Math.round(q * 10); // q has at most one decimal (p99.9)
  const rank = Math.max(1, Math.ceil((tenths * sorted.length) / 1000));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function percentileOf(aggregate: Aggregate): number | null {
  return aggregate.startsWith('p') ? Number(aggregate.slice(1)) : null;
}

/** The aggregate of non-empty samples. */
export function aggregateOf(aggregate: Aggregate, samples: RefSample[]): number {
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

export function requireCalendar(contract: ContractSpec, name: string): BusinessCalendar {
  const calendar = contract.calendars[name];
  if (calendar === undefined) throw new Error(`contract has no calendar '${name}'`);
  return calendar;
}
