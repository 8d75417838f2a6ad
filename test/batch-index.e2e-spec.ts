import { RollupService } from '../src/evaluation/rollup.service';
import { createContract, EXAMPLE_CONTRACT_YAML, postSamples, vendorToken } from './support/fixtures';
import { useTestApp } from './support/test-app';

// The fold finds a batch's rows through the BRIN index on samples.batch_id; ranges written since it
// was last summarized are read by every fold step. The background fold summarizes them itself
// (docs/ingest.md), every 10 s at most, whether or not autovacuum runs.
describe('the samples batch index is kept summarized', () => {
  const t = useTestApp({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });

  const push = async (token: string, from: number, n: number) => {
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
    await createContract(t, 'acme-it-2027', EXAMPLE_CONTRACT_YAML);
    const token = await vendorToken(t, 'acme');
    const rollup = t.app.get(RollupService);
    const at = Date.parse('2027-03-15T12:00:00Z');
    t.setNow(new Date(at));
    await rollup.summarizeBatchIndex();
    // About 40 000 rows: more than one 128-page range of the month's partition.
    await push(token, at - 3_600_000, 40_000);
    t.setNow(new Date(at + 11_000));
    expect(await rollup.summarizeBatchIndex()).toBeGreaterThan(0);
    t.setNow(new Date(at + 22_000));
    expect(await rollup.summarizeBatchIndex()).toBe(0);
    await push(token, at - 1_800_000, 40_000);
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
});
