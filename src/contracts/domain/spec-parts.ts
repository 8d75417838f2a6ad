import type { BusinessCalendar, Deliverable, Maintenance, Weekday } from './contract.types';
import { WEEKDAYS } from './contract.types';
import { parseCron } from './cron';
import { readDuration, SLUG, SLUG_HINT } from './objective-validator';
import { isObject, join, type Reader } from './reader';
import {
  endOfLocalDate,
  isLocalDate,
  localDateDaysBefore,
  parseClock,
  parseInstant,
  startOfLocalDate,
} from './time';

// The parts of a spec besides objectives: contact lists, business calendars, maintenance, deliverables.

export const EMAIL =
  /^[^\s@<>(),;:"\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
/** Instants before this are typos or probes (year 1), not contract events. */
export const EARLIEST_INSTANT = new Date('2000-01-01T00:00:00Z');
/** Earlier starts are typos or probes (`0001-01-01`): the evaluator would walk two millennia of periods. */
export const EARLIEST_EFFECTIVE_FROM = '2000-01-01';
/** How far before the day it is applied a new contract may start (back-dating beyond it is refused). */
export const DEFAULT_MAX_AGE_DAYS = 400;
/** Far beyond any real fee, and small enough that fee × 12 months × 100 % never loses precision. */
export const MAX_MONTHLY_FEE = 1e12;
export const MAX_CALENDARS = 20;
export const MAX_OBJECTIVES = 200;
export const MAX_DELIVERABLES = 500;
export const MAX_MAINTENANCE = 100;
/**
 * Recurring maintenance of a contract together starts at most this often a day (two hourly windows):
 * a year of it is 17 520 occurrences, each cutting measured time, which a pass reads in ~0.1-0.2 s.
 */
export const MAX_MAINTENANCE_STARTS_PER_DAY = 48;

/** The most starts a day the contract's recurring windows can make (one minute each: one per hour listed). */
export function recurringStartsPerDay(list: ReadonlyArray<Maintenance | undefined>): number {
  let total = 0;
  for (const m of list) {
    if (m?.kind !== 'recurring') continue;
    const parsed = parseCron(m.cron);
    if (!('error' in parsed)) total += parsed.hours.length * parsed.minutes.length;
  }
  return total;
}

/** When a document is applied: the rules that depend on the clock need it. */
export interface ApplyContext {
  now: Date;
  /** Default DEFAULT_MAX_AGE_DAYS. */
  maxAgeDays?: number;
  /** The stored version's effective.from: a running contract may be edited without moving its start. */
  storedFrom?: string;
}

const CALENDAR_NAME = /^[A-Za-z0-9_-]{1,63}$/;

export function emails(r: Reader, value: unknown, path: string): string[] | undefined {
  const list = r.array(value, path, { max: 50 });
  if (!list) return undefined;
  return list
    .map((e, i) => r.string(e, join(path, i), { pattern: EMAIL, hint: 'must be an email address', max: 254 }))
    .filter((e): e is string => e !== undefined)
    .map((e) => e.toLowerCase());
}

export function calendar(r: Reader, value: unknown, path: string): BusinessCalendar | undefined {
  const o = r.object(value, path, ['weekdays', 'hours', 'holidays'], ['weekdays', 'hours']);
  if (!o) return undefined;
  const weekdays: Weekday[] = [];
  (r.array(o.weekdays, join(path, 'weekdays'), { min: 1, max: 7 }) ?? []).forEach((d, i) => {
    const day = r.oneOf(d, join(join(path, 'weekdays'), i), WEEKDAYS);
    if (day && weekdays.includes(day)) r.problems.add(join(join(path, 'weekdays'), i), `repeats ${day}`);
    else if (day) weekdays.push(day);
  });
  const hours: Array<{ from: number; to: number; index: number }> = [];
  (r.array(o.hours, join(path, 'hours'), { min: 1, max: 24 }) ?? []).forEach((h, i) => {
    const p = join(join(path, 'hours'), i);
    const span = r.object(h, p, ['from', 'to'], ['from', 'to']);
    if (!span) return;
    const from = typeof span.from === 'string' ? parseClock(span.from, false) : undefined;
    const to = typeof span.to === 'string' ? parseClock(span.to, true) : undefined;
    if (span.from !== undefined && from === undefined)
      r.problems.add(join(p, 'from'), 'must be a local time HH:MM from 00:00 to 23:59');
    if (span.to !== undefined && to === undefined)
      r.problems.add(join(p, 'to'), 'must be a local time HH:MM from 00:01 to 24:00');
    if (from === undefined || to === undefined) return;
    if (to <= from) {
      r.problems.add(
        p,
        `ends before it starts (${String(span.from)}–${String(span.to)}); 'to' is exclusive and may be 24:00`,
      );
      return;
    }
    hours.push({ from, to, index: i });
  });
  const sorted = [...hours].sort((a, b) => a.from - b.from);
  // Compare each span with the one reaching furthest so far, not just its neighbour: 08-18 overlaps 11-12
  // even when 09-10 sorts between them.
  let reach = sorted[0];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].from < reach.to) {
      const later = Math.max(sorted[i].index, reach.index);
      const other = Math.min(sorted[i].index, reach.index);
      r.problems.add(join(join(path, 'hours'), later), `overlaps ${join(join(path, 'hours'), other)}`);
    }
    if (sorted[i].to > reach.to) reach = sorted[i];
  }
  const holidays: string[] = [];
  (r.array(o.holidays, join(path, 'holidays'), { max: 1000 }) ?? []).forEach((d, i) => {
    const day = r.string(d, join(join(path, 'holidays'), i));
    if (day !== undefined && !isLocalDate(day))
      r.problems.add(join(join(path, 'holidays'), i), 'must be a date YYYY-MM-DD');
    else if (day !== undefined) holidays.push(day);
  });
  return {
    weekdays,
    hours: sorted.map(({ from, to }) => ({ from, to })),
    holidays: [...new Set(holidays)].sort(),
  };
}

