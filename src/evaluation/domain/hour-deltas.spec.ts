import { type DeltaPiece, hourDeltas } from './rollup';
import { summarize, type TimedValue } from './summary';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const H = Date.UTC(2026, 11, 1, 12);

/** One piece of `samples` at the bucket `start` (the SQL's per-bucket aggregate). */
function piece(start: number, samples: TimedValue[], opts: { values?: boolean; received?: number } = {}) {
  return {
    vendorId: 'v',
    metric: 'm',
    hour: start,
    summary: summarize(samples)!,
    values: opts.values === false ? null : samples.map((x) => x.value),
    lastReceivedAt: opts.received ?? 0,
  } satisfies DeltaPiece;
}

/** Pieces the way a step reads them: per hour before `minuteFrom`, per minute from it on. */
function split(samples: TimedValue[], minuteFrom: number): DeltaPiece[] {
  const byBucket = new Map<number, TimedValue[]>();
  for (const s of samples) {
    const start = s.ts >= minuteFrom ? Math.floor(s.ts / MINUTE) * MINUTE : Math.floor(s.ts / HOUR) * HOUR;
    byBucket.set(start, [...(byBucket.get(start) ?? []), s]);
  }
  // The database answers groups in any order: shuffled, seeded.
  const next = random(samples.length);
  const out = [...byBucket.entries()].map(([start, list]) => piece(start, list));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('hourDeltas: hour deltas merged from a step’s minute and hour pieces', () => {
  it.each([
    [
      'minutes of one hour: the gap between two minutes counts',
      [
        piece(H + 5 * MINUTE, [{ ts: H + 5 * MINUTE + 1_000, value: 1 }]),
        piece(H, [{ ts: H + 10, value: 2 }]),
      ],
      {
        count: 2,
        sum: 3,
        firstTs: H + 10,
        lastTs: H + 5 * MINUTE + 1_000,
        lastValue: 1,
        maxGapMs: 5 * MINUTE + 990,
      },
    ],
    [
      'an hour piece of older samples, then the minutes after the boundary',
      [
        piece(H + 30 * MINUTE, [{ ts: H + 30 * MINUTE, value: 7 }]),
        piece(H, [
          { ts: H + 60_000, value: 3 },
          { ts: H + 120_000, value: 4 },
        ]),
      ],
      {
        count: 3,
        sum: 14,
        firstTs: H + 60_000,
        lastTs: H + 30 * MINUTE,
        lastValue: 7,
        maxGapMs: 28 * MINUTE,
      },
    ],
  ])('%s', (_name, pieces, expected) => {
    const [hour] = hourDeltas(pieces, HOUR);
    expect(hour.hour).toBe(H);
    expect(hour.summary).toMatchObject(expected);
  });

  it('keeps hours, metrics and vendors apart, and the latest receipt of each', () => {
    const out = hourDeltas(
      [
        piece(H, [{ ts: H + 1, value: 1 }], { received: 5 }),
        piece(H + MINUTE, [{ ts: H + MINUTE, value: 1 }], { received: 9 }),
        piece(H + HOUR, [{ ts: H + HOUR, value: 1 }], { received: 7 }),
        { ...piece(H, [{ ts: H + 2, value: 1 }], { received: 3 }), metric: 'other' },
        { ...piece(H, [{ ts: H + 2, value: 1 }], { received: 4 }), vendorId: 'w' },
      ],
      HOUR,
    );
    const found = out.map((d) => [d.vendorId, d.metric, d.hour, d.summary.count, d.lastReceivedAt]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['v', 'm', H, 2, 9],
        ['v', 'm', H + HOUR, 1, 7],
        ['v', 'other', H, 1, 3],
        ['w', 'm', H, 1, 4],
      ]),
    );
    expect(out).toHaveLength(4);
  });

  it('lists values only where the pieces kept them', () => {
    const [kept] = hourDeltas(
      [piece(H, [{ ts: H, value: 1 }]), piece(H + MINUTE, [{ ts: H + MINUTE, value: 2 }])],
      HOUR,
    );
    expect([...kept.values!].sort()).toEqual([1, 2]);
    const [none] = hourDeltas(
      [
        piece(H, [{ ts: H, value: 1 }], { values: false }),
        piece(H + MINUTE, [{ ts: H + MINUTE, value: 2 }], { values: false }),
      ],
      HOUR,
    );
    expect(none.values).toBeNull();
  });

  it('equals the summary of the hour’s samples read at once (300 seeded hours)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const n = 1 + Math.floor(next() * 200);
      // Samples anywhere in the hour, ties of timestamps included; the minute level starts at any minute.
      const samples = Array.from({ length: n }, () => ({
        ts: H + Math.floor(next() * 600) * 6_000,
        value: Math.floor(next() * 1_000) - 500,
      }));
      const minuteFrom = H + Math.floor(next() * 61) * MINUTE;
      const [hour] = hourDeltas(split(samples, minuteFrom), HOUR);
      expect({ seed, summary: hour.summary }).toEqual({ seed, summary: summarize(samples) });
      expect([...hour.values!].sort((a, b) => a - b)).toEqual(
        samples.map((s) => s.value).sort((a, b) => a - b),
      );
    }
  });
});
