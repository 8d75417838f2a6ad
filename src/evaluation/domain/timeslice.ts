import type { Aggregate, Comparison } from '../../contracts/domain/contract.types';
import { meets } from './compare';
import { contains, covers, type Interval } from '../../common/time/intervals';
import { aggregateSamples, type SliceCounts, summaryValue } from './kinds';
import { DAY_MS, HOUR_MS } from './plan';
import type { Summary, TimedValue } from './summary';
import type { Instant } from '../../common/time/instant';

// Timeslices: slices of length s aligned to the epoch; eligible when the start is in
// measured time, counted once ended. A chunk is the set of slices starting in one UTC hour or day;
// its counts can be cached when every sample its slices read lies in measured time and every slice
// has ended, because then nothing but late data can change them (and late data invalidates them).

export interface SliceRule {
  sliceMs: number;
  aggregate: Aggregate;
  good: Comparison;
}

export interface Chunk {
  level: 1 | 2;
  bucket: number;
  /** End of the samples its slices read. */
  spanEnd: number;
}

/** Number of slice starts k·s in [from, to). */
export function startsIn(from: number, to: number, sliceMs: number): number {
  return to > from ? Math.ceil(to / sliceMs) - Math.ceil(from / sliceMs) : 0;
}

export function eligibleSlices(measured: readonly Interval[], sliceMs: number): number {
  return measured.reduce((n, [a, b]) => n + startsIn(a, b, sliceMs), 0);
}

export function chunkAt(level: 1 | 2, bucket: number, sliceMs: number): Chunk {
  const end = bucket + (level === 1 ? HOUR_MS : DAY_MS);
  const lastStart = (Math.ceil(end / sliceMs) - 1) * sliceMs;
  return { level, bucket, spanEnd: lastStart >= bucket ? lastStart + sliceMs : bucket };
}

function usable(chunk: Chunk, measured: readonly Interval[], now: Instant): boolean {
  return chunk.spanEnd <= now && covers(measured, chunk.bucket, Math.max(chunk.spanEnd, chunk.bucket + 1));
}

/**
 * Covers the counted slices of the measured set: whole chunks where usable, single slice starts
 * elsewhere (window edges, partial hours, the running hour).
 */
export function planSlices(
  measured: readonly Interval[],
  sliceMs: number,
  now: Instant,
): { chunks: Chunk[]; starts: number[] } {
  const chunks: Chunk[] = [];
  const starts: number[] = [];
  for (const [a, b] of measured) {
    let cursor = a;
    while (cursor < b) {
      const day = chunkAt(2, cursor, sliceMs);
      const hour = chunkAt(1, cursor, sliceMs);
      if (cursor % DAY_MS === 0 && cursor + DAY_MS <= b && usable(day, measured, now)) {
        chunks.push(day);
        cursor += DAY_MS;
      } else if (cursor % HOUR_MS === 0 && cursor + HOUR_MS <= b && usable(hour, measured, now)) {
        chunks.push(hour);
        cursor += HOUR_MS;
      } else {
        const next = Math.min(b, (Math.floor(cursor / HOUR_MS) + 1) * HOUR_MS);
        for (let k = Math.ceil(cursor / sliceMs); k * sliceMs < next; k++) {
          if (k * sliceMs + sliceMs <= now) starts.push(k * sliceMs);
        }
        cursor = next;
      }
    }
  }
  return { chunks, starts };
}

/** Counted slice starts in a measured set (for the last hour). */
export function countedStarts(measured: readonly Interval[], sliceMs: number, now: Instant): number[] {
  const out: number[] = [];
  for (const [a, b] of measured) {
    for (let k = Math.ceil(a / sliceMs); k * sliceMs < b; k++)
      if (k * sliceMs + sliceMs <= now) out.push(k * sliceMs);
  }
  return out;
}

/**
 * Good, bad and empty slices among `starts` (ascending), from samples sorted by ts; a sample counts
 * only inside `measured` (pass undefined when the caller knows all of them are measured).
 */
export function classifySlices(
  starts: readonly number[],
  samples: readonly TimedValue[],
  rule: SliceRule,
  measured?: readonly Interval[],
): SliceCounts {
  const counts = { good: 0, bad: 0, empty: 0 };
  let i = 0;
  for (const start of starts) {
    const end = start + rule.sliceMs;
    while (i < samples.length && samples[i].ts < start) i++;
    const inSlice: TimedValue[] = [];
    for (let j = i; j < samples.length && samples[j].ts < end; j++) {
      if (!measured || contains(measured, samples[j].ts)) inSlice.push(samples[j]);
    }
    const value = aggregateSamples(inSlice, rule.aggregate);
    if (value === undefined) counts.empty++;
    else if (meets(value, rule.good)) counts.good++;
    else counts.bad++;
  }
  return counts;
}

/**
 * The same counts as `classifySlices`, from each slice's summary of its samples (those in measured
 * time, when the caller restricted the read to it): for every aggregate but percentiles, the slice's
 * value depends on count, sum, min, max and the last sample only, so the database can summarize each
 * slice instead of sending every sample.
 */
export function classifySummaries(
  starts: readonly number[],
  bySlice: ReadonlyMap<number, Summary>,
  rule: SliceRule,
): SliceCounts {
  const counts = { good: 0, bad: 0, empty: 0 };
  for (const start of starts) {
    const summary = bySlice.get(start);
    if (!summary || summary.count === 0) counts.empty++;
    else if (meets(summaryValue(summary, rule.aggregate), rule.good)) counts.good++;
    else counts.bad++;
  }
  return counts;
}

/** Ranges of samples that the slices starting at `starts` read, merged. */
export function sliceRanges(starts: readonly number[], sliceMs: number): Interval[] {
  const out: Array<[number, number]> = [];
  for (const s of starts) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], s + sliceMs);
    else out.push([s, s + sliceMs]);
  }
  return out;
}

/** Starts of all slices of a chunk. */
export function chunkStarts(chunk: Chunk, sliceMs: number): number[] {
  const end = chunk.bucket + (chunk.level === 1 ? HOUR_MS : DAY_MS);
  const out: number[] = [];
  for (let k = Math.ceil(chunk.bucket / sliceMs); k * sliceMs < end; k++) out.push(k * sliceMs);
  return out;
}
