import fc from 'fast-check';
import { DAY_MS, HOUR_MS, MINUTE_MS, planPieces } from './plan';

const T = Date.parse('2027-03-01T00:00:00Z');

describe('planPieces', () => {
  it.each([
    ['a whole day becomes one day bucket', [T, T + DAY_MS], [[2, T, T + DAY_MS]]],
    [
      'a day from 22:00 to 22:00 is one run of hour buckets (no whole UTC day inside)',
      [T - 2 * HOUR_MS, T + 22 * HOUR_MS],
      [[1, T - 2 * HOUR_MS, T + 22 * HOUR_MS]],
    ],
    [
      'edges off the hour are read raw',
      [T + 90_000, T + 2 * HOUR_MS + 1],
      [
        [0, T + 90_000, T + HOUR_MS],
        [1, T + HOUR_MS, T + 2 * HOUR_MS],
        [0, T + 2 * HOUR_MS, T + 2 * HOUR_MS + 1],
      ],
    ],
    ['less than an hour is raw', [T + 1, T + 1000], [[0, T + 1, T + 1000]]],
    [
      'days, then hours, then raw on both sides',
      [T - HOUR_MS - 5, T + 2 * DAY_MS + HOUR_MS + 5],
      [
        [0, T - HOUR_MS - 5, T - HOUR_MS],
        [1, T - HOUR_MS, T],
        [2, T, T + 2 * DAY_MS],
        [1, T + 2 * DAY_MS, T + 2 * DAY_MS + HOUR_MS],
        [0, T + 2 * DAY_MS + HOUR_MS, T + 2 * DAY_MS + HOUR_MS + 5],
      ],
    ],
  ])('%s', (_name, interval, expected) => {
    const pieces = planPieces([interval as [number, number]]);
    expect(pieces.map((p) => [p.level, p.from, p.to])).toEqual(expected);
    // The pieces tile the interval exactly: the exactness argument of the roll-ups.
    expect(pieces.reduce((n, p) => n + p.to - p.from, 0)).toBe(interval[1] - interval[0]);
  });
});

describe('planPieces with minute buckets from minuteFrom on', () => {
  const M = MINUTE_MS;
  it.each([
    [
      'the running hour: whole minutes, then the raw tail of the current minute',
      [T + HOUR_MS, T + HOUR_MS + 37 * M + 12_345],
      T,
      [
        [4, T + HOUR_MS, T + HOUR_MS + 37 * M],
        [0, T + HOUR_MS + 37 * M, T + HOUR_MS + 37 * M + 12_345],
      ],
    ],
    [
      'the last hour of a window: minutes on both sides of the hour, raw edges inside a minute',
      [T + 20 * M + 5, T + HOUR_MS + 20 * M + 5],
      T,
      [
        [0, T + 20 * M + 5, T + 21 * M],
        [4, T + 21 * M, T + HOUR_MS + 20 * M],
        [0, T + HOUR_MS + 20 * M, T + HOUR_MS + 20 * M + 5],
      ],
    ],
    [
      'minutes only from minuteFrom: before it the edge is raw',
      [T + 10 * M, T + 50 * M],
      T + 30 * M,
      [
        [0, T + 10 * M, T + 30 * M],
        [4, T + 30 * M, T + 50 * M],
      ],
    ],
    [
      'whole hours stay hours, minutes only at the edges',
      [T - 3 * M, T + 2 * HOUR_MS + 3 * M],
      T - HOUR_MS,
      [
        [4, T - 3 * M, T],
        [1, T, T + 2 * HOUR_MS],
        [4, T + 2 * HOUR_MS, T + 2 * HOUR_MS + 3 * M],
      ],
    ],
    ['long before minuteFrom nothing changes', [T + 1, T + 1000], T + DAY_MS, [[0, T + 1, T + 1000]]],
  ])('%s', (_name, interval, minuteFrom, expected) => {
    const pieces = planPieces([interval as [number, number]], 3, minuteFrom);
    expect(pieces.map((p) => [p.level, p.from, p.to])).toEqual(expected);
  });

  it('tiles any interval exactly, each bucket whole and minutes never before minuteFrom', () => {
    const span = 3 * DAY_MS;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 0, max: span }),
        (a, b, m) => {
          const [from, to] = [T + Math.min(a, b), T + Math.max(a, b)];
          const pieces = planPieces([[from, to]], 3, T + m);
          let at = from;
          for (const p of pieces) {
            expect(p.from).toBe(at);
            at = p.to;
            if (p.level === 0) continue;
            const len = { 1: HOUR_MS, 2: DAY_MS, 3: 7 * DAY_MS, 4: MINUTE_MS }[p.level];
            expect(p.from % len).toBe(0);
            expect((p.to - p.from) % len).toBe(0);
            if (p.level === 4) expect(p.from).toBeGreaterThanOrEqual(T + m);
          }
          expect(at).toBe(to > from ? to : from);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