export function maintenance(r: Reader, value: unknown, path: string): Maintenance | undefined {
  if (!isObject(value)) return r.problems.add(path, 'must be an object');
  if (value.cron !== undefined || value.duration !== undefined) {
    const o = r.object(value, path, ['title', 'cron', 'duration'], ['title', 'cron', 'duration']);
    const title = r.string(o?.title, join(path, 'title'));
    const cronText = r.string(o?.cron, join(path, 'cron'));
    const parsed = cronText === undefined ? undefined : parseCron(cronText);
    if (parsed && 'error' in parsed) r.problems.add(join(path, 'cron'), parsed.error);
    // Two minutes in one hour start windows less than an hour apart (`* * * * *` is 525 600 a year,
    // which would freeze evaluation); one minute spaces starts by whole hours of wall-clock time.
    else if (parsed && parsed.minutes.length > 1) {
      r.problems.add(
        join(path, 'cron'),
        `starts at ${parsed.minutes.length} minutes of the hour: recurring maintenance starts at most once an hour (name one minute; make the duration longer instead)`,
      );
      return undefined;
    }
    const seconds = readDuration(r, o?.duration, join(path, 'duration'), { max: 31 * 86_400 });
    if (
      title === undefined ||
      cronText === undefined ||
      !parsed ||
      'error' in parsed ||
      seconds === undefined
    )
      return undefined;
    return { title, kind: 'recurring', cron: cronText, durationSeconds: seconds };
  }
  const o = r.object(value, path, ['title', 'from', 'to'], ['title', 'from', 'to']);
  const title = r.string(o?.title, join(path, 'title'));
  const instant = (key: string) => {
    const text = r.string(o?.[key], join(path, key));
    if (text === undefined) return undefined;
    const at = parseInstant(text);
    if (!at)
      return r.problems.add(
        join(path, key),
        'must be a timestamp with an offset, e.g. 2027-03-11T22:00:00+02:00',
      );
    if (at < EARLIEST_INSTANT) return r.problems.add(join(path, key), 'must be in the year 2000 or later');
    return at;
  };
  const from = instant('from');
  const to = instant('to');
  if (from && to && to <= from) return r.problems.add(join(path, 'to'), 'must be after from');
  if (title === undefined || !from || !to) return undefined;
  return { title, kind: 'once', from: from.toISOString(), to: to.toISOString() };
}

