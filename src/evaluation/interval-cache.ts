import { setImmediate } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { type Interval, normalize } from '../common/time/intervals';

/**
 * Intervals kept across all chunks (least recently read go first): about 100 contract-years of
 * hourly maintenance, a bound on memory rather than on the number of chunks.
 */
const MAX_INTERVALS = 2_000_000;
/** Ranges longer than this are computed directly, uncached (nothing evaluates centuries). */
const MAX_CHUNKS_PER_READ = 1_200;

/** Intervals of a source (a calendar's business hours, a contract's maintenance) over [from, to). */
export type IntervalSource = (from: number, to: number) => Interval[];

/** UTC month starts covering [from, to). */
function monthsOf(from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const d = new Date(from);
  let start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  while (start < to && out.length <= MAX_CHUNKS_PER_READ) {
    const s = new Date(start);
    const end = Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1);
    out.push([start, end]);
    start = end;
  }
  return out;
}

const clip = (list: readonly Interval[], from: number, to: number): Interval[] =>
  list.flatMap(([a, b]): Interval[] => (b > from && a < to ? [[Math.max(a, from), Math.min(b, to)]] : []));

/**
 * Time-zone-heavy interval sets (business hours of a calendar, maintenance occurrences) of a contract
 * version, computed one UTC month at a time and kept: a version never changes, so a chunk is never
 * stale, and every objective, item and pass reading the same months reads them once. `warm` computes
 * missing months with the event loop handed back after each (a year of hourly maintenance or of a
 * 24-slot calendar costs 100+ ms of luxon); reads of a month not warmed compute it in place.
 */
@Injectable()
export class IntervalCache {
  private readonly chunks = new LRUCache<string, readonly Interval[]>({
    maxSize: MAX_INTERVALS,
    sizeCalculation: (list) => list.length + 1,
  });
  misses = 0;

  /** A synchronous reader of `source` under `scope` (e.g. `contractId@version/maintenance`). */
  reader(scope: string, source: IntervalSource): IntervalSource {
    return (from, to) => {
      if (to <= from) return [];
      const months = monthsOf(from, to);
      if (months.length > MAX_CHUNKS_PER_READ) return normalize(clip(source(from, to), from, to));
      // Chunks are normalized and in order: only the first and last month need clipping, and the
      // result needs only intervals that meet at a month boundary joined (no sort).
      const parts: Array<[number, number]> = [];
      for (const [a, b] of months) {
        const chunk = this.chunk(scope, source, a, b);
        const inside = a >= from && b <= to;
        for (const [x, y] of inside ? chunk : clip(chunk, from, to)) {
          const last = parts[parts.length - 1];
          if (last && x <= last[1]) last[1] = Math.max(last[1], y);
          else parts.push([x, y]);
        }
      }
      return parts;
    };
  }

  /** Computes the months of [from, to) not kept yet, yielding after each. */
  async warm(scope: string, source: IntervalSource, from: number, to: number): Promise<void> {
    const months = monthsOf(from, to);
    if (months.length > MAX_CHUNKS_PER_READ) return;
    for (const [a, b] of months) {
      if (this.chunks.has(`${scope}|${a}`)) continue;
      this.chunk(scope, source, a, b);
      await setImmediate();
    }
  }

  private chunk(scope: string, source: IntervalSource, a: number, b: number): readonly Interval[] {
    const key = `${scope}|${a}`;
    let found = this.chunks.get(key);
    if (found === undefined) {
      this.misses++;
      found = normalize(clip(source(a, b), a, b));
      this.chunks.set(key, found);
    }
    return found;
  }
}
