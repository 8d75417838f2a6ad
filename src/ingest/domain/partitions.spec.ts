import {
  monthPartition,
  monthPartitionsBetween,
  monthPartitionsOf,
  partitionsAhead,
  partitionUpperBound,
} from './partitions';

describe('monthPartitionsOf', () => {
  it.each([
    ['nothing', [], []],
    ['one month', ['2027-03-01T00:00:00Z', '2027-03-31T23:59:59.999Z'], ['samples_y2027m03']],
    [
      '2000 and 2026, not the months between',
      ['2000-06-01T00:00:00Z', '2026-11-30T10:00:00Z'],
      ['samples_y2000m06', 'samples_y2026m11'],
    ],
    [
      'months met again after another',
      ['2027-03-05T00:00:00Z', '2027-04-01T00:00:00Z', '2027-03-06T00:00:00Z'],
      ['samples_y2027m03', 'samples_y2027m04'],
    ],
  ])('of %s', (_name, instants, names) => {
    expect(monthPartitionsOf(instants.map((t) => Date.parse(t))).map((p) => p.name)).toEqual(names);
  });
});
import { TokenBucket } from './token-bucket';

describe('month partitions', () => {
  it('names the UTC month and its bounds', () => {
    expect(monthPartition(Date.parse('2027-03-31T23:59:59Z'))).toEqual({
      name: 'samples_y2027m03',
      from: '2027-03-01T00:00:00.000Z',
      to: '2027-04-01T00:00:00.000Z',
    });
  });

  it.each([
    ['2027-03-05T00:00:00Z', '2027-03-20T00:00:00Z', ['samples_y2027m03']],
    [
      '2026-11-30T00:00:00Z',
      '2027-02-01T00:00:00Z',
      ['samples_y2026m11', 'samples_y2026m12', 'samples_y2027m01', 'samples_y2027m02'],
    ],
  ])('lists the months from %s to %s', (from, to, names) => {
    expect(monthPartitionsBetween(Date.parse(from), Date.parse(to)).map((p) => p.name)).toEqual(names);
  });

  it('keeps the current month and two ahead', () => {
    expect(partitionsAhead(Date.parse('2026-12-15T00:00:00Z'), 2).map((p) => p.name)).toEqual([
      'samples_y2026m12',
      'samples_y2027m01',
      'samples_y2027m02',
    ]);
  });

  it.each([
    ["FOR VALUES FROM ('2027-03-01 00:00:00+00') TO ('2027-04-01 00:00:00+00')", '2027-04-01T00:00:00.000Z'],
    ["FOR VALUES FROM ('2027-03-01 02:00:00+02') TO ('2027-04-01 03:00:00+03')", '2027-04-01T00:00:00.000Z'],
    ['DEFAULT', undefined],
  ])('reads the upper bound of %p', (bound, iso) => {
    expect(partitionUpperBound(bound)?.toISOString()).toBe(iso);
  });
});

describe('TokenBucket', () => {
  it('lets `rate` requests through at once, then one per 1/rate seconds, and says how long to wait', () => {
    const bucket = new TokenBucket(2, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 1]);
    expect(bucket.take(499)).toBe(1);
    expect(bucket.take(500)).toBe(0);
    expect(bucket.take(10_000)).toBe(0);
  });
});
