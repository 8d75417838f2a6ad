import { contractDoc, latencyObjective, putContractJson, putVendor, vendorToken } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

// Concurrent vendor clients that create overlapping new series in different orders never deadlock
// into a 500: series are created in one stable order.

const contract = contractDoc('conc-2027', { vendor: 'acme', objectives: [latencyObjective('lat', 'lat')] });

describe('concurrent ingest creating the same new series', () => {
  let t: TestApp;
  const tokens: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ INGEST_RATE_LIMIT: '10000' });
    t.setNow(new Date('2027-03-02T00:00:00Z'));
    await putVendor(t, 'acme');
    expect((await putContractJson(t, 'conc-2027', contract)).statusCode).toBe(201);
    tokens.push(await vendorToken(t, 'acme'), await vendorToken(t, 'acme'));
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 200 to every request of four clients racing over 1 000 new series each round', async () => {
    const statuses: number[] = [];
    let accepted = 0;
    for (let round = 0; round < 8; round++) {
      const samples = Array.from({ length: 1000 }, (_, i) => ({
        metric: 'lat',
        value: i,
        timestamp: `2027-03-01T10:${String(round).padStart(2, '0')}:00Z`,
        labels: { host: `h${round}-${i}` },
      }));
      const orders = [
        samples,
        [...samples].reverse(),
        samples.filter((_, i) => i % 2),
        [...samples].sort(() => 0.5 - Math.random()),
      ];
      const answers = await Promise.all(
        orders.map((batch, k) =>
          t.request({
            method: 'POST',
            url: '/api/v1/samples',
            token: tokens[k % 2],
            payload: { samples: batch },
          }),
        ),
      );
      for (const a of answers) {
        statuses.push(a.statusCode);
        if (a.statusCode === 200) accepted += a.json<{ accepted: number }>().accepted;
      }
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(accepted).toBe(8 * 1000);
    const [{ n }] = await t.dataSource.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM series`);
    expect(Number(n)).toBe(8000);
  });

  it('answers 200 to every request of four clients racing over the same new work items', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 6; round++) {
      const events = Array.from({ length: 500 }, (_, i) => ({
        item: 'ticket',
        id: `T-${round}-${i}`,
        action: i % 3 === 0 ? 'opened' : 'responded',
        timestamp: `2027-03-01T11:${String(round).padStart(2, '0')}:00Z`,
        attributes: { priority: `P${(i % 3) + 1}` },
      }));
      const orders = [
        events,
        [...events].reverse(),
        events.filter((_, i) => i % 2),
        [...events].sort(() => 0.5 - Math.random()),
      ];
      const answers = await Promise.all(
        orders.map((batch, k) =>
          t.request({
            method: 'POST',
            url: '/api/v1/events',
            token: tokens[k % 2],
            payload: { events: batch },
          }),
        ),
      );
      statuses.push(...answers.map((a) => a.statusCode));
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const [{ n }] = await t.dataSource.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM work_items`);
    expect(Number(n)).toBe(6 * 500);
  });
});
