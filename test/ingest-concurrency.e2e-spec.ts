import { contractDoc, createContract, latencyObjective, vendorToken } from './support/fixtures';
import { useTestApp } from './support/test-app';

// Concurrent vendor clients that create overlapping new series in different orders never deadlock
// into a 500: series are created in one stable order.

const contract = contractDoc('conc-2027', { objectives: [latencyObjective('lat', 'lat')] });

describe('concurrent ingest creating the same new series', () => {
  const t = useTestApp({ INGEST_RATE_LIMIT: '10000' });
  const tokens: string[] = [];
  beforeAll(async () => {
    await createContract(t, 'conc-2027', contract, { at: '2027-03-02T00:00:00Z' });
    tokens.push(await vendorToken(t, 'acme'), await vendorToken(t, 'acme'));
  });

  /** Four clients on two tokens post `items` to `url` at once, each in another order: the answers. */
  const race = (url: string, field: 'samples' | 'events', items: object[]) => {
    const orders = [
      items,
      [...items].reverse(),
      items.filter((_, i) => i % 2),
      [...items].sort(() => 0.5 - Math.random()),
    ];
    return Promise.all(
      orders.map((batch, k) =>
        t.request({ method: 'POST', url, token: tokens[k % 2], payload: { [field]: batch } }),
      ),
    );
  };

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
      const answers = await race('/api/v1/samples', 'samples', samples);
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
      const answers = await race('/api/v1/events', 'events', events);
      statuses.push(...answers.map((a) => a.statusCode));
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const [{ n }] = await t.dataSource.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM work_items`);
    expect(Number(n)).toBe(6 * 500);
  });
});
