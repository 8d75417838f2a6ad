// Mergeable state of a set of samples: what a roll-up bucket stores and what the mergeable threshold
// aggregates, ratios and freshness read. Times are Unix ms.

export interface Summary {
  count: number;
  sum: number;
  min: number;
  max: number;
  firstTs: number;
  lastTs: number;
  /** Value of the latest sample; on a tie of timestamps, the largest value. */
  lastValue: number;
  /**
   * Largest step between consecutive distinct timestamps: exact, except after interleaved sets merged
   * (then an upper bound, see mergeSummaries); null when unknown. Freshness only asks "at most
   * maxAge?", which a bound answers soundly.
   */
  maxGapMs: number | null;
}

export interface TimedValue {
  ts: number;
  value: number;
}

/** Summary of raw samples (any order); undefined for none. */
export function summarize(samples: readonly TimedValue[]): Summary | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a.ts - b.ts || a.value - b.value);
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let maxGap = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i].value;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (i > 0) maxGap = Math.max(maxGap, sorted[i].ts - sorted[i - 1].ts);
  }
  const last = sorted[sorted.length - 1];
  return {
    count: sorted.length,
    sum,
    min,
    max,
    firstTs: sorted[0].ts,
    lastTs: last.ts,
    lastValue: last.value,
    maxGapMs: maxGap,
  };
}

function later(a: Summary, b: Summary): Pick<Summary, 'lastTs' | 'lastValue'> {
  if (a.lastTs !== b.lastTs) return a.lastTs > b.lastTs ? a : b;
  return a.lastValue >= b.lastValue ? a : b;
}

/**
 * Two summaries of disjoint sample sets. When one set lies entirely at or before the other in time
 * (appends, the usual case) the largest gap is exact. Interleaved sets keep an upper bound: the larger
 * of the two gaps. Every step of the merged sequence lies between consecutive samples of one set, or
 * runs from a sample of one set to the next of the other, which comes no later than the first set's
 * own next sample (or, after the first set's last sample, the other set had one before it). A late
 * batch that interleaves with what the fold holds (common at thousands of samples a second, as
 * commits finish out of id order) then leaves a bound instead of an unknown, and freshness keeps
 * judging the bucket whole instead of reading its raw samples every pass.
 */
export function mergeSummaries(a: Summary | undefined, b: Summary | undefined): Summary | undefined {
  if (!a) return b;
  if (!b) return a;
  let maxGapMs: number | null = null;
  if (a.maxGapMs !== null && b.maxGapMs !== null) {
    // Sets that only touch (one ends at the instant the other starts) are an append, not interleaved:
    // at thousands of samples a second, concurrent pushes share milliseconds, and an unknown gap
    // sends freshness to the raw samples of the whole running hour.
    if (b.firstTs >= a.lastTs) maxGapMs = Math.max(a.maxGapMs, b.maxGapMs, b.firstTs - a.lastTs);
    else if (a.firstTs >= b.lastTs) maxGapMs = Math.max(a.maxGapMs, b.maxGapMs, a.firstTs - b.lastTs);
    else maxGapMs = Math.max(a.maxGapMs, b.maxGapMs);
  }
  const { lastTs, lastValue } = later(a, b);
  return {
    count: a.count + b.count,
    sum: a.sum + b.sum,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    firstTs: Math.min(a.firstTs, b.firstTs),
    lastTs,
    lastValue,
    maxGapMs,
  };
}

export function mergeAll(parts: ReadonlyArray<Summary | undefined>): Summary | undefined {
  return parts.reduce<Summary | undefined>((acc, s) => mergeSummaries(acc, s), undefined);
}
