import { IntervalCache } from '../src/evaluation/interval-cache';
import { median, stallOf } from './support/event-loop-stall';
import { asAdmin, contractDoc, createContract, latencyObjective, vendorToken } from './support/fixtures';
import { ADMIN_TOKEN, useTestApp } from './support/test-app';

// Maintenance as dense as the validator accepts (hourly, every objective on year periods): the pass
// expands it once per contract version and range, the listing pages, and the event loop keeps moving.

const OBJECTIVES = 40;
const contract = contractDoc(
  'dense-2027',
  {
    timezone: 'America/New_York',
    effective: { from: '2027-01-01', to: '2027-12-31' },
    maintenance: [
      { title: 'Hourly restart', cron: '0 * * * *', duration: '1m' },
      { title: 'Half-hourly check', cron: '30 * * * *', duration: '1m' },
    ],
    objectives: Array.from({ length: OBJECTIVES }, (_, i) =>
      latencyObjective(`lat-${i}`, 'lat', i % 2 ? 'year' : '365d'),
    ),
  },
  'Dense maintenance',
);

describe('dense maintenance', () => {
  const t = useTestApp({ LOG_LEVEL: process.env.PROBE_LOG ?? 'silent' });
  let vendor: string;
  beforeAll(async () => {
    await createContract(t, 'dense-2027', contract, { at: '2027-01-01T00:00:00Z' });
    vendor = await vendorToken(t, 'acme');
  });

  it('pages the exclusions listing: three months of occurrences in pages of 1 000, each once', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/contracts/dense-2027/exclusions?from=2027-01-01T00:00:00Z&to=2027-04-01T00:00:00Z${cursor ? `&cursor=${cursor}` : ''}`,
        token: vendor,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ items: Array<{ from: string; title: string }>; next?: string }>();
      expect(body.items.length).toBeLessThanOrEqual(1000);
      for (const i of body.items) seen.add(`${i.title}@${i.from}`);
      cursor = body.next;
      pages++;
    } while (cursor && pages < 20);
    // 90 days × 24 hours × 2 windows.
    expect(seen.size).toBe(90 * 24 * 2);
    expect(pages).toBe(5);
  });

  it('refuses a cursor it did not give and a limit out of range, naming the parameter', async () => {
    for (const [query, field] of [
      ['cursor=bm9wZQ', 'cursor'],
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=2.5', 'limit'],
    ]) {
      const res = await asAdmin(t, 'GET', `/api/v1/contracts/dense-2027/exclusions?${query}`);
      expect(res.statusCode).toBe(422);
      expect(JSON.stringify(res.json())).toContain(field);
    }
  });

  it('expands the maintenance once per contract version and range, however many objectives and passes', async () => {
    const cache = t.app.get(IntervalCache);
    const misses = [cache.misses];
    t.setNow(new Date('2027-06-01T00:00:00Z'));
    // The longest event-loop stall of each pass, judged by the median of five: the first pass expands
    // the maintenance, the others read the cache; a pass that blocks, blocks every time.
    const PASSES = 5;
    const stalls: number[] = [];
    for (let i = 0; i < PASSES; i++) {
      stalls.push(
        await stallOf(async () => {
          const res = await t.request({ method: 'POST', url: '/api/v1/evaluations', token: ADMIN_TOKEN });
          expect(res.statusCode).toBe(200);
        }),
      );
      misses.push(cache.misses);
    }
    process.stdout.write(
      `dense maintenance: longest stalls ${stalls.map((s) => s.toFixed(0)).join(', ')} ms\n`,
    );
    // A year period and a 365-day window read the same months of maintenance: each month once (about
    // two years of them), not once per objective and pass.
    expect(misses[1] - misses[0]).toBeLessThanOrEqual(26);
    expect(misses[PASSES]).toBe(misses[1]);
    expect(median(stalls)).toBeLessThan(100);
  });
});
