import { DateTime } from 'luxon';
import { type Interval, normalize } from './intervals';

export const CALENDAR_UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type CalendarUnit = (typeof CALENDAR_UNITS)[number];

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface BusinessCalendar {
  weekdays: Weekday[];
  /** Minutes after local midnight, [from, to), sorted, non-overlapping; `to` may be 1440. */
  hours: Array<{ from: number; to: number }>;
  /** Local dates `YYYY-MM-DD`. */
  holidays: string[];
}

// Calendar periods (day … year between local midnights of the contract zone) with their labels, and
// the instants a business calendar covers. Everything is local wall time in an IANA zone; instants
// are Unix milliseconds. Pure: the caller passes every instant in.

export interface Period {
  label: string;
  /** Inclusive, Unix ms. */
  start: number;
  /** Exclusive, Unix ms. */
  end: number;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** Local midnight starting the local date of `at` in `zone`. */
function localDateAt(at: number, zone: string): DateTime {
  return DateTime.fromMillis(at, { zone }).startOf('day');
}

/** Local midnight starting the date `days` after `date` (a date's start can be moved off 00:00 by DST). */
function addLocalDays(date: DateTime, days: number): DateTime {
  return date.plus({ days }).startOf('day');
}

/** The local midnights starting each local date that overlaps [from, to). */
function* localDates(zone: string, from: number, to: number): Generator<{ date: DateTime; next: DateTime }> {
  let date = localDateAt(from, zone);
  while (date.toMillis() < to) {
    const next = addLocalDays(date, 1);
    yield { date, next };
    date = next;
  }
}

/** luxon weekday (1 = Monday … 7 = Sunday) → 0 = Sunday … 6 = Saturday. */
const weekdayIndex = (date: DateTime): number => date.weekday % 7;

function periodStart(unit: CalendarUnit, weekStart: 'sun' | 'mon', day: DateTime): DateTime {
  switch (unit) {
    case 'day':
      return day;
    case 'week':
      return addLocalDays(day, -((weekdayIndex(day) - (weekStart === 'sun' ? 0 : 1) + 7) % 7));
    case 'month':
      return day.startOf('month');
    case 'quarter':
      return day.startOf('quarter');
    case 'year':
      return day.startOf('year');
  }
}

function periodEnd(unit: CalendarUnit, start: DateTime): DateTime {
  switch (unit) {
    case 'day':
      return addLocalDays(start, 1);
    case 'week':
      return addLocalDays(start, 7);
    case 'month':
      return start.plus({ months: 1 }).startOf('month');
    case 'quarter':
      return start.plus({ months: 3 }).startOf('quarter');
    case 'year':
      return start.plus({ years: 1 }).startOf('year');
  }
}

function label(unit: CalendarUnit, weekStart: 'sun' | 'mon', start: DateTime): string {
  switch (unit) {
    case 'day':
      return `${pad(start.year, 4)}-${pad(start.month)}-${pad(start.day)}`;
    case 'week': {
      // ISO week-year and week of the week's Thursday.
      const thursday = addLocalDays(start, weekStart === 'mon' ? 3 : 4);
      return `${pad(thursday.weekYear, 4)}-W${pad(thursday.weekNumber)}`;
    }
    case 'month':
      return `${pad(start.year, 4)}-${pad(start.month)}`;
    case 'quarter':
      return `${pad(start.year, 4)}-Q${start.quarter}`;
    case 'year':
      return pad(start.year, 4);
  }
}

/** The calendar period of `unit` containing instant `at`, in `zone`; weeks start on weekStart. Not clipped. */
export function calendarPeriodAt(
  unit: CalendarUnit,
  zone: string,
  weekStart: 'sun' | 'mon',
  at: number,
): Period {
  const start = periodStart(unit, weekStart, localDateAt(at, zone));
  return {
    label: label(unit, weekStart, start),
    start: start.toMillis(),
    end: periodEnd(unit, start).toMillis(),
  };
}

const LABELS: Record<CalendarUnit, RegExp> = {
  day: /^(\d{4})-(\d{2})-(\d{2})$/,
  week: /^(\d{4})-W(\d{2})$/,
  month: /^(\d{4})-(\d{2})$/,
  quarter: /^(\d{4})-Q(\d)$/,
  year: /^(\d{4})$/,
};

/** A local date inside the period the label names (not validated: the caller checks the round trip). */
function dateInLabel(unit: CalendarUnit, fields: number[], zone: string): DateTime {
  const [year, second, third] = fields;
  switch (unit) {
    case 'day':
      return DateTime.fromObject({ year, month: second, day: third }, { zone });
    case 'week':
      return DateTime.fromObject({ weekYear: year, weekNumber: second, weekday: 4 }, { zone });
    case 'month':
      return DateTime.fromObject({ year, month: second, day: 1 }, { zone });
    case 'quarter':
      return DateTime.fromObject({ year, month: (second - 1) * 3 + 1, day: 1 }, { zone });
    case 'year':
      return DateTime.fromObject({ year, month: 1, day: 1 }, { zone });
  }
}

/**
 * The period a label names (inverse of the label): '2027-03-15' day, '2027-W09' week, '2027-03' month,
 * '2027-Q1' quarter, '2027' year. undefined when the label is malformed or does not fit the unit.
 */
export function periodFromLabel(
  label: string,
  unit: CalendarUnit,
  zone: string,
  weekStart: 'sun' | 'mon',
): Period | undefined {
  const match = LABELS[unit].exec(label);
  if (!match) return undefined;
  const date = dateInLabel(unit, match.slice(1).map(Number), zone);
  if (!date.isValid) return undefined;
  const period = calendarPeriodAt(unit, zone, weekStart, date.toMillis());
  // Out-of-range parts that luxon would roll over (a 5th quarter, a 53rd week of a 52-week year) fail here.
  return period.label === label ? period : undefined;
}

/** The period clipped to [effectiveStart, effectiveEnd) (effectiveEnd undefined = open); undefined if empty. Label unchanged. */
export function clipPeriod(
  period: Period,
  effectiveStart: number,
  effectiveEnd: number | undefined,
): Period | undefined {
  const start = Math.max(period.start, effectiveStart);
  const end = effectiveEnd === undefined ? period.end : Math.min(period.end, effectiveEnd);
  return end > start ? { label: period.label, start, end } : undefined;
}

/** The instant a wall clock time (minutes after midnight, 1440 = next midnight) shows on a local date. */
function wallTime(date: DateTime, next: DateTime, minutes: number): number {
  if (minutes >= 1440) return next.toMillis();
  // Set, not add: on a DST day 08:00 is not 480 minutes after midnight. A time that does not exist
  // moves forward as luxon moves it; an ambiguous one takes luxon's choice (the earlier instant).
  return date.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}

/** Instants inside the business calendar within [from, to): normalized sorted disjoint intervals. */
export function businessIntervals(
  calendar: BusinessCalendar,
  zone: string,
  from: number,
  to: number,
): Interval[] {
  if (to <= from) return [];
  const weekdays = new Set<string>(calendar.weekdays);
  const holidays = new Set(calendar.holidays);
  const out: Interval[] = [];
  for (const { date, next } of localDates(zone, from, to)) {
    if (!weekdays.has(WEEKDAYS[weekdayIndex(date)])) continue;
    if (holidays.has(label('day', 'mon', date))) continue;
    for (const span of calendar.hours) {
      const start = Math.max(from, wallTime(date, next, span.from));
      const end = Math.min(to, wallTime(date, next, span.to));
      if (end > start) out.push([start, end]);
    }
  }
  return normalize(out);
}
