import { contractDoc, createContract, latencyObjective, vendorToken } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';
import type { IngestAnswer } from '../src/ingest/samples.service';

// MAX_SERIES_PER_VENDOR: a vendor that invents series without end (a label holding a request id, a
// timestamp) stops at its limit. Its samples of new series are refused one by one, its existing
// series keep being stored, and no other vendor notices.

describe('series per vendor (MAX_SERIES_PER_VENDOR)', () => {
  let t: TestApp;
  let acme: string;
  let globex: string;
  beforeAll(async () => {
    t = await createTestApp({ MAX_SERIES_PER_VENDOR: '3', INGEST_RATE_LIMIT: '1000' });
    t.setNow(new Date('2027-03-02T12:00:00Z'));
    await createContract(
      t,
      'acme-2027',
      contractDoc('acme-2027', { objectives: [latencyObjective('lat', 'latency')] }),
    );
    const globexDoc = contractDoc('globex-2027', { objectives: [latencyObjective('lat', 'latency')] });
    globexDoc.spec.vendor = 'globex';
    await createContract(t, 'globex-2027', globexDoc, { vendor: 'globex' });
    acme = await vendorToken(t, 'acme');
    globex = await vendorToken(t, 'globex');
  });
  afterAll(async () => {
    await t.close();
  });

  const sample = (host: string, minute: number, extra: object = {}) => ({
    metric: 'latency',
    value: minute,
    timestamp: `2027-03-02T10:${String(minute).padStart(2, '0')}:00Z`,
    labels: { host },
    ...extra,
  });
  const push = async (token: string, samples: object[]) => {
    const res = await t.request({ method: 'POST', url: '/api/v1/samples', token, payload: { samples } });
    expect(res.statusCode).toBe(200);
    return res.json<IngestAnswer>();
  };
  const seriesOf = async (vendor: string) => {
    const rows: Array<{ n: number }> = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM series s JOIN vendors v ON v.id = s.vendor_id WHERE v.key = $1 AND s.kind <> 'increase'`,
      [vendor],
    );
    return rows[0].n;
  };

  it('creates series up to the limit and refuses the samples of the rest, each under its index', async () => {
    const answer = await push(acme, [
      sample('a', 0),
      { metric: 'latency', value: 'x', timestamp: '2027-03-02T10:00:00Z' }, // rejected by the checks
      sample('b', 0),
      sample('c', 0),
      sample('d', 0),
      sample('a', 1),
      sample('e', 0),
    ]);
    expect(answer.accepted).toBe(4);
    expect(answer.rejected.map((r) => [r.index, r.reason])).toEqual([
      [1, 'invalid_value'],
      [4, 'series_limit'],
      [6, 'series_limit'],
    ]);
    expect(answer.rejected[1].message).toContain('MAX_SERIES_PER_VENDOR');
    expect(await seriesOf('acme')).toBe(3);
  });

  it('keeps storing the series it has, and counts a counter as one series', async () => {
    const answer = await push(acme, [sample('a', 2), sample('b', 2), sample('c', 2), sample('f', 2)]);
    expect(answer).toMatchObject({ accepted: 3 });
    expect(answer.rejected.map((r) => r.index)).toEqual([3]);
    // globex: two plain series and a counter (its increase series does not count) fill its three.
    const globexAnswer = await push(globex, [
      sample('a', 0),
      sample('b', 0),
      sample('c', 0, { cumulative: true }),
      sample('d', 0),
    ]);
    expect(globexAnswer.accepted).toBe(3);
    expect(globexAnswer.rejected.map((r) => [r.index, r.reason])).toEqual([[3, 'series_limit']]);
    expect(await seriesOf('globex')).toBe(3);
  });

  it('holds the limit under concurrent requests creating different series', async () => {
    const doc = contractDoc('initech-2027', { objectives: [latencyObjective('lat', 'latency')] });
    doc.spec.vendor = 'initech';
    await createContract(t, 'initech-2027', doc, { vendor: 'initech' });
    const initech = await vendorToken(t, 'initech');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => push(initech, [sample(`h${i}`, 3), sample(`h${i}-x`, 3)])),
    );
    // Counted before inserting, without the per-vendor lock several requests saw room for all.
    expect(answers.reduce((n, a) => n + a.accepted, 0)).toBe(3);
    expect(answers.reduce((n, a) => n + a.rejected.length, 0)).toBe(13);
    expect(await seriesOf('initech')).toBe(3);
  });
});
