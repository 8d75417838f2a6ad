import { type StoredEdge, triageEdges } from './freshness';
import { LEVEL_MS } from './plan';

const H = 3_600_000;
const D = 24 * H;
/** A bucket whose samples span all of it but its first and last second, unless `span` says less. */
const edge = (
  level: StoredEdge['level'],
  bucket: number,
  maxGapMs: number | null,
  span = LEVEL_MS[level] - 2_000,
): StoredEdge => ({
  level,
  bucket,
  firstTs: bucket + 1_000,
  lastTs: bucket + 1_000 + span,
  maxGapMs,
});

describe('freshness: which stored buckets count whole, and where the others are looked at', () => {
  const minuteFrom = 10 * D + 5 * H;
  const FIVE_MINUTES = 300_000;
  it.each([
    ['a bucket without a long gap is one fresh run', edge(1, 10 * D + 6 * H, 60_000), FIVE_MINUTES, [], 1],
    [
      'a week with an outage is looked at by day',
      edge(3, 7 * D, 600_000),
      FIVE_MINUTES,
      [{ level: 2, from: 7 * D, to: 14 * D }],
      0,
    ],
    [
      'a day with an unknown gap, by hour',
      edge(2, 10 * D, null),
      FIVE_MINUTES,
      [{ level: 1, from: 10 * D, to: 11 * D }],
      0,
    ],
    [
      'a recent hour (minutes kept) with an unknown gap, by minute',
      edge(1, 10 * D + 6 * H, null),
      FIVE_MINUTES,
      [{ level: 4, from: 10 * D + 6 * H, to: 10 * D + 7 * H }],
      0,
    ],
    [
      'the first hour of the kept minutes, by minute',
      edge(1, minuteFrom, 600_000),
      FIVE_MINUTES,
      [{ level: 4, from: minuteFrom, to: minuteFrom + H }],
      0,
    ],
    [
      'an older hour with an outage, raw',
      edge(1, 10 * D + 4 * H, 600_000),
      FIVE_MINUTES,
      [{ level: 0, from: 10 * D + 4 * H, to: 10 * D + 5 * H }],
      0,
    ],
    // No gap is longer than the span of a bucket's samples.
    [
      'a minute with an unknown gap, for a maxAge of 5 minutes: one run',
      edge(4, 10 * D + 6 * H, null),
      FIVE_MINUTES,
      [],
      1,
    ],
    [
      'an hour with an unknown gap whose samples span 4 minutes: one run',
      edge(1, 10 * D + 4 * H, null, 240_000),
      FIVE_MINUTES,
      [],
      1,
    ],
    [
      'a minute with an unknown gap, for a maxAge of 30 s: raw',
      edge(4, 10 * D + 6 * H, null),
      30_000,
      [{ level: 0, from: 10 * D + 6 * H, to: 10 * D + 6 * H + 60_000 }],
      0,
    ],
    [
      'a minute with a known gap over maxAge, raw',
      edge(4, 10 * D + 6 * H, 40_000),
      30_000,
      [{ level: 0, from: 10 * D + 6 * H, to: 10 * D + 6 * H + 60_000 }],
      0,
    ],
  ] as const)('%s', (_name, e, maxAge, finer, runs) => {
    const triage = triageEdges([e], maxAge, minuteFrom);
    expect(triage.finer).toEqual(finer);
    expect(triage.runs).toHaveLength(runs);
  });

  it('without minute buckets every hour goes raw', () => {
    expect(triageEdges([edge(1, 10 * D + 6 * H, null)], 300_000).finer).toEqual([
      { level: 0, from: 10 * D + 6 * H, to: 10 * D + 7 * H },
    ]);
  });
});
