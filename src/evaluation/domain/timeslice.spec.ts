import { DAY_MS, HOUR_MS } from './plan';
import type { Summary } from './summary';
import {
  chunkAt,
  classifySlices,
  classifySummaries,
  eligibleSlices,
  planSlices,
  startsIn,
} from './timeslice';

const T = Date.parse('2027-03-01T00:00:00Z');
const MIN = 60_000;

describe('timeslices', () => {
  it.each([
    ['1m slices in an hour', T, T + HOUR_MS, MIN, 60],
    ['7m slices in an hour: starts at multiples of 7 minutes since the epoch', T, T + HOUR_MS, 7 * MIN, 9],
    ['a start exactly at the end is not inside', T, T + MIN, MIN, 1],
    ['nothing in an empty range', T, T, MIN, 0],
  ])('%s', (_name, from, to, slice, n) => {
    expect(startsIn(from, to, slice)).toBe(n);
  });

  it('a chunk of 7m slices reads past its hour to the end of its last slice', () => {
    const c = chunkAt(1, T, 7 * MIN);
    const lastStart = (Math.ceil((T + HOUR_MS) / (7 * MIN)) - 1) * 7 * MIN;
    expect(c.spanEnd).toBe(lastStart + 7 * MIN);
    expect(c.spanEnd).toBeGreaterThan(T + HOUR_MS);
  });

  it('uses whole days and hours where measured and ended, single slices elsewhere', () => {
    const now = T + DAY_MS + 2 * HOUR_MS + 30 * MIN;
    const plan = planSlices([[T - 30 * MIN, now + 1]], MIN, now);
    expect(plan.chunks.map((c) => [c.level, c.bucket])).toEqual([
      [2, T],
      [1, T + DAY_MS],
      [1, T + DAY_MS + HOUR_MS],
    ]);
    // 30 edge minutes before midnight and 30 ended minutes in the running hour.
    expect(plan.starts).toHaveLength(60);
    expect(eligibleSlices([[T - 30 * MIN, now + 1]], MIN)).toBe(30 + 1440 + 120 + 31);
  });

  it('classifies slices by the aggregate of their measured samples, empty ones apart', () => {
    const samples = [
      { ts: T, value: 1 },
      { ts: T + 30_000, value: 0 },
      { ts: T + MIN, value: 1 },
      { ts: T + 3 * MIN + 10, value: 0 },
    ];
    const rule = { sliceMs: MIN, aggregate: 'min' as const, good: { op: 'gte' as const, target: 1 } };
    expect(classifySlices([T, T + MIN, T + 2 * MIN, T + 3 * MIN], samples, rule)).toEqual({
      good: 1,
      bad: 2,
      empty: 1,
    });
    // The sample at T + 30 s is excluded from measured time: the first minute is good.
    expect(
      classifySlices([T, T + MIN], samples, rule, [
        [T, T + 20_000],
        [T + 40_000, T + 10 * MIN],
      ]),
    ).toEqual({ good: 2, bad: 0, empty: 0 });
  });
});

describe('classifySummaries agrees with classifySlices', () => {
  const MIN = 60_000;
  const samples = [
    { ts: 0, value: 1 },
    { ts: 10_000, value: 0 },
    { ts: MIN + 5_000, value: 1 },
    { ts: MIN + 5_000, value: 3 },
    { ts: 3 * MIN, value: 2 },
  ];
  const summarize = (list: typeof samples) => {
    const bySlice = new Map<number, Summary>();
    for (const s of list) {
      const start = Math.floor(s.ts / MIN) * MIN;
      const prev = bySlice.get(start);
      const last = !prev || s.ts > prev.lastTs || (s.ts === prev.lastTs && s.value > prev.lastValue);
      bySlice.set(start, {
        count: (prev?.count ?? 0) + 1,
        sum: (prev?.sum ?? 0) + s.value,
        min: Math.min(prev?.min ?? Infinity, s.value),
        max: Math.max(prev?.max ?? -Infinity, s.value),
        firstTs: Math.min(prev?.firstTs ?? Infinity, s.ts),
        lastTs: last ? s.ts : prev.lastTs,
        lastValue: last ? s.value : prev.lastValue,
        maxGapMs: null,
      });
    }
    return bySlice;
  };
  it.each(['min', 'max', 'avg', 'sum', 'count', 'last'] as const)('%s', (aggregate) => {
    const rule = { sliceMs: MIN, aggregate, good: { op: 'gte' as const, target: 1 } };
    const starts = [0, MIN, 2 * MIN, 3 * MIN];
    expect(classifySummaries(starts, summarize(samples), rule)).toEqual(
      classifySlices(starts, samples, rule),
    );
  });
});
