import { asAdmin, contractDoc, createContract, objectiveDoc, runPass, vendorToken } from './support/fixtures';
import { createTestApp, type TestApp, useTestApp } from './support/test-app';

// One contract's (or vendor's) failure never stops the others in a pass: a contract whose work throws
// is counted and named, the others' breaches open and resolve as usual, and health tells.

const MIN = 60_000;
const DAY = Date.parse('2027-03-01T00:00:00Z');

const contract = (key: string, vendor: string) =>
  contractDoc(
    key,
    { vendor, objectives: [objectiveDoc('avail', { kind: 'ratio', good: 'ok', total: 'all' }, '>= 99%')] },
    `Hosting ${key}`,
  );

/** Each vendor and its contract `<vendor>-2027`, applied on 2027-03-01: the vendors' tokens by vendor. */
async function contractsOf(t: TestApp, vendors: string[]): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const v of vendors) {
    await createContract(t, `${v}-2027`, contract(`${v}-2027`, v), { vendor: v, at: '2027-03-01T00:00:00Z' });
    tokens[v] = await vendorToken(t, v);
  }
  return tokens;
}

/** `minutes` minutes of traffic from `startMin` after the first day began, `okPerHundred` good of 100. */
const traffic = (startMin: number, minutes: number, okPerHundred: number) =>
  Array.from({ length: minutes }, (_, m) => {
    const timestamp = new Date(DAY + (startMin + m) * MIN).toISOString();
    return [
      { metric: 'all', value: 100, timestamp },
      { metric: 'ok', value: okPerHundred, timestamp },
    ];
  }).flat();

describe('a pass goes on for every other contract when one contract fails', () => {
  const t = useTestApp();
  let tokens: Record<string, string>;
  beforeAll(async () => {
    tokens = await contractsOf(t, ['alpha', 'bravo', 'charlie']);
  });

  const push = async (vendor: string, samples: Array<{ timestamp: string }>) => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/samples',
      token: tokens[vendor],
      payload: { samples },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ rejected: unknown[] }>().rejected).toEqual([]);
  };
  const pass = (iso: string) => runPass(t, iso);
  const breaches = async () => {
    const res = await asAdmin(t, 'GET', '/api/v1/breaches');
    return res
      .json<{ items: Array<{ contract: string; status: string }> }>()
      .items.map((b) => `${b.contract}:${b.status}`)
      .sort();
  };
  const metricsText = async () => (await t.request({ method: 'GET', url: '/metrics' })).body;

  it('opens and resolves the healthy contracts’ breaches while a broken contract fails alone', async () => {
    t.setNow(new Date(DAY + 61 * MIN));
    for (const v of ['alpha', 'bravo', 'charlie']) await push(v, traffic(0, 60, 90));
    // bravo's stored contract is damaged (an indicator lost): every evaluation of it throws.
    await t.dataSource.query(
      `UPDATE contract_versions SET spec = jsonb_set(spec, '{objectives,0,indicator}', 'null')
        WHERE contract_id = (SELECT id FROM contracts WHERE key = 'bravo-2027')`,
    );
    await pass('2027-03-01T01:01:00Z');
    expect(await breaches()).toEqual(['alpha-2027:open', 'charlie-2027:open']);

    const text = await metricsText();
    expect(text).toMatch(/sla_evaluation_errors_total\{contract="bravo-2027",stage="evaluate"\} 1/);
    expect(text).not.toMatch(/sla_evaluation_errors_total\{contract="alpha-2027"/);
    expect(text).toMatch(/sla_evaluation_runs_total\{result="success"\} 1/);
    const health = await t.request({ method: 'GET', url: '/health/evaluation' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({
      status: 'degraded',
      contractsFailing: 1,
      consecutiveFailedPasses: 0,
    });
    expect((await t.request({ method: 'GET', url: '/health/ready' })).json()).toMatchObject({
      status: 'ok',
      evaluation: 'degraded',
    });

    // A day of good traffic: the healthy contracts recover and their breaches resolve.
    t.setNow(new Date(DAY + 2 * 1440 * MIN));
    for (const v of ['alpha', 'charlie']) {
      for (let h = 1; h < 44; h += 4) await push(v, traffic(h * 60, 240, 100));
    }
    await pass('2027-03-03T00:00:00Z');
    expect(await breaches()).toEqual(['alpha-2027:resolved', 'charlie-2027:resolved']);
    expect(await metricsText()).toMatch(
      /sla_evaluation_errors_total\{contract="bravo-2027",stage="evaluate"\} 2/,
    );
  });

  it('is ok again once the broken contract is repaired', async () => {
    await t.dataSource.query(
      `UPDATE contract_versions SET spec = jsonb_set(spec, '{objectives,0,indicator}',
              '{"kind":"ratio","good":"ok","total":"all"}')
        WHERE contract_id = (SELECT id FROM contracts WHERE key = 'bravo-2027')`,
    );
    // Parsed specs are cached per version: a repaired row is read by a fresh process, as after a restart.
    const fresh = await createTestApp({}, { db: t.db });
    try {
      await runPass(fresh, '2027-03-03T00:05:00Z');
      const health = await fresh.request({ method: 'GET', url: '/health/evaluation' });
      expect(health.json()).toMatchObject({ status: 'ok', contractsFailing: 0 });
      const list = await asAdmin(fresh, 'GET', '/api/v1/breaches');
      expect(list.json<{ items: Array<{ contract: string }> }>().items.map((b) => b.contract)).toContain(
        'bravo-2027',
      );
    } finally {
      await fresh.close();
    }
  });
});

describe('a batch that cannot be folded stops no one', () => {
  const t = useTestApp();
  let tokens: Record<string, string>;
  beforeAll(async () => {
    tokens = await contractsOf(t, ['alpha', 'bravo']);
    // Stands for any fault of one vendor's data that the fold trips over: the database refuses the
    // roll-up rows of alpha's metric `ok`.
    await t.dataSource.query(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.metric = 'ok' AND NEW.vendor_id = (SELECT id FROM vendors WHERE key = 'alpha') THEN
          RAISE EXCEPTION 'refused roll-up row';
        END IF;
        RETURN NEW;
      END $$`);
    await t.dataSource.query(
      `CREATE TRIGGER refuse_poison BEFORE INSERT OR UPDATE ON metric_rollups FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
    );
  });

  it('folds every other batch, keeps the failing one pending, and counts it by vendor', async () => {
    t.setNow(new Date(DAY + 61 * MIN));
    for (const v of ['alpha', 'bravo']) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/samples',
        token: tokens[v],
        payload: { samples: traffic(0, 60, 90) },
      });
      expect(res.statusCode).toBe(200);
    }
    await runPass(t);
    const pending = await t.dataSource.query<Array<{ key: string }>>(
      `SELECT v.key FROM ingest_batches b JOIN vendors v ON v.id = b.vendor_id`,
    );
    expect(pending.map((p) => p.key)).toEqual(['alpha']);
    const list = await asAdmin(t, 'GET', '/api/v1/breaches');
    // Both contracts are evaluated: the running hour is read raw, so alpha's unfolded data still counts.
    const contracts = list.json<{ items: Array<{ contract: string }> }>().items.map((b) => b.contract);
    expect(contracts.sort()).toEqual(['alpha-2027', 'bravo-2027']);
    const text = (await t.request({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/sla_rollup_errors_total\{vendor="alpha"\} 1/);
    expect(text).not.toMatch(/sla_rollup_errors_total\{vendor="bravo"\}/);
  });
});
