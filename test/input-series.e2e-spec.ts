import { contractDoc, createContract, objectiveDoc, postSamples, vendorToken } from './support/fixtures';
import { useTestApp } from './support/test-app';
import { InputSeries } from '../src/evaluation/input-series';
import { MetricDataRepository } from '../src/evaluation/metric-data.repository';

// The evaluation reads a selector's series from a cached resolution (InputSeries). The cache must
// learn series created after it, and a statement must read a series that appeared between the
// lookup and the statement itself: each series its snapshot sees, no more, no less.

const INPUT = 'lat{svc=~"a|c|d"}';
const T0 = Date.parse('2027-03-10T12:00:00Z');
const sample = (svc: string, minute: number, value: number) => ({
  metric: 'lat',
  labels: { svc },
  value,
  timestamp: new Date(T0 + minute * 60_000).toISOString(),
});

describe('the series an evaluated selector reads', () => {
  const t = useTestApp({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });

  it('follows series created after the cache was filled, and during a statement', async () => {
    await createContract(
      t,
      'inputs-2027',
      contractDoc('inputs-2027', {
        vendor: 'acme',
        effective: { from: '2027-03-10', to: '2027-12-31' },
        objectives: [objectiveDoc('lat', { kind: 'threshold', metric: INPUT, aggregate: 'max' }, '<= 1000')],
      }),
      { vendor: 'acme', at: '2027-03-10T11:00:00Z' },
    );
    const token = await vendorToken(t, 'acme');
    t.setNow(new Date(T0 + 10 * 60_000));
    const [{ id: vendorId }]: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM vendors WHERE key = 'acme'`,
    );
    const data = t.app.get(MetricDataRepository);
    const inputs = t.app.get(InputSeries);
    const request = [{ vendorId, metric: INPUT, ranges: [[T0, T0 + 3_600_000]] as Array<[number, number]> }];
    const values = async () => (await data.samples(request))[0].map((s) => s.value).sort((a, b) => a - b);
    const post = async (samples: object[]) => {
      for (const a of await postSamples(t, token, samples)) expect(a.json()).toMatchObject({ rejected: [] });
    };

    await post([sample('a', 1, 1)]);
    expect(await values()).toEqual([1]);

    // Created after the cache knew the selector: c matches, b does not.
    await post([sample('c', 2, 2), sample('b', 2, 100)]);
    expect(await values()).toEqual([1, 2]);

    // d commits after the lookup the statement uses (the race with a concurrent first push).
    const stale = await inputs.lookup([{ vendorId, metric: INPUT }]);
    await post([sample('d', 3, 3)]);
    jest.spyOn(inputs, 'lookup').mockResolvedValueOnce(stale);
    expect(await values()).toEqual([1, 2, 3]);

    // Without the race, the cache has learnt d as well, and lists each series once.
    const known = await inputs.lookup([{ vendorId, metric: INPUT }]);
    expect(known.seriesIds).toHaveLength(3);
    expect(new Set(known.seriesIds).size).toBe(3);
    expect(await values()).toEqual([1, 2, 3]);
  });
});
