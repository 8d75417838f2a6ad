import type { BusinessCalendar, Deliverable, Maintenance, Weekday } from './contract.types';
import { parseCron } from './cron';
import { readDuration } from './objective-validator';
import { join, type Reader } from './reader';
import {
  endOfLocalDate,
  isLocalDate,
  localDateDaysBefore,
  parseClock,
  parseInstant,
  startOfLocalDate,
} from './time';
import type { Instant } from '../../common/time/instant';

// The parts of a spec besides objectives: contact lists, business calendars, maintenance, deliverables,
// and the limits the schema holds them to.

export const DATE_HINT = 'must be a date YYYY-MM-DD';
export const WINDOW_HINT = 'must be a timestamp with an offset, e.g. 2027-03-11T22:00:00+02:00';
export const DUE_HINT = 'must be a timestamp with an offset, e.g. 2027-03-31T18:00:00+03:00';
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
export const MAX_MIN_EVENTS = 1_000_000_000;
export const MAX_CONTRACT_TITLE = 300;
export const MAX_EMAIL = 254;
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
  now: Instant;
  /** Default DEFAULT_MAX_AGE_DAYS. */
  maxAgeDays?: number;
  /** The stored version's effective.from: a running contract may be edited without moving its start. */
  storedFrom?: string;
}

export function emails(r: Reader, value: unknown, path: string): string[] | undefined {
  const list = r.array(value, path);
  if (!list) return undefined;
  return list
    .map((e, i) => r.string(e, join(path, i), MAX_EMAIL))
    .filter((e): e is string => e !== undefined)
    .map((e) => e.toLowerCase());
}

export function calendar(r: Reader, value: unknown, path: string): BusinessCalendar | undefined {
  const o = r.object(value, path);
  if (!o) return undefined;
  const weekdays: Weekday[] = [];
  (r.array(o.weekdays, join(path, 'weekdays')) ?? []).forEach((d, i) => {
    const day = r.choice<Weekday>(d, join(join(path, 'weekdays'), i));
    if (day && weekdays.includes(day)) r.problems.add(join(join(path, 'weekdays'), i), `repeats ${day}`);
    else if (day) weekdays.push(day);
  });
  const hours: Array<{ from: number; to: number; index: number }> = [];
  (r.array(o.hours, join(path, 'hours')) ?? []).forEach((h, i) => {
    const p = join(join(path, 'hours'), i);
    const span = r.object(h, p);
    const fromText = r.string(span?.from, join(p, 'from'));
    const toText = r.string(span?.to, join(p, 'to'));
    // HH:MM, as the schema has it: hours and minutes in range, 24:00 only as an end.
    const from = fromText === undefined ? undefined : parseClock(fromText, false);
    const to = toText === undefined ? undefined : parseClock(toText, true);
    if (!span || from === undefined || to === undefined) return;
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
  (r.array(o.holidays, join(path, 'holidays')) ?? []).forEach((d, i) => {
    const day = r.string(d, join(join(path, 'holidays'), i));
    // The schema has the form YYYY-MM-DD; the day must exist.
    if (day !== undefined && !isLocalDate(day)) r.problems.add(join(join(path, 'holidays'), i), DATE_HINT);
    else if (day !== undefined) holidays.push(day);
  });
  return {
    weekdays,
    hours: sorted.map(({ from, to }) => ({ from, to })),
    holidays: [...new Set(holidays)].sort(),
  };
}

export function maintenance(r: Reader, value: unknown, path: string): Maintenance | undefined {
  const o = r.object(value, path);
  if (!o) return undefined;
  // Recurring or once, as the schema tells them apart.
  if (o.cron !== undefined || o.duration !== undefined) {
    const title = r.string(o.title, join(path, 'title'));
    const cronText = r.string(o.cron, join(path, 'cron'));
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
    const seconds = readDuration(r, o.duration, join(path, 'duration'), { max: 31 * 86_400 });
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
  const title = r.string(o.title, join(path, 'title'));
  const instant = (key: string) => {
    const text = r.string(o[key], join(path, key));
    if (text === undefined) return undefined;
    // The schema has the form; the instant must exist (no 30 February).
    const at = parseInstant(text);
    if (!at) return r.problems.add(join(path, key), WINDOW_HINT);
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
  const o = r.object(value, path);
  if (!o) return undefined;
  const key = r.string(o.key, join(path, 'key'));
  const title = r.string(o.title, join(path, 'title'));
  const dueText = r.string(o.due, join(path, 'due'));
  const due = dueText === undefined ? undefined : parseInstant(dueText);
  if (dueText !== undefined && !due) r.problems.add(join(path, 'due'), DUE_HINT);
  if (due && ((range.from && due < range.from) || (range.to && due >= range.to))) {
    r.problems.add(join(path, 'due'), 'falls outside the contract’s effective range');
  }
  const responsible =
    r.choice<Deliverable['responsible']>(o.responsible, join(path, 'responsible')) ?? 'vendor';
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
  const eff = r.object(value, 'spec.effective');
  const date = (v: unknown, p: string) => {
    const text = r.string(v, p);
    return text !== undefined && !isLocalDate(text) ? r.problems.add(p, DATE_HINT) : text;
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
  // Too many calendars are refused by the schema, and not read.
  const all = r.object(value, 'spec.calendars') ?? {};
  for (const name of Object.keys(all)) {
    const cal = calendar(r, all[name], join('spec.calendars', name));
    // `calendars.__proto__ = cal` would set the prototype instead of adding a calendar.
    if (cal && name !== '__proto__') calendars[name] = cal;
  }
  return calendars;
}