export function deliverable(
  r: Reader,
  value: unknown,
  path: string,
  range: { from?: Date; to?: Date },
): Deliverable | undefined {
  const o = r.object(value, path, ['key', 'title', 'due', 'responsible'], ['key', 'title', 'due']);
  if (!o) return undefined;
  const key = r.string(o.key, join(path, 'key'), { pattern: SLUG, hint: SLUG_HINT });
  const title = r.string(o.title, join(path, 'title'));
  const dueText = r.string(o.due, join(path, 'due'));
  const due = dueText === undefined ? undefined : parseInstant(dueText);
  if (dueText !== undefined && !due)
    r.problems.add(join(path, 'due'), 'must be a timestamp with an offset, e.g. 2027-03-31T18:00:00+03:00');
  if (due && ((range.from && due < range.from) || (range.to && due >= range.to))) {
    r.problems.add(join(path, 'due'), 'falls outside the contract’s effective range');
  }
  const responsible =
    r.oneOf(o.responsible, join(path, 'responsible'), ['vendor', 'customer', 'shared'] as const) ?? 'vendor';
  if (key === undefined || title === undefined || !due) return undefined;
  return { key, title, due: due.toISOString(), responsible };
}

export function uniqueKeys(r: Reader, items: Array<{ key: string } | undefined>, path: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    if (!item) return;
    const first = seen.get(item.key);
    if (first !== undefined)
      r.problems.add(
        join(join(path, i), 'key'),
        `duplicates ${join(join(path, first), 'key')} (${item.key})`,
      );
    else seen.set(item.key, i);
  });
}

export interface EffectiveRange {
  from?: string;
  to?: string;
  range: { from?: Date; to?: Date };
}

export function effective(
  r: Reader,
  value: unknown,
  timezone: string | undefined,
  at?: ApplyContext,
): EffectiveRange {
  const eff = value === undefined ? undefined : r.object(value, 'spec.effective', ['from', 'to'], ['from']);
  const date = (v: unknown, p: string) => {
    const text = r.string(v, p);
    return text !== undefined && !isLocalDate(text) ? r.problems.add(p, 'must be a date YYYY-MM-DD') : text;
  };
  let from = date(eff?.from, 'spec.effective.from');
  const to = date(eff?.to, 'spec.effective.to');
  if (from && from < EARLIEST_EFFECTIVE_FROM) {
    from = r.problems.add('spec.effective.from', `must be ${EARLIEST_EFFECTIVE_FROM} or later`);
  } else if (from && at) {
    // Back-dating makes the evaluator and every statement replay the past; an edit of a running
    // contract that keeps (or moves forward) its stored start is not back-dating.
    const maxAgeDays = at.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS;
    const earliest = localDateDaysBefore(at.now, timezone ?? 'UTC', maxAgeDays);
    if (from < earliest && !(at.storedFrom !== undefined && from >= at.storedFrom)) {
      const stored = at.storedFrom === undefined ? '' : ` or the stored version's ${at.storedFrom}`;
      from = r.problems.add(
        'spec.effective.from',
        `may be at most ${maxAgeDays} days before the day the contract is applied: ${earliest} or later${stored}`,
      );
    }
  }
  if (from && to && to < from) r.problems.add('spec.effective.to', 'must not be before from');
  const range =
    timezone && from
      ? { from: startOfLocalDate(from, timezone), to: to ? endOfLocalDate(to, timezone) : undefined }
      : {};
  return { from, to, range };
}

export function calendarsOf(r: Reader, value: unknown): Record<string, BusinessCalendar> {
  const calendars: Record<string, BusinessCalendar> = {};
  if (value === undefined) return calendars;
  const all = r.map(value, 'spec.calendars') ?? {};
  const names = Object.keys(all);
  if (names.length > MAX_CALENDARS) {
    r.problems.add('spec.calendars', `must have at most ${MAX_CALENDARS} calendars`);
    return calendars;
  }
  for (const name of names) {
    if (!CALENDAR_NAME.test(name) || name === '__proto__')
      r.problems.add(
        join('spec.calendars', name),
        'a calendar name is letters, digits, _ and - (at most 63), and not __proto__',
      );
    const cal = calendar(r, all[name], join('spec.calendars', name));
    // `calendars.__proto__ = cal` would set the prototype instead of adding a calendar.
    if (cal && name !== '__proto__') calendars[name] = cal;
  }
  return calendars;
}
