import {
  asAdmin,
  contractDoc,
  createContract,
  objectiveDoc,
  objectiveStatuses,
  postSamples,
  putContractJson,
  runPass,
  vendorToken,
} from './support/fixtures';
import { useTestApp } from './support/test-app';

// Label selectors end to end: one labelled counter serves several objectives; a selector added after
// the data was folded gets its history; a selector no objective reads any more is dropped.

const DAY = Date.parse('2027-03-01T00:00:00Z');
const MIN = 60_000;
const NOW = '2027-03-02T00:00:00Z';

const sum = (key: string, metric: string) =>
  objectiveDoc(key, { kind: 'threshold', metric, aggregate: 'sum' }, '<= 1000000000');

/**
 * Per minute for two hours (or minutes [from, to)): portal 200s +10, portal 503s +1 (but none in the
 * first hour), api 200s +5.
 */
function samples(from = 0, to = 120) {
  const out: object[] = [];
  const series = [
    { labels: { service: 'portal', code: '200' }, step: (m: number) => 10 + 0 * m },
    { labels: { service: 'portal', code: '503' }, step: (m: number) => (m < 60 ? 0 : 1) },
    { labels: { service: 'api', code: '200' }, step: () => 5 },
  ];
  for (const s of series) {
    let value = 0;
    for (let m = 0; m < to; m++) {
      value += s.step(m);
      if (m < from) continue;
      out.push({
        metric: 'http_requests_total',
        labels: s.labels,
        value,
        timestamp: new Date(DAY + m * MIN).toISOString(),
        cumulative: true,
      });
    }
  }
  return out;
}

describe('label selectors', () => {
  const t = useTestApp({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }, {}, { reset: 'each' });

  const all = sum('all', 'http_requests_total');
  const first = contractDoc('sel-2027', {
    objectives: [
      objectiveDoc(
        'portal-ok',
        {
          kind: 'ratio',
          good: 'http_requests_total{service="portal", code!~"5.."}',
          total: 'http_requests_total{service="portal"}',
        },
        '>= 90%',
      ),
      all,
    ],
  });

  it('reads the series each selector keeps, from the same labelled counter', async () => {
    await createContract(t, 'sel-2027', first, { at: NOW });
    const token = await vendorToken(t, 'acme');
    for (const a of await postSamples(t, token, samples())) expect(a.json()).toMatchObject({ rejected: [] });
    await runPass(t);
    const statuses = await objectiveStatuses(t, 'sel-2027');
    // Increases after each series' first point: portal 200 119 × 10, portal 503 60 × 1, api 119 × 5.
    expect(statuses.all.attainment).toBe(1190 + 60 + 595);
    expect(statuses['portal-ok'].attainment).toBeCloseTo(1190 / (1190 + 60), 12);
  });

  it('builds a selector added later from the samples already folded, and drops one no longer read', async () => {
    await createContract(t, 'sel-2027', first, { at: NOW });
    const token = await vendorToken(t, 'acme');
    await postSamples(t, token, samples());
    await runPass(t);
    const second = contractDoc('sel-2027', {
      objectives: [
        all,
        sum('api', 'http_requests_total{service="api"}'),
        sum('errors', 'http_requests_total{code=~"5\\\\d\\\\d"}'),
      ],
    });
    expect((await putContractJson(t, 'sel-2027', second)).statusCode).toBe(200);
    await runPass(t);
    const statuses = await objectiveStatuses(t, 'sel-2027');
    expect(statuses.api.attainment).toBe(595);
    expect(statuses.errors.attainment).toBe(60);
    // New samples of the same series fold into the new selectors too (the fold's cache of which
    // inputs a series feeds follows the selectors).
    await postSamples(t, token, samples(120, 180));
    await runPass(t);
    const later = await objectiveStatuses(t, 'sel-2027');
    expect(later.api.attainment).toBe(895);
    expect(later.errors.attainment).toBe(120);
    const selectors: Array<{ input: string }> = await t.dataSource.query(
      `SELECT input FROM input_selectors ORDER BY input`,
    );
    expect(selectors.map((s) => s.input)).toEqual([
      'http_requests_total{code=~"5\\\\d\\\\d"}',
      'http_requests_total{service="api"}',
    ]);
    const stale: Array<{ n: string }> = await t.dataSource.query(
      `SELECT count(*) AS n FROM metric_rollups WHERE metric LIKE '%service="portal"%'`,
    );
    expect(Number(stale[0].n)).toBe(0);
  });

  it('answers 422 naming the field for a selector it cannot read', async () => {
    await createContract(t, 'sel-2027', first, { at: NOW });
    const bad = contractDoc('sel-2027', {
      objectives: [sum('x', 'http_requests_total{code=~"(?=5)"}')],
    });
    const res = await putContractJson(t, 'sel-2027', bad);
    expect(res.statusCode).toBe(422);
    expect(JSON.stringify(res.json())).toContain('spec.objectives[0].indicator.metric');
    expect(JSON.stringify(res.json())).toContain('lookaround');
    expect((await asAdmin(t, 'GET', '/api/v1/contracts/sel-2027')).statusCode).toBe(200);
  });
});
