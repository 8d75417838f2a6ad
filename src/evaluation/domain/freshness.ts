import { type Interval, intersect, normalize, totalLength } from '../../common/time/intervals';
import { FINER, type Level, LEVEL_MS, MINUTE_LEVEL, type Piece, type StoredLevel } from './plan';

// Freshness (docs/contract-authoring.md, indicator kinds): instant t is fresh when some sample has a timestamp in (t − maxAge, t],
// i.e. t ∈ [ts, ts + maxAge). The fresh set is the union of those intervals. A bucket whose largest
// gap between consecutive samples is at most maxAge is fresh without a hole from its first sample to
// its last sample + maxAge, so only buckets with a longer gap (an outage) need their raw timestamps.

export interface StoredEdge {
  level: StoredLevel;
  bucket: number;
  firstTs: number;
  lastTs: number;
  maxGapMs: number | null;
}

/** Fresh set from runs [first, last] without holes longer than maxAge, and single timestamps. */
export function freshSet(runs: ReadonlyArray<readonly [number, number]>, maxAgeMs: number): Interval[] {
  return normalize(runs.map(([first, last]) => [first, last + maxAgeMs] as const));
}

/** The range whose samples decide freshness over a window: maxAge before it, to its end. */
export function freshnessRange(window: Interval, maxAgeMs: number): Interval {
  return [window[0] - maxAgeMs, window[1]];
}

/**
 * Where a bucket with a long (or unknown) gap is looked at more closely: a week by day, a day by hour,
 * an hour by minute where minute buckets are kept for it (from `minuteFrom` on), else raw, and a
 * minute raw. Reading a recent hour raw would cost every sample of it, and an hour's gap is unknown
 * as soon as one late batch interleaves with what was folded (summary.ts).
 */
const freshnessFiner = (level: StoredLevel, bucket: number, minuteFrom: number): Level =>
  level === 1 ? (bucket >= minuteFrom ? MINUTE_LEVEL : 0) : FINER[level];

export function triageEdges(
  edges: readonly StoredEdge[],
  maxAgeMs: number,
  minuteFrom = Number.POSITIVE_INFINITY,
): { runs: Array<[number, number]>; finer: Piece[] } {
  const runs: Array<[number, number]> = [];
  const finer: Piece[] = [];
  for (const e of edges) {
    // No step between its samples is longer than the bucket's own span: a minute bucket is a run for
    // any maxAge of a minute or more, whatever is known of its gap.
    const gapBound = e.maxGapMs ?? e.lastTs - e.firstTs;
    if (gapBound <= maxAgeMs) runs.push([e.firstTs, e.lastTs]);
    else
      finer.push({
        level: freshnessFiner(e.level, e.bucket, minuteFrom),
        from: e.bucket,
        to: e.bucket + LEVEL_MS[e.level],
      });
  }
  return { runs, finer };
}

export function freshTimes(fresh: readonly Interval[], measured: readonly Interval[]) {
  return { freshMs: totalLength(intersect(fresh, measured)), measuredMs: totalLength(measured) };
}
