import { type Digest, digestOf, mergeDigests } from './digest';
import { mergeAll, mergeSummaries, type Summary } from './summary';

// Roll-up maths, pure: a batch's delta merged into an hour bucket, a day rebuilt from its hours, a
// week from its days.

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

/** A day from its hours (or a week from its days) in time order; a digest only when every child has one. */
export function parentFromChildren(children: readonly BucketState[]): BucketState | undefined {
  if (children.length === 0) return undefined;
  const summary = mergeAll(children.map((h) => h.summary))!;
  const digest = children.every((h) => h.digest !== null)
    ? mergeDigests(children.map((h) => h.digest!))
    : null;
  return { summary, digest };
}
