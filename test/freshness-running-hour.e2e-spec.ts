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
import { MetricDataRepository } from '../src/evaluation/metric-data.repository';

// A late batch that interleaves with what the fold already holds leaves the running hour only an
// upper bound of its largest gap (the larger of the two sets' own); over maxAge, freshness looks at
// that hour by minute (minute buckets are kept for recent hours), not at every raw sample of it. The
// figure must be the one of the same samples sent in order.

const doc = (key: string, vendor: string) =>
  contractDoc(key, {
    vendor,
    effective: { from: '2027-03-10', to: '2027-12-31' },
    objectives: [objectiveDoc('hb', { kind: 'freshness', metric: 'hb', maxAge: '5m' }, '>= 50%')],
  });
const at = (minute: number) => new Date(Date.parse('2027-03-10T12:00:00Z') + minute * 60_000).toISOString();
const beats = (minutes: number[]) => minutes.map((m) => ({ metric: 'hb', value: 1, timestamp: at(m) }));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('freshness in the running hour after an interleaving late batch', () => {
  const t = useTestApp({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });

  /** The stored 12:00 hour of `hb` for a vendor: its largest gap (or bound). */
  const hourGap = async (vendor: string) =>
    (
      await t.dataSource.query(
        `SELECT r.max_gap_ms FROM metric_rollups r JOIN vendors v ON v.id = r.vendor_id
          WHERE v.key = $1 AND r.metric = 'hb' AND r.level = 1 AND r.bucket = $2`,
        [vendor, at(0)],
      )
    )[0];

  it('judges the hour by its minutes, to the same figure as the samples sent in order', async () => {
    await createContract(t, 'inorder-2027', doc('inorder-2027', 'acme'), {
      vendor: 'acme',
      at: '2027-03-10T11:00:00Z',
    });
    await createContract(t, 'late-2027', doc('late-2027', 'beta'), {
      vendor: 'beta',
      at: '2027-03-10T11:00:00Z',
    });
    const acme = await vendorToken(t, 'acme');
    const beta = await vendorToken(t, 'beta');
    t.setNow(new Date(at(41)));
    // Every minute 12:00-12:20 and 12:30-12:40: stale from 12:25 to 12:30.
    const all = [...range(0, 20), ...range(30, 40)];
    for (const a of await postSamples(t, acme, beats(all))) expect(a.json()).toMatchObject({ rejected: [] });
    // beta: the edges first, folded; then the middle, which falls between them.
    for (const a of await postSamples(t, beta, beats([...range(0, 5), ...range(30, 40)])))
      expect(a.json()).toMatchObject({ rejected: [] });
    await runPass(t, at(41));
    for (const a of await postSamples(t, beta, beats(range(6, 20))))
      expect(a.json()).toMatchObject({ rejected: [] });
    await runPass(t, at(41));
    const hour = await hourGap('beta');
    // The scenario: the stored gap (25 min) bounds the merged hour's (exact: 10 min), over maxAge.
    expect(hour).toEqual({ max_gap_ms: 1_500_000 });
    const inOrder = (await objectiveStatuses(t, 'inorder-2027')).hb;
    const late = (await objectiveStatuses(t, 'late-2027')).hb;
    expect(late.attainment).toBe(inOrder.attainment);
    // From 00:00 (the period's start) to 12:00 and 12:25-12:30 stale; fresh 12:00-12:25 and 12:30-12:41.
    const measured = 12 * 3_600_000 + 41 * 60_000 + 1;
    expect(inOrder.attainment).toBeCloseTo((36 * 60_000 + 1) / measured, 12); // both ends count the instant now
  });

  it('keeps an interleaved hour whole when both halves beat often enough (the bound is their gap)', async () => {
    await createContract(t, 'halves-2027', doc('halves-2027', 'gamma'), {
      vendor: 'gamma',
      at: '2027-03-10T11:00:00Z',
    });
    const gamma = await vendorToken(t, 'gamma');
    t.setNow(new Date(at(41)));
    // Even minutes first, folded; then the odd ones, every one of them between two stored samples.
    const minutes = range(0, 40);
    for (const a of await postSamples(t, gamma, beats(minutes.filter((m) => m % 2 === 0))))
      expect(a.json()).toMatchObject({ rejected: [] });
    await runPass(t, at(41));
    for (const a of await postSamples(t, gamma, beats(minutes.filter((m) => m % 2 === 1))))
      expect(a.json()).toMatchObject({ rejected: [] });
    await runPass(t, at(41));
    const hour = await hourGap('gamma');
    expect(hour).toEqual({ max_gap_ms: 120_000 }); // exact: 60 000; before: unknown (null)
    const measured = 12 * 3_600_000 + 41 * 60_000 + 1;
    expect((await objectiveStatuses(t, 'halves-2027')).hb.attainment).toBeCloseTo(
      (41 * 60_000 + 1) / measured,
      12,
    );
  });
  it('judges the running minute by its bucket when a push stamped after now landed in it', async () => {
    await createContract(t, 'ahead-2027', doc('ahead-2027', 'delta'), {
      vendor: 'delta',
      at: '2027-03-10T11:00:00Z',
    });
    const deltaToken = await vendorToken(t, 'delta');
    // A beat every 10 s, 12:00:00-12:40:50; the pass runs at 12:40:30 (pushes may be 5 min ahead).
    t.setNow(new Date(at(40.5)));
    const stamps = Array.from({ length: 246 }, (_, k) => ({
      metric: 'hb',
      value: 1,
      timestamp: new Date(Date.parse(at(0)) + k * 10_000).toISOString(),
    }));
    for (const a of await postSamples(t, deltaToken, stamps))
      expect(a.json()).toMatchObject({ rejected: [] });
    const spy = jest.spyOn(t.app.get(MetricDataRepository), 'timestamps');
    try {
      await runPass(t, at(40.5));
      // Before: the running minute's tail [12:40:00, 12:40:30) was read raw (every sample of it).
      const read = spy.mock.calls.flatMap(([requests]) => requests.flatMap((r) => r.ranges));
      expect(read.filter(([from, to]) => from < Date.parse(at(40.5)) && to > Date.parse(at(40)))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
    const measured = 12 * 3_600_000 + 40.5 * 60_000 + 1;
    expect((await objectiveStatuses(t, 'ahead-2027')).hb.attainment).toBeCloseTo(
      (40.5 * 60_000 + 1) / measured,
      12,
    );
  });
});
