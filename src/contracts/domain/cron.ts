import { IANAZone } from 'luxon';

// Standard 5-field Vixie cron, expanded into occurrence windows in an IANA zone.
//
// DST rules (fire times are local wall-clock times in `zone`):
// - Nonexistent local time (spring-forward gap, e.g. 02:30 when Berlin jumps 02:00→03:00): fires once,
//   read with the pre-gap offset, so it lands gap-length later on the new clock (02:30 → 03:30 CEST,
//   the same instant as 02:30 CET). This is luxon's default for nonexistent times. Starts that land
//   on the same instant (02:30 shifted and a real 03:30) are emitted once.
// - Ambiguous local time (fall-back overlap, e.g. 02:30 when Berlin goes 03:00→02:00): fires once, at
//   the first (earlier, summer-time) occurrence.
// - The duration is elapsed time: end = start + durationSeconds, whatever the wall clock does.

export interface ParsedCron {
  /** Sorted, 0-59. */
  readonly minutes: readonly number[];
  /** Sorted, 0-23. */
  readonly hours: readonly number[];
  /** 1-31. */
  readonly daysOfMonth: ReadonlySet<number>;
  /** 1-12. */
  readonly months: ReadonlySet<number>;
  /** 0-6, Sunday = 0 (a 7 in the expression is stored as 0). */
  readonly daysOfWeek: ReadonlySet<number>;
  // Vixie cron: a day field is "restricted" unless its text starts with `*` (so `*` and `*/2` are not).
  readonly domRestricted: boolean;
  readonly dowRestricted: boolean;
}

export interface CronOccurrence {
  start: Date;
  end: Date;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Lower-case names whose index + `nameBase` is the value. */
  readonly names?: readonly string[];
  readonly nameBase?: number;
}

const FIELD_NAMES = 'minute hour day-of-month month day-of-week';
const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
    nameBase: 1,
  },
  {
    name: 'day-of-week',
    min: 0,
    max: 7,
    names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
    nameBase: 0,
  },
];
const DOW_INDEX = 4;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 3700;

export function parseCron(expr: string): ParsedCron | { error: string } {
  const trimmed = expr.trim();
  if (trimmed === '') return { error: 'cron expression is empty' };
  if (trimmed.startsWith('@')) {
    return { error: `cron macros like '${trimmed.split(/\s+/)[0]}' are not supported; write the 5 fields` };
  }
  const parts = trimmed.split(/\s+/);
  if (parts.length !== FIELDS.length) {
    return { error: `cron must have 5 fields (${FIELD_NAMES}), got ${parts.length}` };
  }
  const sets: Set<number>[] = [];
  for (let i = 0; i < FIELDS.length; i++) {
    const result = parseField(parts[i], FIELDS[i]);
    if (typeof result === 'string') return { error: result };
    sets.push(result);
  }
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = sets;
  if (daysOfWeek.delete(7)) daysOfWeek.add(0);
  return {
    minutes: [...minutes].sort((a, b) => a - b),
    hours: [...hours].sort((a, b) => a - b),
    daysOfMonth,
    months,
    daysOfWeek,
    domRestricted: !parts[2].startsWith('*'),
    dowRestricted: !parts[DOW_INDEX].startsWith('*'),
  };
}

