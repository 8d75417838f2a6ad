// Small conversions shared by repositories and statements.

/** Unix milliseconds as an RFC 3339 UTC timestamp (what PostgreSQL and the API exchange). */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** JSON and SQL figures hold no ±Infinity or NaN: those become null (a status says why). */
export function finiteOrNull(n: number | null): number | null {
  return n === null || !Number.isFinite(n) ? null : n;
}

/** Code-unit order of strings: the same in every process, whatever the locale (lock orders). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
