import { type Period } from './calendar';

// Shared by the calendar.*.spec.ts suites.
// Every expected instant is written in UTC, so the suites do not depend on the process TZ.
// 2027 offsets and transitions:
//   Asia/Jerusalem   IST +02, IDT +03; Fri 2027-03-26 02:00 → 03:00 (00:00Z); Sun 2027-10-31 02:00 → 01:00 (23:00Z on the 30th)
//   Europe/Berlin    CET +01, CEST +02; Sun 2027-03-28 02:00 → 03:00 (01:00Z); Sun 2027-10-31 03:00 → 02:00 (01:00Z)
//   America/New_York EST −05, EDT −04; Sun 2027-03-14 02:00 → 03:00 (07:00Z); Sun 2027-11-07 02:00 → 01:00 (06:00Z)
// 2027-01-01 is a Friday; 2026 starts on a Thursday and so has an ISO week 53; 2027 has 52 ISO weeks.

export const JERUSALEM = 'Asia/Jerusalem';
export const BERLIN = 'Europe/Berlin';
export const NEW_YORK = 'America/New_York';
export const HOUR = 3_600_000;

export const t = (iso: string): number => Date.parse(iso);
export const iso = (ms: number): string => new Date(ms).toISOString();

/** A period with its bounds as UTC ISO strings, for comparing against expected labels and instants. */
export function periodInUtc(period: Period): { label: string; start: string; end: string };
export function periodInUtc(
  period: Period | undefined,
): { label: string; start: string; end: string } | undefined;
export function periodInUtc(
  period: Period | undefined,
): { label: string; start: string; end: string } | undefined {
  return period && { label: period.label, start: iso(period.start), end: iso(period.end) };
}