function parseField(text: string, spec: FieldSpec): Set<number> | string {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') return `${spec.name} '${text}' has an empty list item`;
    const [rangePart, stepPart, ...rest] = item.split('/');
    if (rest.length > 0) return `${spec.name} '${item}' has more than one '/'`;

    let step = 1;
    if (stepPart !== undefined) {
      const span = spec.max - spec.min + 1;
      step = /^\d+$/.test(stepPart) ? Number(stepPart) : NaN;
      if (!(step >= 1 && step <= span)) {
        return `${spec.name} step '${stepPart}' in '${item}' must be a whole number from 1 to ${span}`;
      }
    }

    let lo: number;
    let hi: number;
    if (rangePart === '*') {
      [lo, hi] = [spec.min, spec.max];
    } else {
      const bounds = rangePart.split('-');
      if (bounds.length > 2) return `${spec.name} '${item}' is not a valid range`;
      const parsed: number[] = [];
      for (const token of bounds) {
        const value = parseValue(token, spec);
        if (typeof value === 'string') return value;
        parsed.push(value);
      }
      lo = parsed[0];
      // `a/n` means a, a+n, … up to the field's maximum.
      hi = parsed.length === 2 ? parsed[1] : stepPart !== undefined ? spec.max : lo;
      // `fri-sun` reads naturally as 5-7, not a backwards range.
      if (spec === FIELDS[DOW_INDEX] && hi === 0 && lo > 0) hi = 7;
      if (hi < lo) return `${spec.name} range '${rangePart}' goes backwards`;
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return values;
}

function parseValue(token: string, spec: FieldSpec): number | string {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    if (n < spec.min || n > spec.max) return `${spec.name} ${n} is out of range ${spec.min}-${spec.max}`;
    return n;
  }
  const nameIndex = spec.names?.indexOf(token.toLowerCase()) ?? -1;
  if (nameIndex >= 0) return nameIndex + (spec.nameBase ?? 0);
  if (/[?#]/.test(token) || /^(\d*L|\d+W|LW)$/i.test(token)) {
    return `${spec.name} '${token}': ?, L, W and # are not supported (Vixie cron syntax only)`;
  }
  if (token === '') return `${spec.name} has a missing value (empty or negative number?)`;
  return spec.names
    ? `${spec.name} '${token}' is not a number or a name (${spec.names[0]}-${spec.names[spec.names.length - 1]})`
    : `${spec.name} '${token}' is not a number`;
}

/**
 * Every window [start, start + durationSeconds) that overlaps [from, to), sorted by start.
 * Throws on an unknown zone, a non-positive duration, a backwards range or one longer than 3700 days.
 */
export function cronOccurrences(
  cron: ParsedCron,
  zone: string,
  durationSeconds: number,
  from: Date,
  to: Date,
): CronOccurrence[] {
  if (!IANAZone.isValidZone(zone)) throw new Error(`unknown time zone '${zone}'`);
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) {
    throw new Error(`durationSeconds must be a positive number, got ${durationSeconds}`);
  }
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw new Error('from and to must be valid dates');
  if (toMs < fromMs) throw new Error('to must not be before from');
  const durationMs = durationSeconds * 1000;
  // Look back by the duration so windows still running at `from` are found.
  const scanFromMs = fromMs - durationMs;
  if ((toMs - scanFromMs) / DAY_MS > MAX_RANGE_DAYS) {
    throw new Error(`range (including the ${durationSeconds}s lookback) exceeds ${MAX_RANGE_DAYS} days`);
  }
  if (toMs === fromMs) return [];

  const tz = IANAZone.create(zone);
  const firstDay = localMidnight(tz, scanFromMs);
  const lastDay = localMidnight(tz, toMs);
  const sampled = new Map<number, number>();
  const sample = (ms: number): number => {
    let offset = sampled.get(ms);
    if (offset === undefined) sampled.set(ms, (offset = tz.offset(ms)));
    return offset;
  };
  const starts = new Set<number>();
  // Day by day over local calendar dates: `day` is the date's midnight as if UTC, used only for fields.
  for (let day = firstDay; day <= lastDay; day += DAY_MS) {
    const date = new Date(day);
    if (!dayMatches(cron, date.getUTCDate(), date.getUTCMonth() + 1, date.getUTCDay())) continue;
    // Zone lookups are slow. Transitions are > 1 day apart, so equal offsets at four samples a day
    // apart mean none falls within the instants this day's wall times can map to.
    const offset = sample(day - DAY_MS);
    const steady = [day, day + DAY_MS, day + 2 * DAY_MS].every((ms) => sample(ms) === offset);
    for (const hour of cron.hours) {
      for (const minute of cron.minutes) {
        const wall = day + (hour * 60 + minute) * MINUTE_MS;
        const start = steady ? wall - offset * MINUTE_MS : wallToInstant(tz, wall);
        if (start < toMs && start + durationMs > fromMs) starts.add(start);
      }
    }
  }
  return [...starts]
    .sort((a, b) => a - b)
    .map((start) => ({ start: new Date(start), end: new Date(start + durationMs) }));
}

function dayMatches(cron: ParsedCron, dayOfMonth: number, month: number, dayOfWeek: number): boolean {
  if (!cron.months.has(month)) return false;
  const domOk = cron.daysOfMonth.has(dayOfMonth);
  const dowOk = cron.daysOfWeek.has(dayOfWeek);
  // Vixie cron: when both day fields are restricted, either one is enough.
  return cron.domRestricted && cron.dowRestricted ? domOk || dowOk : domOk && dowOk;
}

/** The local date of an instant, as that date's midnight in UTC milliseconds. */
function localMidnight(tz: IANAZone, instantMs: number): number {
  const wall = instantMs + tz.offset(instantMs) * MINUTE_MS;
  return Math.floor(wall / DAY_MS) * DAY_MS;
}

/**
 * Wall-clock time (encoded as UTC milliseconds) → instant. Not luxon's `fromObject`: its choice for
 * ambiguous times depends on the current date, and we need the earlier one every time.
 */
function wallToInstant(tz: IANAZone, wall: number): number {
  // Offsets either side of any transition near this wall time (transitions are > 1 day apart).
  const before = tz.offset(wall - DAY_MS);
  const after = tz.offset(wall + DAY_MS);
  let best = Infinity;
  for (const offset of [before, after]) {
    const instant = wall - offset * MINUTE_MS;
    if (tz.offset(instant) === offset && instant < best) best = instant;
  }
  // Nonexistent (gap): read with the pre-gap offset, i.e. shifted forward by the gap, as luxon does.
  return Number.isFinite(best) ? best : wall - before * MINUTE_MS;
}
