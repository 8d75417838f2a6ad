import { type Interval } from '../common/time/intervals';
import { IntervalCache } from './interval-cache';

// Chunked reads give exactly the source's merged set, whatever the range and chunk boundaries.
describe('IntervalCache', () => {
  const H = 3_600_000;
  const D = 24 * H;
  // Every day 23:30-00:30 UTC (crosses midnight, and month ends), and one window over a month end.
  const source = (from: number, to: number): Interval[] => {
    const out: Interval[] = [];
    for (let d = Math.floor(from / D) * D - D; d < to + D; d += D) out.push([d + 23.5 * H, d + 24.5 * H]);
    out.push([Date.UTC(2027, 0, 31, 20), Date.UTC(2027, 1, 1, 4)]);
    return out.filter(([a, b]) => b > from && a < to);
  };
  // What a read must give, worked out without the cache (or normalize): the source's intervals clipped
  // to [from, to), in order, each folded into the one before it where they overlap or touch.
  const direct = (from: number, to: number): Interval[] =>
    source(from, to)
      .map(([a, b]): [number, number] => [Math.max(a, from), Math.min(b, to)])
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0])
      .reduce<Array<[number, number]>>((merged, [a, b]) => {
        const before = merged.at(-1);
        if (before && a <= before[1]) before[1] = Math.max(before[1], b);
        else merged.push([a, b]);
        return merged;
      }, []);

  it.each([
    ['a year', Date.UTC(2027, 0, 1), Date.UTC(2028, 0, 1)],
    ['a range cut mid-day across a month end', Date.UTC(2027, 0, 20, 23, 45), Date.UTC(2027, 1, 3, 0, 10)],
    ['one hour', Date.UTC(2027, 5, 1, 23, 0), Date.UTC(2027, 5, 2, 0, 0)],
    ['nothing', Date.UTC(2027, 5, 1), Date.UTC(2027, 5, 1)],
  ])('reads %s exactly as the source gives it', async (_name, from, to) => {
    const cache = new IntervalCache();
    const read = cache.reader('c@1/m', source);
    expect(read(from, to)).toEqual(direct(from, to));
    await cache.warm('c@1/m', source, from, to);
    expect(read(from, to)).toEqual(direct(from, to));
  });

  it('computes each month once, however often it is read', async () => {
    const cache = new IntervalCache();
    await cache.warm('c@1/m', source, Date.UTC(2027, 0, 1), Date.UTC(2028, 0, 1));
    expect(cache.misses).toBe(12);
    const read = cache.reader('c@1/m', source);
    for (let i = 0; i < 5; i++) read(Date.UTC(2027, 0, 1) + i * D, Date.UTC(2027, 11, 1));
    expect(cache.misses).toBe(12);
    cache.reader('c@2/m', source)(Date.UTC(2027, 0, 1), Date.UTC(2027, 1, 1));
    expect(cache.misses).toBe(13);
  });
});
