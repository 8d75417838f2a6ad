import { Client } from 'pg';
import { LOCK_KEYS } from '../src/database/advisory-lock';
import { PassService } from '../src/pass/pass.service';
import { EXAMPLE_CONTRACT_YAML, putContractYaml, putVendor } from './support/fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app';

// Replicas share one database: a pass runs under one advisory lock, so two replicas never evaluate
// at once; a scheduled tick that finds the lock taken is skipped and counted, POST /evaluations waits.
describe('evaluation with several replicas on one database', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Scheduling on, every second: the replicas tick against each other throughout the tests.
    const env = { SCHEDULER_ENABLED: 'true', EVALUATION_INTERVAL: '1s' };
    a = await createTestApp(env, { db });
    b = await createTestApp(env, { db });
    await putVendor(a, 'acme');
    expect((await putContractYaml(a, 'acme-it-2027', EXAMPLE_CONTRACT_YAML)).statusCode).toBe(201);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await db.drop();
  });

  const runs = async (t: TestApp) => {
    const text = (await t.request({ method: 'GET', url: '/metrics' })).body;
    const count = (result: string) =>
      Number(
        new RegExp(`^sla_evaluation_runs_total\\{result="${result}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? NaN,
      );
    return { success: count('success'), skipped: count('skipped') };
  };

  it('skips a tick while another session holds the lock, and POST waits for it', async () => {
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [LOCK_KEYS.evaluation.toString()]);
      const skippedBefore = (await runs(a)).skipped;
      expect(await a.app.get(PassService).tick()).toBeUndefined();
      expect((await runs(a)).skipped).toBeGreaterThan(skippedBefore);

      let answered = false;
      const posted = b
        .request({ method: 'POST', url: '/api/v1/evaluations', token: ADMIN_TOKEN })
        .then((res) => {
          answered = true;
          return res;
        });
      await new Promise((r) => setTimeout(r, 1500));
      expect(answered).toBe(false);
      await holder.query('SELECT pg_advisory_unlock($1)', [LOCK_KEYS.evaluation.toString()]);
      expect((await posted).statusCode).toBe(200);
    } finally {
      await holder.end();
    }
  });

  it('never runs two passes at once across replicas while both tick and are asked to evaluate', async () => {
    // Count concurrent passes from inside: the lock must keep it at one.
    let inside = 0;
    let most = 0;
    for (const t of [a, b]) {
      const service = t.app.get(PassService);
      const pass = (service as unknown as { pass: () => Promise<unknown> }).pass.bind(service);
      (service as unknown as { pass: () => Promise<unknown> }).pass = async () => {
        most = Math.max(most, ++inside);
        try {
          await new Promise((r) => setTimeout(r, 50));
          return await pass();
        } finally {
          inside--;
        }
      };
    }
    const before = [await runs(a), await runs(b)];
    const posts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? a : b).request({ method: 'POST', url: '/api/v1/evaluations', token: ADMIN_TOKEN }),
      ),
    );
    expect(posts.map((p) => p.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    await new Promise((r) => setTimeout(r, 2500));
    const after = [await runs(a), await runs(b)];
    expect(most).toBe(1);
    const passes = after[0].success + after[1].success - before[0].success - before[1].success;
    expect(passes).toBeGreaterThanOrEqual(6);
    const stored: Array<{ n: string }> = await a.dataSource.query(
      'SELECT count(*) AS n FROM objective_evaluations',
    );
    expect(Number(stored[0].n)).toBe(7);
  });
});

// A replica that does not evaluate (SCHEDULER_ENABLED=false) serves the same SLA series as the one
// that does: it reads the stored results of the last pass, at boot and every EVALUATION_INTERVAL.
describe('an API-only replica shows the evaluating replica results on /metrics', () => {
  let db: TestDatabase;
  let worker: TestApp;
  let api: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = await createTestApp({}, { db });
    await putVendor(worker, 'acme');
    expect((await putContractYaml(worker, 'acme-it-2027', EXAMPLE_CONTRACT_YAML)).statusCode).toBe(201);
    api = await createTestApp({ SCHEDULER_ENABLED: 'false', EVALUATION_INTERVAL: '1s' }, { db });
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await db.drop();
  });

  const series = async (t: TestApp) =>
    (await t.request({ method: 'GET', url: '/metrics' })).body
      .split('\n')
      .filter((l) => /^sla_objective_(target|status|info)\{/.test(l))
      .sort();

  it('fills its snapshot from the stored results within an interval', async () => {
    worker.setNow(new Date('2027-03-15T12:00:00Z'));
    expect(
      (await worker.request({ method: 'POST', url: '/api/v1/evaluations', token: ADMIN_TOKEN })).statusCode,
    ).toBe(200);
    const expected = await series(worker);
    expect(expected.length).toBe(7 * (1 + 1 + 4));
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && (await series(api)).length < expected.length) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await series(api)).toEqual(expected);
  });
});
