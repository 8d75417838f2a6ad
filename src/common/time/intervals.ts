// Sets of time as sorted, disjoint, half-open intervals [from, to) in Unix milliseconds. Measured
// time, calendars, exclusions and bucket plans are all built from these few operations.

export type Interval = readonly [number, number];

/** Sorted, merged, without empty intervals. */
export function normalize(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** A ∩ B for normalized sets. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const from = Math.max(a[i][0], b[j][0]);
    const to = Math.min(a[i][1], b[j][1]);
    if (to > from) out.push([from, to]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

/** A − B for normalized sets. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const [from, to] of a) {
    let cursor = from;
    while (j < b.length && b[j][1] <= cursor) j++;
    let k = j;
    while (k < b.length && b[k][0] < to) {
      if (b[k][0] > cursor) out.push([cursor, b[k][0]]);
      cursor = Math.max(cursor, b[k][1]);
      if (cursor >= to) break;
      k++;
    }
    if (cursor < to) out.push([cursor, to]);
  }
  return out;
}

/** Total length in milliseconds. */
export function totalLength(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, [a, b]) => sum + (b - a), 0);
}

export function contains(intervals: readonly Interval[], t: number): boolean {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t < intervals[mid][0]) hi = mid - 1;
    else if (t >= intervals[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Is [from, to) entirely inside the set? */
export function covers(intervals: readonly Interval[], from: number, to: number): boolean {
  return intervals.some(([a, b]) => a <= from && to <= b);
}

/** The last `length` ms of the set (walking back from its end): "the last hour of measured time". */
export function lastStretch(intervals: readonly Interval[], length: number): Interval[] {
  const out: Interval[] = [];
  let rest = length;
  for (let i = intervals.length - 1; i >= 0 && rest > 0; i--) {
    const [a, b] = intervals[i];
    const from = Math.max(a, b - rest);
    out.unshift([from, b]);
    rest -= b - from;
  }
  return out;
}
