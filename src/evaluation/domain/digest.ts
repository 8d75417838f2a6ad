import { type Comparison } from '../../contracts/domain/contract.types';
import { meets } from './compare';

// Distinct values with their counts, sorted by value: exact material for nearest-rank percentiles and
// for counting samples that violate a target, and mergeable by adding counts.

export type Digest = Array<[value: number, count: number]>;

export function digestOf(values: readonly number[]): Digest {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => a[0] - b[0]);
}

export function mergeDigests(parts: ReadonlyArray<Digest>): Digest {
  const counts = new Map<number, number>();
  for (const part of parts) for (const [v, c] of part) counts.set(v, (counts.get(v) ?? 0) + c);
  return [...counts.entries()].sort((a, b) => a[0] - b[0]);
}

export function digestCount(digest: Digest): number {
  return digest.reduce((n, [, c]) => n + c, 0);
}

/** Nearest rank: the value at 1-based rank ceil(q/100 · n) of the ascending values. */
export function nearestRank(digest: Digest, q: number): number | undefined {
  const n = digestCount(digest);
  if (n === 0) return undefined;
  // q/100·n in exact integer arithmetic where possible: q has at most one decimal (p99.9).
  const rank = Math.max(1, Math.ceil((Math.round(q * 10) * n) / 1000));
  let seen = 0;
  for (const [v, c] of digest) {
    seen += c;
    if (seen >= rank) return v;
  }
  return digest[digest.length - 1][0];
}

/** How many values fail `objective`. */
export function countViolating(digest: Digest, objective: Comparison): number {
  return digest.reduce((n, [v, c]) => (meets(v, objective) ? n : n + c), 0);
}
