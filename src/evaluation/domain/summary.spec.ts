import { mergeDelta, parentFromChildren } from './rollup';
import { mergeSummaries, summarize } from './summary';

const s = (pairs: Array<[number, number]>) => summarize(pairs.map(([ts, value]) => ({ ts, value })))!;

describe('summaries and roll-up merging', () => {
  it.each([
    [
      'appending keeps the largest gap, including the step between the two',
      [
        [0, 1],
        [10, 2],
      ],
      [
        [30, 3],
        [35, 4],
      ],
      20,
    ],
    [
      'prepending works the same way',
      [
        [30, 3],
        [35, 4],
      ],
      [
        [0, 1],
        [10, 2],
      ],
      20,
    ],
    [
      // Concurrent pushes of one metric often share a millisecond: that is no interleaving.
      'a delta starting at the instant the stored samples end is an append (gap 0 between them)',
      [
        [0, 1],
        [10, 2],
      ],
      [
        [10, 3],
        [12, 4],
      ],
      10,
    ],
    [
      'and a stored bucket starting where the delta ends, a prepend',
      [
        [10, 3],
        [40, 4],
      ],
      [
        [0, 1],
        [10, 2],
      ],
      30,
    ],
    [
      // Exact is 10 (0, 10, 20, 30): the bound is the larger of the two sets' own gaps.
      'interleaved samples keep an upper bound of the gap: the larger of the two',
      [
        [0, 1],
        [30, 2],
      ],
      [
        [10, 3],
        [20, 4],
      ],
      30,
    ],
    [
      'interleaved, the other way round',
      [
        [10, 3],
        [20, 4],
      ],
      [
        [0, 1],
        [30, 2],
      ],
      30,
    ],
  ] as const)('%s', (_name, a, b, gap) => {
    const merged = mergeSummaries(
      s(a as unknown as Array<[number, number]>),
      s(b as unknown as Array<[number, number]>),
    )!;
    expect(merged.maxGapMs).toBe(gap);
    expect(merged.count).toBe(4);
    expect(merged.sum).toBe(10);
  });

  it('never understates the largest gap, and is exact unless the sets interleave (500 seeded pairs)', () => {
    let seed = 17;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let k = 0; k < 500; k++) {
      const a: Array<[number, number]> = [];
      const b: Array<[number, number]> = [];
      for (let t = 0, n = 2 + next(12); n > 0; n--) {
        t += 1 + next(40);
        (next(2) === 0 ? a : b).push([t, k]);
      }
      if (a.length === 0 || b.length === 0) continue;
      const merged = mergeSummaries(s(a), s(b))!;
      const exact = s([...a, ...b]).maxGapMs!;
      expect(merged.maxGapMs).toBeGreaterThanOrEqual(exact);
      const apart = a[a.length - 1][0] <= b[0][0] || b[b.length - 1][0] <= a[0][0];
      if (apart) expect(merged.maxGapMs).toBe(exact);
      else expect(merged.maxGapMs).toBe(Math.max(s(a).maxGapMs!, s(b).maxGapMs!));
    }
  });

  it.each([
    [
      'the latest timestamp wins',
      [
        [5, 1],
        [9, 2],
        [7, 8],
      ],
      2,
    ],
    [
      'on a tie of timestamps the largest value wins',
      [
        [9, 1],
        [9, 7],
        [9, 3],
      ],
      7,
    ],
  ] as const)('last: %s', (_name, pairs, last) => {
    expect(s(pairs as unknown as Array<[number, number]>).lastValue).toBe(last);
  });

  it('keeps a digest only for metrics that need one, and only if the bucket had one', () => {
    const delta = {
      summary: s([
        [1, 5],
        [2, 5],
      ]),
      values: [5, 5],
    };
    expect(mergeDelta(undefined, delta, true).digest).toEqual([[5, 2]]);
    expect(mergeDelta(undefined, delta, false).digest).toBeNull();
    expect(mergeDelta({ summary: s([[0, 3]]), digest: [[3, 1]] }, delta, true).digest).toEqual([
      [3, 1],
      [5, 2],
    ]);
    expect(mergeDelta({ summary: s([[0, 3]]), digest: null }, delta, true).digest).toBeNull();
  });

  it('builds a day from its hours, with the gaps between hours', () => {
    const day = parentFromChildren([
      {
        summary: s([
          [0, 1],
          [60, 1],
        ]),
        digest: [[1, 2]],
      },
      { summary: s([[3_600_000, 2]]), digest: [[2, 1]] },
    ])!;
    expect(day.summary).toMatchObject({
      count: 3,
      sum: 4,
      firstTs: 0,
      lastTs: 3_600_000,
      maxGapMs: 3_600_000 - 60,
    });
    expect(day.digest).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });
});
