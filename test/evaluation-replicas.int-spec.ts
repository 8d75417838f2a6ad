import { Client } from 'pg';
import { LOCK_KEYS } from '../src/database/advisory-lock';
import { PassService } from '../src/pass/pass.service';
import { RollupService } from '../src/evaluation/rollup.service';
import { createContract, EXAMPLE_CONTRACT_YAML, postSamples, runPass, vendorToken } from './support/fixtures';
import { ADMIN_TOKEN, type TestApp, useReplicas } from './support/test-app';

// Replicas share one database: a pass runs under one advisory lock, so two replicas never evaluate
// at once; a scheduled tick that finds the lock taken is skipped and counted, POST /evaluations waits.
describe('evaluation with several replicas on one database', () => {
  // Scheduling on, every second: the replicas tick against each other throughout the tests.
  const env = { SCHEDULER_ENABLED: 'true', EVALUATION_INTERVAL: '1s' };
  const [a, b] = useReplicas(env, env);
  beforeAll(() => createContract(a, 'acme-it-2027', EXAMPLE_CONTRACT_YAML));

  const runs = async (t: TestApp) => {
    const text = (await t.request({ method: 'GET', url: '/metrics' })).body;
    const count = (result: string) =>
      Number(
        new RegExp(`^sla_evaluation_runs_total\\{result="${result}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? NaN,
      );
    return { success: count('success'), skipped: count('skipped') };
  };

  it('skips a tick while another session holds the lock, and POST waits for it', async () => {
    const holder = new Client({ connectionString: a.db.url });
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
    expect(Number(stored[0].n)).toBe(8);
  });
});

// Scheduling on, the replicas fold what vendors push every few seconds between passes (a pass then
// folds only the last seconds), one drain at a time across replicas and passes.
describe('background folding with several replicas', () => {
  const env = { SCHEDULER_ENABLED: 'true', EVALUATION_INTERVAL: '1s' };
  const [a, b] = useReplicas(env, env);
  beforeAll(() => createContract(a, 'acme-it-2027', EXAMPLE_CONTRACT_YAML));

  const pending = async () =>
    Number(
      (await a.dataSource.query('SELECT count(*) AS n FROM ingest_batches WHERE rolled_up_at IS NULL'))[0].n,
    );

  it('folds accepted batches while no pass runs, never two drains at once', async () => {
    let inside = 0;
    let most = 0;
    for (const t of [a, b]) {
      const rollup: { drainAll: (n: number) => Promise<number> } = t.app.get<unknown>(RollupService) as never;
      const drainAll = rollup.drainAll.bind(rollup);
      rollup.drainAll = async (n: number) => {
        most = Math.max(most, ++inside);
        try {
          await new Promise((r) => setTimeout(r, 30));
          return await drainAll(n);
        } finally {
          inside--;
        }
      };
    }
    // No pass can start while another session holds the evaluation lock: only the fold drains.
    const holder = new Client({ connectionString: a.db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [LOCK_KEYS.evaluation.toString()]);
      for (const t of [a, b]) t.setNow(new Date('2027-03-15T12:00:00Z'));
      const token = await vendorToken(a, 'acme');
      const base = Date.parse('2027-03-15T11:00:00Z');
      for (let k = 0; k < 6; k++) {
        const samples = Array.from({ length: 50 }, (_, i) => ({
          metric: 'folded_in_background',
          value: i,
          timestamp: new Date(base + (k * 50 + i) * 1000).toISOString(),
        }));
        for (const res of await postSamples(k % 2 ? a : b, token, samples))
          expect(res.json()).toMatchObject({ rejected: [] });
      }
      expect(await pending()).toBeGreaterThan(0);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && (await pending()) > 0) await new Promise((r) => setTimeout(r, 200));
      expect(await pending()).toBe(0);
      const [hour] = await a.dataSource.query(
        `SELECT sum(count)::int AS count FROM metric_rollups WHERE metric = 'folded_in_background' AND level = 1`,
      );
      expect(hour.count).toBe(300);
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [LOCK_KEYS.evaluation.toString()]);
      await holder.end();
    }
    // Passes (each draining first) and the background fold, on both replicas, for a few seconds.
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        (i % 2 ? a : b).request({ method: 'POST', url: '/api/v1/evaluations', token: ADMIN_TOKEN }),
      ),
    );
    await new Promise((r) => setTimeout(r, 2500));
    expect(most).toBe(1);
  });
});

// A replica that does not evaluate (SCHEDULER_ENABLED=false) serves the same SLA series as the one
// that does: it reads the stored results of the last pass, at boot and every EVALUATION_INTERVAL.
describe('an API-only replica shows the evaluating replica results on /metrics', () => {
  const [worker, api] = useReplicas({}, { SCHEDULER_ENABLED: 'false', EVALUATION_INTERVAL: '1s' });
  beforeAll(() => createContract(worker, 'acme-it-2027', EXAMPLE_CONTRACT_YAML));

  const series = async (t: TestApp) =>
    (await t.request({ method: 'GET', url: '/metrics' })).body
      .split('\n')
      .filter((l) => /^sla_objective_(target|status|info)\{/.test(l))
      .sort();

  it('fills its snapshot from the stored results within an interval', async () => {
    await runPass(worker, '2027-03-15T12:00:00Z');
    const expected = await series(worker);
    expect(expected.length).toBe(8 * (1 + 1 + 4));
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && (await series(api)).length < expected.length) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await series(api)).toEqual(expected);
  });
});
