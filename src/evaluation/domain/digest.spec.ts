import { countViolating, digestOf, nearestRank } from './digest';

const values = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('nearest-rank percentiles', () => {
  it.each([
    ['p95 of 20 values is rank 19', values(20), 95, 19],
    ['p95 of 21 values is rank ceil(19.95) = 20', values(21), 95, 20],
    ['p50 of 1 value is that value', [7], 50, 7],
    ['p99.9 of 1 000 values is rank 999 (not 1 000 from floating point)', values(1000), 99.9, 999],
    ['p99 of 100 values is rank 99', values(100), 99, 99],
    ['p50 of 2 values is the lower one', [3, 9], 50, 3],
    ['repeated values count once per sample', [5, 5, 5, 1], 50, 5],
  ])('%s', (_name, list, q, expected) => {
    expect(nearestRank(digestOf(list), q)).toBe(expected);
  });

  it('has no percentile of nothing', () => {
    expect(nearestRank([], 95)).toBeUndefined();
  });

  it('counts samples that fail the objective, equality within tolerance meeting it', () => {
    const d = digestOf([100, 300, 300.0000000001, 301, 500]);
    expect(countViolating(d, { op: 'lte', target: 300 })).toBe(2);
    expect(countViolating(d, { op: 'lt', target: 300 })).toBe(4);
  });
});
