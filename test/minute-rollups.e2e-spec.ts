import {
  contractDoc,
  createContract,
  objectiveDoc,
  objectiveStatuses,
  postSamples,
  runPass,
  vendorToken,
} from './support/fixtures';
import { useTestApp } from './support/test-app';

// Minute buckets (docs/evaluation.md, "Roll-ups"): kept for the recent hours only, pruned as the
// clock moves on, never read where they are incomplete (before complete_from, also when a clock goes
// back), and late data into a folded minute lands in it. Each figure is checked against the sums of
// the samples themselves.

const MIN = 60_000;
const T = Date.parse('2027-03-10T00:00:00Z');
const at = (hours: number, minutes = 0, seconds = 0) =>
  T + hours * 3_600_000 + minutes * MIN + seconds * 1000;

const contract = contractDoc('minutes-2027', {
  objectives: [
    objectiveDoc('avail', { kind: 'ratio', good: 'ok', total: 'all' }, '>= 50%'),
    objectiveDoc('worst', { kind: 'threshold', metric: 'lat', aggregate: 'max' }, '<= 100000'),
    objectiveDoc('p90', { kind: 'threshold', metric: 'lat', aggregate: 'p90' }, '<= 100000'),
    objectiveDoc(
      'up',
      { kind: 'timeslice', metric: 'lat', slice: '1m', aggregate: 'max', good: '< 500' },
      '>= 1%',
    ),
  ],
});

interface Point {
  ts: number;
  ok: number;
  all: number;
  lat: number;
}

/** One point every 20 s over [from, to), with values that differ by minute and second. */
function points(from: number, to: number): Point[] {
  const out: Point[] = [];
  for (let ts = from; ts < to; ts += 20_000) {
    const k = Math.floor(ts / 20_000);
    // Scrambled (no period a minute could average out): a lost or doubled point changes every figure.
    const h = (k * 2_654_435_761) % 4_294_967_296;
    out.push({ ts, ok: h % 11, all: 10 + (h % 7), lat: 100 + (h % 997) });
  }
  return out;
}

const samplesOf = (list: Point[]) =>
  list.flatMap((p) => {
    const timestamp = new Date(p.ts).toISOString();
    return [
      { metric: 'ok', value: p.ok, timestamp },
      { metric: 'all', value: p.all, timestamp },
      { metric: 'lat', value: p.lat, timestamp },
    ];
  });

/** The figures straight from the points up to `now` (month period, all of it measured). */
function expected(list: Point[], now: number) {
  const seen = list.filter((p) => p.ts <= now);
  const ok = seen.reduce((a, p) => a + p.ok, 0);
  const all = seen.reduce((a, p) => a + p.all, 0);
  const lats = seen.map((p) => p.lat).sort((a, b) => a - b);
  // Slices that have ended by `now`, each judged by its largest latency.
  const minutes = new Map<number, number>();
  for (const p of seen.filter((x) => (Math.floor(x.ts / MIN) + 1) * MIN <= now)) {
    const m = Math.floor(p.ts / MIN);
    minutes.set(m, Math.max(minutes.get(m) ?? 0, p.lat));
  }
  return {
    avail: ok / all,
    worst: lats[lats.length - 1],
    p90: lats[Math.ceil(0.9 * lats.length) - 1],
    slices: minutes.size,
    goodSlices: [...minutes.values()].filter((v) => v < 500).length,
  };
}

describe('minute buckets', () => {
  const t = useTestApp({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let token: string;
  const sent: Point[] = [];

  async function send(list: Point[]) {
    for (const a of await postSamples(t, token, samplesOf(list)))
      expect(a.json()).toMatchObject({ rejected: [] });
    sent.push(...list);
  }

  async function check(now: number) {
    await runPass(t, new Date(now));
    const s = await objectiveStatuses(t, 'minutes-2027');
    const e = expected(sent, now);
    expect(s.avail.attainment).toBeCloseTo(e.avail, 12);
    expect(s.worst.attainment).toBe(e.worst);
    expect(s.p90.attainment).toBe(e.p90);
    expect(s.up.counted).toBe(e.slices);
    expect(s.up.attainment).toBeCloseTo(e.goodSlices / e.slices, 12);
  }

  async function minuteRows(): Promise<{ count: number; oldest: number | null; from: number }> {
    const [rows] = await t.dataSource.query(
      `SELECT count(*)::int AS count, min(bucket) AS oldest FROM metric_rollups WHERE level = 4`,
    );
    const [levels] = await t.dataSource.query(`SELECT complete_from FROM rollup_levels WHERE level = 4`);
    return {
      count: rows.count,
      oldest: rows.oldest?.getTime() ?? null,
      from: levels.complete_from.getTime(),
    };
  }

  beforeAll(async () => {
    await createContract(t, 'minutes-2027', contract, { at: '2027-03-01T00:00:00Z' });
    token = await vendorToken(t, 'acme');
  });

  it('reads the running hour from minute buckets, as the samples sum, while data keeps arriving', async () => {
    t.setNow(new Date(at(10, 20)));
    await send(points(at(9), at(10, 20)));
    await check(at(10, 20, 30));
    // More of the same hour between passes: each pass adds to the minutes the last one folded.
    for (const [from, to] of [
      [at(10, 20), at(10, 31)],
      [at(10, 31), at(10, 47)],
    ]) {
      t.setNow(new Date(to));
      await send(points(from, to));
      await check(to + 7_000);
    }
    const rows = await minuteRows();
    // Minutes of every folded hour from three hours back: 09:00-10:47.
    expect(rows.count).toBeGreaterThanOrEqual(3 * 107);
    expect(rows.from).toBe(at(7));
  });

  it('counts late data into a minute already folded', async () => {
    t.setNow(new Date(at(10, 50)));
    // Between the points already stored in 10:40-10:42 (every 20 s, at :00/:20/:40): at :10/:30/:50.
    await send(points(at(10, 40, 10), at(10, 42, 10)));
    await check(at(10, 50));
  });

  it('prunes minutes older than three hours before the current hour, and keeps figures exact', async () => {
    t.setNow(new Date(at(14, 5)));
    await send(points(at(14), at(14, 5)));
    await check(at(14, 5));
    const rows = await minuteRows();
    expect(rows.from).toBe(at(11));
    expect(rows.oldest).toBeGreaterThanOrEqual(at(14));
  });

  it('never reads pruned minutes when the clock goes back', async () => {
    // 10:30 again: its running hour was pruned, so the figures come from raw samples, still exact.
    await check(at(10, 30));
    expect((await minuteRows()).from).toBe(at(11));
  });
});
