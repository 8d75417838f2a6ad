import fc from 'fast-check';
import { increases } from '../src/evaluation/domain/counter';
import {
  contractDoc,
  createContract,
  objectiveDoc,
  objectiveStatuses,
  postSamples,
  runPass,
  vendorToken,
} from './support/fixtures';
import { type TestApp, useTestApp } from './support/test-app';
import { CompactionService } from '../src/evaluation/compaction.service';

// Cumulative counters end to end: random series with resets, delivered shuffled, duplicated, in
// concurrent requests and with folds in between (so points arrive after their successors were folded),
// give exactly the figure a sequential oracle computes: Σ increases per series (docs/ingest.md).

const DAY = Date.parse('2027-03-01T00:00:00Z');
const MIN = 60_000;
/** Points from 21:00 on, so series cross midnight: a late point's neighbour may lie in the other day's chunk. */
const START = DAY + 21 * 3_600_000;
const PASS_AT = '2027-03-02T06:00:00Z';

const contract = contractDoc('counters-2027', {
  objectives: [
    objectiveDoc('avail', { kind: 'ratio', good: 'req_ok_total', total: 'req_total' }, '>= 99%'),
    // A sum is the figure itself: the attainment of these two is Σ increases of each metric.
    objectiveDoc('ok-sum', { kind: 'threshold', metric: 'req_ok_total', aggregate: 'sum' }, '<= 1000000000'),
    objectiveDoc('all-sum', { kind: 'threshold', metric: 'req_total', aggregate: 'sum' }, '<= 1000000000'),
    // Selectors over the same counters: a late point's correction must reach their buckets too.
    objectiveDoc(
      'a-sum',
      { kind: 'threshold', metric: 'req_total{instance="a"}', aggregate: 'sum' },
      '<= 1000000000',
    ),
    objectiveDoc(
      'ok-not-a-sum',
      { kind: 'threshold', metric: 'req_ok_total{instance!~"a|c"}', aggregate: 'sum' },
      '<= 1000000000',
    ),
  ],
});

interface Point {
  metric: string;
  labels: Record<string, string>;
  minute: number;
  value: number;
}

/** One counter series: minutes ascending, each step adds 0..40, or (one in eight) restarts low. */
const seriesArb = (metric: string, instance: string) =>
  fc
    .array(
      fc.record({ gap: fc.integer({ min: 1, max: 7 }), add: fc.nat({ max: 40 }), reset: fc.nat({ max: 7 }) }),
      {
        minLength: 1,
        maxLength: 40,
      },
    )
    .map((steps) => {
      let minute = 0;
      let value = 0;
      return steps.map((s): Point => {
        minute += s.gap;
        value = s.reset === 0 ? s.add % 10 : value + s.add;
        return { metric, labels: { instance }, minute, value };
      });
    });

/**
 * Σ increases per metric and per `metric/instance`, series by series in time order: the rule the
 * service must follow.
 */
function oracle(series: Point[][]): Record<string, number> {
  const sums: Record<string, number> = {};
  const add = (key: string, n: number) => (sums[key] = (sums[key] ?? 0) + n);
  for (const points of series) {
    const inc = increases(points.map((p) => ({ ts: p.minute, value: p.value }))).reduce((a, b) => a + b, 0);
    add(points[0].metric, inc);
    add(`${points[0].metric}/${points[0].labels.instance}`, inc);
  }
  return sums;
}

/** Compacts the points' days (folded ones) as compaction would hours later; answers samples moved. */
async function compactDay(t: TestApp): Promise<number> {
  t.setNow(new Date(DAY + 52 * 3_600_000));
  let moved = 0;
  for (;;) {
    const run = await t.app.get(CompactionService).run(60_000);
    moved += run.moved;
    if (run.done) break;
  }
  t.setNow(new Date(PASS_AT));
  return moved;
}

