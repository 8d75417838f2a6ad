import type { Instant } from '../../common/time/instant';

export const DAY_MS = 86_400_000;
/** A day is compacted once it ended this long ago: late samples and the minute level are done with it. */
export const COMPACT_AFTER_MS = 3 * 3_600_000;
/** Rows one cursor step aims to move: a step is one transaction, bounded whatever the sample rate. */
export const ROWS_PER_STEP = 60_000;
const MAX_SERIES_PER_STEP = 500;

/** Days starting before this (UTC midnight) can be compacted at `now`. */
export function compactionHorizon(now: Instant): number {
  return Math.floor((now - COMPACT_AFTER_MS) / DAY_MS) * DAY_MS;
}

/** How many series the next cursor step takes, given the rows per series the last one found. */
export function seriesPerStep(rowsPerSeries: number): number {
  const n = Math.floor(ROWS_PER_STEP / Math.max(1, rowsPerSeries));
  return Math.min(MAX_SERIES_PER_STEP, Math.max(1, n));
}
