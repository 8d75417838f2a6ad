import type { Interval } from '../../common/time/intervals';

// Which stored buckets cover a set of intervals. Roll-ups exist per UTC hour (level 1), UTC day
// (level 2) and 7-day week aligned to the Unix epoch (level 3). An interval is cut into whole weeks,
// then whole days, then whole hours, then the raw remainder at its edges (level 0: read the samples
// themselves), so a window of any length reads a handful of rows per level. A bucket is used only when it lies entirely inside
// the interval, so the sum of the pieces is exactly the interval: that is the exactness argument.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

export type Level = 0 | 1 | 2 | 3;
export type StoredLevel = 1 | 2 | 3;

export interface Piece {
  level: Level;
  from: number;
  to: number;
}

export const LEVEL_MS: Record<StoredLevel, number> = { 1: HOUR_MS, 2: DAY_MS, 3: WEEK_MS };

const ceilTo = (t: number, step: number) => Math.ceil(t / step) * step;
const floorTo = (t: number, step: number) => Math.floor(t / step) * step;

function cut(from: number, to: number, level: Level, out: Piece[]): void {
  if (to <= from) return;
  // No stored bucket is shorter than an hour: a shorter interval is raw (the common case between
  // dense maintenance windows, so it skips the descent).
  if (level === 0 || to - from < HOUR_MS) {
    out.push({ level: 0, from, to });
    return;
  }
  const step = LEVEL_MS[level];
  const a = ceilTo(from, step);
  const b = floorTo(to, step);
  const finer = (level - 1) as Level;
  if (b <= a) {
    cut(from, to, finer, out);
    return;
  }
  cut(from, a, finer, out);
  out.push({ level, from: a, to: b });
  cut(b, to, finer, out);
}

/** Pieces covering exactly the union of `intervals`, coarsest first within each interval. */
export function planPieces(intervals: readonly Interval[], coarsest: Level = 3): Piece[] {
  const out: Piece[] = [];
  for (const [from, to] of intervals) cut(from, to, coarsest, out);
  return out;
}
