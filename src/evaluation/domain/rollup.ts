import { type Digest, digestOf, mergeDigests } from './digest';
import { mergeAll, mergeSummaries, type Summary } from './summary';

// Roll-up maths, pure: a batch's delta merged into an hour bucket, a day rebuilt from its hours, a
// week from its days.

/** What a fold step's batches added to one bucket (`hour`: the bucket's start, an hour or a minute). */
export interface DeltaPiece {
  vendorId: string;
  metric: string;
  hour: number;
  summary: Summary;
  /** The values, for metrics whose buckets keep digests; null otherwise. */
  values: number[] | null;
  /** The latest receipt among the batches of this delta. */
  lastReceivedAt: number;
}

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

/**
 * Hour deltas from a step's pieces (hour pieces of older samples, minute pieces of recent ones; one
 * read of the samples gives both levels). The pieces of an hour cover disjoint stretches of time, so
 * merging them in time order is an append: exact, the largest gap included.
 */
export function hourDeltas(pieces: readonly DeltaPiece[], hourMs: number): DeltaPiece[] {
  const hourOf = (t: number) => Math.floor(t / hourMs) * hourMs;
  const groups = new Map<string, DeltaPiece[]>();
  for (const p of pieces) {
    const key = `${p.vendorId}/${p.metric}@${hourOf(p.hour)}`;
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()].map((group) => {
    group.sort((a, b) => a.summary.firstTs - b.summary.firstTs);
    const first = group[0];
    const listed = group.filter((p) => p.values !== null);
    return {
      vendorId: first.vendorId,
      metric: first.metric,
      hour: hourOf(first.hour),
      summary: mergeAll(group.map((p) => p.summary))!,
      values: listed.length === 0 ? null : listed.flatMap((p) => p.values!),
      lastReceivedAt: Math.max(...group.map((p) => p.lastReceivedAt)),
    };
  });
}
