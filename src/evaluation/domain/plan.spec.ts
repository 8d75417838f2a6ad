import { DAY_MS, HOUR_MS, planPieces } from './plan';

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
