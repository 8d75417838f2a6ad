import { FoldScheduler } from '../src/evaluation/fold.scheduler';
import { RollupService } from '../src/evaluation/rollup.service';
import { createContract, EXAMPLE_CONTRACT_YAML, postSamples, vendorToken } from './support/fixtures';
import { useTestApp } from './support/test-app';

// The fold finds a batch's rows through the BRIN index on samples.batch_id; ranges written since it
// was last summarized are read by every fold step. The background fold summarizes them itself
// (docs/ingest.md), every 10 s at most, whether or not autovacuum runs.
describe('the samples batch index is kept summarized', () => {
  const t = useTestApp({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });

  let token: string;
  beforeAll(async () => {
    await createContract(t, 'acme-it-2027', EXAMPLE_CONTRACT_YAML);
    token = await vendorToken(t, 'acme');
  });

  const push = async (from: number, n: number) => {
    const samples = Array.from({ length: n }, (_, i) => ({
      metric: 'summarized',
      labels: { k: String(i % 50) },
      value: i,
      timestamp: new Date(from + i * 10).toISOString(),
    }));
    for (const res of await postSamples(t, token, samples))
      expect(res.json()).toMatchObject({ rejected: [] });
  };

  it('summarizes new block ranges, only what is new, at most every 10 s', async () => {
    const rollup = t.app.get(RollupService);
    const at = Date.parse('2027-03-15T12:00:00Z');
    t.setNow(new Date(at));
    await rollup.summarizeBatchIndex();
    // About 40 000 rows: more than one 128-page range of the month's partition.
    await push(at - 3_600_000, 40_000);
    t.setNow(new Date(at + 11_000));
    expect(await rollup.summarizeBatchIndex()).toBeGreaterThan(0);
    t.setNow(new Date(at + 22_000));
    expect(await rollup.summarizeBatchIndex()).toBe(0);
    await push(at - 1_800_000, 40_000);
    t.setNow(new Date(at + 25_000));
    expect(await rollup.summarizeBatchIndex()).toBe(0); // not yet 10 s since the last summary
    t.setNow(new Date(at + 33_000));
    expect(await rollup.summarizeBatchIndex()).toBeGreaterThan(0);
  });

  it('analyzes a samples partition that grew, so fold steps plan with the batch index', async () => {
    const reltuples = async () =>
      Number(
        (
          await t.dataSource.query(`SELECT reltuples FROM pg_class WHERE oid = 'samples_y2027m03'::regclass`)
        )[0].reltuples,
      );
    const rollup = t.app.get(RollupService);
    // The activity counters reach pg_stat a little after the inserts' commits: look again until then.
    let now = Date.parse('2027-03-15T13:00:00Z');
    const deadline = Date.now() + 20_000;
    while ((await reltuples()) < 80_000 && Date.now() < deadline) {
      now += 11_000;
      t.setNow(new Date(now));
      await rollup.summarizeBatchIndex();
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(await reltuples()).toBeGreaterThanOrEqual(80_000);
  });

  it('folds even while a vacuum holds the partition the upkeep wants (the upkeep waits for a later tick)', async () => {
    const at = Date.parse('2027-03-15T14:00:00Z');
    t.setNow(new Date(at));
    await push(at - 600_000, 2_000);
    const pending = async () =>
      Number((await t.dataSource.query(`SELECT count(*) AS n FROM ingest_batches`))[0].n);
    expect(await pending()).toBeGreaterThan(0);
    // What VACUUM and ANALYZE take: brin_summarize_new_values and ANALYZE wait on it, then time out.
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      await holder.query(`LOCK TABLE samples_y2027m03 IN SHARE UPDATE EXCLUSIVE MODE`);
      t.setNow(new Date(at + 60_000)); // the upkeep is due
      await t.app.get(FoldScheduler).tick();
      expect(await pending()).toBe(0);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
  });

  it("summarizes in the pass's drain too (a deployment without the scheduler has no other)", async () => {
    const at = Date.parse('2027-03-15T16:00:00Z');
    t.setNow(new Date(at));
    await push(at - 900_000, 40_000);
    // Nothing summarizes but the drain: its own upkeep is due (10 s after the last test's).
    t.setNow(new Date(at + 11_000));
    expect(await t.app.get(RollupService).drain()).toBeGreaterThan(0);
    const [left] = await t.dataSource.query(
      `SELECT brin_summarize_new_values('samples_y2027m03_batch_id_idx'::regclass)::int AS n`,
    );
    expect(left.n).toBe(0);
  });
});
