import { type Digest, digestOf, mergeDigests } from './digest';
import { DAY_MS } from './plan';
import { mergeAll, mergeSummaries, type Summary } from './summary';

// Roll-up maths, pure: a batch's delta merged into an hour bucket, and a day rebuilt from its hours.

export interface BucketState {
  summary: Summary;
  digest: Digest | null;
}

/**
 * Hour bucket after a delta of newly inserted samples. `keepDigest`: the metric is read by a
 * percentile objective. A digest is exact only if the bucket had one (or did not exist).
 */
export function mergeDelta(
  stored: BucketState | undefined,
  delta: { summary: Summary; values: readonly number[] | null },
  keepDigest: boolean,
): BucketState {
  const summary = mergeSummaries(stored?.summary, delta.summary)!;
  let digest: Digest | null = null;
  if (keepDigest && delta.values) {
    if (!stored) digest = digestOf(delta.values);
    else if (stored.digest) digest = mergeDigests([stored.digest, digestOf(delta.values)]);
  }
  return { summary, digest };
}

/** A day from its hour buckets in time order; its digest only when every hour has one. */
export function dayFromHours(hours: readonly BucketState[]): BucketState | undefined {
  if (hours.length === 0) return undefined;
  const summary = mergeAll(hours.map((h) => h.summary))!;
  const digest = hours.every((h) => h.digest !== null) ? mergeDigests(hours.map((h) => h.digest!)) : null;
  return { summary, digest };
}

export function dayOf(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}