describe('cumulative counters', () => {
  const t = useTestApp({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });

  let compacted = 0;

  it('count Σ increases exactly, whatever the order, duplicates and folds of delivery', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(
          seriesArb('req_total', 'a'),
          seriesArb('req_total', 'b'),
          seriesArb('req_ok_total', 'a'),
          seriesArb('req_ok_total', 'b'),
        ),
        fc.infiniteStream(fc.nat({ max: 1_000 })),
        async (series, random) => {
          await t.reset();
          await createContract(t, 'counters-2027', contract, { at: PASS_AT });
          const token = await vendorToken(t, 'acme');
          const all = series.flat();
          // Shuffled, a fifth sent twice, in chunks of 1–12 points; some chunks go together.
          const delivery = [...all, ...all.filter(() => random.next().value % 5 === 0)]
            .map((p) => ({ p, key: random.next().value }))
            .sort((a, b) => a.key - b.key)
            .map(({ p }) => ({
              metric: p.metric,
              labels: p.labels,
              value: p.value,
              timestamp: new Date(START + p.minute * MIN).toISOString(),
              cumulative: true,
            }));
          for (let i = 0; i < delivery.length;) {
            const together = 1 + (random.next().value % 3);
            const requests = [];
            for (let k = 0; k < together && i < delivery.length; k++) {
              const size = 1 + (random.next().value % 12);
              requests.push(postSamples(t, token, delivery.slice(i, i + size)));
              i += size;
            }
            for (const answers of await Promise.all(requests)) {
              for (const a of answers) expect(a.json()).toMatchObject({ rejected: [] });
            }
            if (random.next().value % 3 === 0) await runPass(t);
            // Sometimes the day is compacted meanwhile: later points thaw its chunks again.
            if (random.next().value % 4 === 0) compacted += await compactDay(t);
          }
          await runPass(t);
          const expected = oracle(series);
          const statuses = await objectiveStatuses(t, 'counters-2027');
          expect(statuses['ok-sum'].attainment).toBe(expected.req_ok_total);
          expect(statuses['all-sum'].attainment).toBe(expected.req_total);
          expect(statuses['a-sum'].attainment).toBe(expected['req_total/a']);
          expect(statuses['ok-not-a-sum'].attainment).toBe(expected['req_ok_total/b']);
        },
      ),
      { numRuns: 12 },
    );
    expect(compacted).toBeGreaterThan(0);
  }, 240_000);

  it("finds a late point's neighbours in other days' chunks", async () => {
    await t.reset();
    await createContract(t, 'counters-2027', contract, { at: PASS_AT });
    const token = await vendorToken(t, 'acme');
    const point = (iso: string, value: number) => ({
      metric: 'req_total',
      labels: { instance: 'a' },
      value,
      timestamp: iso,
      cumulative: true,
    });
    const send = async (points: Array<ReturnType<typeof point>>) => {
      for (const a of await postSamples(t, token, points)) expect(a.json()).toMatchObject({ rejected: [] });
    };
    // Two days, both compacted after the pass.
    await send([
      point('2027-03-01T23:50:00Z', 100),
      point('2027-03-01T23:55:00Z', 110),
      point('2027-03-02T00:05:00Z', 125),
      point('2027-03-02T00:10:00Z', 130),
    ]);
    await runPass(t);
    expect(await compactDay(t)).toBeGreaterThan(0);
    // A late point thaws its own day only: its predecessor (23:55) lies in the day before's chunk.
    await send([point('2027-03-02T00:01:00Z', 118)]);
    await runPass(t);
    expect((await objectiveStatuses(t, 'counters-2027'))['all-sum'].attainment).toBe(10 + 8 + 7 + 5);
    expect(await compactDay(t)).toBeGreaterThan(0);
    // A reset late into the first day: its successor (00:01) lies in the next day's chunk, and its
    // stored increase (8) becomes 118 - 5.
    await send([point('2027-03-01T23:57:00Z', 5)]);
    await runPass(t);
    // 100 → 110 → 5 (reset) → 118 → 125 → 130.
    expect((await objectiveStatuses(t, 'counters-2027'))['all-sum'].attainment).toBe(10 + 5 + 113 + 7 + 5);
  });
});
