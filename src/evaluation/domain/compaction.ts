import type { Instant } from '../../common/time/instant';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
/** An hour is compacted once it ended this long ago: late samples and the minute level are done with it. */
export const COMPACT_AFTER_MS = 3 * HOUR_MS;
/** Rows one cursor step aims to move: a step is one transaction, bounded whatever the sample rate. */
export const ROWS_PER_STEP = 60_000;
const MAX_SERIES_PER_STEP = 500;

/** Samples before this instant (a UTC hour) can be compacted at `now`: their hour ended 3 h ago. */
export function compactionHorizon(now: Instant): number {
  return Math.floor((now - COMPACT_AFTER_MS) / HOUR_MS) * HOUR_MS;
}

/**
 * The span the cursor takes next from `at` (an hour): the rest of its UTC day when the whole day is
 * compactable (a past day in one pass, as a backfill needs), else its hour (inside the running day).
 * Null when nothing from `at` on is compactable yet.
 */
export function cursorSpan(at: Instant, horizon: number): { from: number; until: number } | null {
  const dayEnd = Math.floor(at / DAY_MS) * DAY_MS + DAY_MS;
  if (dayEnd <= horizon) return { from: at, until: dayEnd };
  if (at + HOUR_MS <= horizon) return { from: at, until: at + HOUR_MS };
  return null;
}

/** How many series the next cursor step takes, given the rows per series the last one found. */
export function seriesPerStep(rowsPerSeries: number): number {
  const n = Math.floor(ROWS_PER_STEP / Math.max(1, rowsPerSeries));
  return Math.min(MAX_SERIES_PER_STEP, Math.max(1, n));
}
