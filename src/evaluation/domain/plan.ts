import type { Interval } from '../../common/time/intervals';

// Which stored buckets cover a set of intervals. Roll-ups exist per UTC minute (level 4, recent hours
// only: from `minuteFrom` on), hour (level 1), UTC day (level 2) and 7-day week aligned to the Unix
// epoch (level 3). An interval is cut into whole weeks, then whole days, then whole hours, then whole
// minutes where they are kept, then the raw remainder at its edges (level 0: read the samples
// themselves), so a window of any length reads a handful of rows per level. A bucket is used only
// when it lies entirely inside the interval, so the sum of the pieces is exactly the interval: that is
// the exactness argument.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** 0 raw, 1 hour, 2 day, 3 week, 4 minute (numbered as stored; minutes came last). */
export type Level = 0 | 1 | 2 | 3 | 4;
export type StoredLevel = 1 | 2 | 3 | 4;
export const MINUTE_LEVEL = 4 as const;

export interface Piece {
  level: Level;
  from: number;
  to: number;
}

export const LEVEL_MS: Record<StoredLevel, number> = { 1: HOUR_MS, 2: DAY_MS, 3: WEEK_MS, 4: MINUTE_MS };
/** The next finer level: weeks, days, hours, minutes, raw. */
export const FINER: Record<StoredLevel, Level> = { 3: 2, 2: 1, 1: 4, 4: 0 };

const ceilTo = (t: number, step: number) => Math.ceil(t / step) * step;
const floorTo = (t: number, step: number) => Math.floor(t / step) * step;

function cut(from: number, to: number, level: Level, out: Piece[], minuteFrom: number): void {
  if (to <= from) return;
  // No stored bucket is shorter than a minute, and minutes exist only from minuteFrom on: the common
  // short interval between dense maintenance windows, long ago, is raw without the descent.
  if (level === 0 || (to <= minuteFrom && to - from < HOUR_MS)) {
    out.push({ level: 0, from, to });
    return;
  }
  if (level === MINUTE_LEVEL && from < minuteFrom) {
    const split = Math.min(to, minuteFrom);
    out.push({ level: 0, from, to: split });
    cut(split, to, level, out, minuteFrom);
    return;
  }
  const step = LEVEL_MS[level];
  const finer = FINER[level];
  const a = ceilTo(from, step);
  const b = floorTo(to, step);
  if (b <= a) {
    cut(from, to, finer, out, minuteFrom);
    return;
  }
  cut(from, a, finer, out, minuteFrom);
  out.push({ level, from: a, to: b });
  cut(b, to, finer, out, minuteFrom);
}

/**
 * Pieces covering exactly the union of `intervals`, coarsest first within each interval. Minute
 * buckets are used from `minuteFrom` on (none by default).
 */
export function planPieces(
  intervals: readonly Interval[],
  coarsest: Level = 3,
  minuteFrom = Number.POSITIVE_INFINITY,
): Piece[] {
  const out: Piece[] = [];
  for (const [from, to] of intervals) cut(from, to, coarsest, out, minuteFrom);
  return out;
}
