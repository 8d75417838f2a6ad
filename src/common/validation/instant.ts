import { DomainError, type FieldError } from '../errors/domain-error';

// Instants the API accepts: RFC 3339 with an explicit offset, and a UTC year from 1000 to 9999.
// JavaScript parses far wider (`+275760-09-13`, year 0) but PostgreSQL and ISO text disagree or
// fail out there, so such dates are refused where they come in rather than failing in a query.

export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;
export const INSTANT_MESSAGE = `must be an RFC 3339 timestamp with an offset, years ${MIN_YEAR}-${MAX_YEAR}, e.g. 2027-03-11T22:00:00+02:00`;

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A date PostgreSQL stores and JavaScript prints the same way (a four-digit UTC year). */
export function isStorableDate(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

export function isStorableInstant(text: string): boolean {
  const m = INSTANT.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second = '0', offH = '0', offM = '0'] = m
    .slice(1)
    .map((p) => p ?? '0');
  const leap = Number(year) % 4 === 0 && (Number(year) % 100 !== 0 || Number(year) % 400 === 0);
  const days = Number(month) === 2 && leap ? 29 : DAYS_IN_MONTH[Number(month) - 1];
  if (days === undefined || Number(day) < 1 || Number(day) > days) return false;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return false;
  if (Number(offH) > 23 || Number(offM) > 59) return false;
  return isStorableDate(new Date(Date.parse(text)));
}

/** Query parameters that must be instants: a 400 naming each one that is not. */
export function checkInstantQuery(query: Record<string, string | undefined>): void {
  const errors: FieldError[] = Object.entries(query)
    .filter(([, value]) => value !== undefined && !isStorableInstant(value))
    .map(([path]) => ({ path, message: INSTANT_MESSAGE }));
  if (errors.length > 0) throw new DomainError('bad_request', 'The query is invalid', errors);
}
