import { DateTime, IANAZone } from 'luxon';
import type { Instant } from '../../common/time/instant';

// Time in contracts: IANA zones, local dates (`2027-01-01`), wall clock times (`08:00`, `24:00`) and
// instants with an explicit offset (`2027-03-31T18:00:00+03:00`).

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;
const CLOCK = /^(\d{2}):(\d{2})$/;

export function isValidZone(zone: string): boolean {
  // Fixed offsets like `UTC+3` are valid to luxon but are not IANA zone names; contracts need real zones.
  return IANAZone.isValidZone(zone) && !/^(UTC|GMT)?[+-]\d/i.test(zone);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The digit at `i` (0-9), or -1. */
const digitAt = (text: string, i: number): number => {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/**
 * `YYYY-MM-DD` naming a real day; arithmetic on character codes, not luxon nor a regex: a contract
 * may hold 20 000 holidays, and this runs for each on every apply.
 */
export function isLocalDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = digitAt(text, i);
    if (d < 0) return false;
    year = year * 10 + d;
  }
  const m1 = digitAt(text, 5);
  const m2 = digitAt(text, 6);
  const d1 = digitAt(text, 8);
  const d2 = digitAt(text, 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return false;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]);
}

/** An RFC 3339 timestamp with an offset; undefined if it is anything else. */
export function parseInstant(text: string): Date | undefined {
  if (!INSTANT.test(text)) return undefined;
  const parsed = DateTime.fromISO(text, { setZone: true });
  return parsed.isValid ? parsed.toJSDate() : undefined;
}

/** `08:00` → 480 minutes after midnight; `24:00` (1440) only when `allowEndOfDay`. */
export function parseClock(text: string, allowEndOfDay: boolean): number | undefined {
  const match = CLOCK.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours === 24 && minutes === 0 && allowEndOfDay) return 1440;
  if (hours > 23 || minutes > 59) return undefined;
  return hours * 60 + minutes;
}

/** Local midnight that starts `date` in `zone`. */
export function startOfLocalDate(date: string, zone: string): Date {
  return DateTime.fromISO(date, { zone }).startOf('day').toJSDate();
}

/** Local midnight after `date` in `zone`: the exclusive end of a contract effective `to` that date. */
export function endOfLocalDate(date: string, zone: string): Date {
  return DateTime.fromISO(date, { zone }).startOf('day').plus({ days: 1 }).toJSDate();
}

/** The local date in `zone` of the day `days` before `now`'s local date (`YYYY-MM-DD`). */
export function localDateDaysBefore(now: Instant, zone: string, days: number): string {
  return DateTime.fromMillis(now, { zone }).minus({ days }).toISODate() ?? '';
}
