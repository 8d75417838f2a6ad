import { CompactionService } from '../src/evaluation/compaction.service';
import {
  contractDoc,
  createContract,
  objectiveDoc,
  objectiveStatuses,
  postSamples,
  runPass,
  vendorToken,
} from './support/fixtures';
import { useTestApp } from './support/test-app';

// Compaction's bookkeeping (docs/operations.md, "Storage per sample"): in-order data of the current
// day is neither thawed nor queued; a late sample thaws only its own series' chunk of its day, is
// counted once, and is compacted again; the figure is the samples' sum throughout.

const contract = contractDoc('chunks-2027', {
  objectives: [objectiveDoc('sum', { kind: 'threshold', metric: 'm', aggregate: 'sum' }, '<= 1000000000')],
});
const NOW = '2027-03-10T04:00:00Z';

describe('sample compaction', () => {
  const t = useTestApp({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let token: string;
  let sum = 0;

  const send = async (points: Array<[string, string, number]>) => {
    const samples = points.map(([instance, timestamp, value]) => ({
      metric: 'm',
      labels: { instance },
      value,
      timestamp,
    }));
    for (const a of await postSamples(t, token, samples)) expect(a.json()).toMatchObject({ rejected: [] });
    sum += points.reduce((s, p) => s + p[2], 0);
  };
  const compact = async () => {
    for (;;) if ((await t.app.get(CompactionService).run(60_000)).done) return;
  };
  const state = async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM samples)::int AS rows, (SELECT count(*) FROM sample_chunks)::int AS chunks,
              (SELECT count(*) FROM sample_compaction_backlog)::int AS queued`,
    );
    return row as { rows: number; chunks: number; queued: number };
  };
  const figure = async () => (await objectiveStatuses(t, 'chunks-2027')).sum.attainment;

  beforeAll(async () => {
    await createContract(t, 'chunks-2027', contract, { at: '2027-03-01T00:00:00Z' });
    token = await vendorToken(t, 'acme');
    t.setNow(new Date(NOW));
  });

  it("compacts yesterday and today's hours that ended three hours ago, then leaves in-order data alone", async () => {
    const points: Array<[string, string, number]> = [];
    for (let m = 0; m < 28 * 60; m += 10) {
      const ts = new Date(Date.parse('2027-03-09T00:00:00Z') + m * 60_000).toISOString();
      points.push(['a', ts, m % 7], ['b', ts, m % 5]);
    }
    await send(points);
    await runPass(t, NOW);
    await compact();
    // Yesterday of both series in two chunks, and today's 00:00-00:50 (their hour ended at 01:00, three
    // hours before NOW) in two more; today's 01:00-03:50 stays rows, queued nowhere.
    expect(await state()).toEqual({ rows: 2 * 18, chunks: 4, queued: 0 });
    expect(await figure()).toBe(sum);

    await send([['a', '2027-03-10T04:00:00Z', 3]]);
    await runPass(t, NOW);
    expect(await state()).toEqual({ rows: 2 * 18 + 1, chunks: 4, queued: 0 });
    expect(await figure()).toBe(sum);
  });

  it('thaws only the late sample series chunk, counts it once, and compacts it again', async () => {
    await send([['a', '2027-03-09T12:05:00Z', 1000]]);
    await runPass(t, NOW);
    // a's chunk of that day is rows again (144 + the late one), b's stays; a's day is queued.
    expect(await state()).toEqual({ rows: 2 * 18 + 1 + 145, chunks: 3, queued: 1 });
    expect(await figure()).toBe(sum);
    // The same instant again, another value: the first stays.
    const [answer] = await postSamples(t, token, [
      { metric: 'm', labels: { instance: 'a' }, value: 5, timestamp: '2027-03-09T12:05:00Z' },
    ]);
    expect(answer.json()).toMatchObject({ duplicates: 1 });
    await compact();
    expect(await state()).toEqual({ rows: 2 * 18 + 1, chunks: 4, queued: 0 });
    // And once compacted, a repeat is answered as a duplicate: never stored, nothing thawed.
    const [again] = await postSamples(t, token, [
      { metric: 'm', labels: { instance: 'a' }, value: 5, timestamp: '2027-03-09T12:05:00Z' },
    ]);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    await runPass(t, NOW);
    expect(await state()).toEqual({ rows: 2 * 18 + 1, chunks: 4, queued: 0 });
    expect(await figure()).toBe(sum);
  });

  it('answers repeats of compacted instants as duplicates, among new late samples, and stores only those', async () => {
    // Both series' whole compacted day again (microseconds of a chunk instant must match exactly),
    // with one new instant of b in it and one instant of a at a microsecond off a stored one.
    const samples: Array<Record<string, unknown>> = [];
    for (let m = 0; m < 24 * 60; m += 10) {
      const ts = new Date(Date.parse('2027-03-09T00:00:00Z') + m * 60_000).toISOString();
      samples.push({ metric: 'm', labels: { instance: 'a' }, value: 1, timestamp: ts });
      samples.push({ metric: 'm', labels: { instance: 'b' }, value: 1, timestamp: ts });
    }
    samples.push(
      { metric: 'm', labels: { instance: 'b' }, value: 7, timestamp: '2027-03-09T12:07:00Z' },
      { metric: 'm', labels: { instance: 'a' }, value: 11, timestamp: '2027-03-09T12:10:00.000001Z' },
    );
    const [answer] = await postSamples(t, token, samples);
    // a's 12:05 (the late one compacted above) is in its chunk too: 144 + 1 stored instants of a.
    expect(answer.json()).toEqual({ accepted: 2, duplicates: 2 * 144, rejected: [] });
    sum += 7 + 11;
    await runPass(t, NOW);
    expect(await figure()).toBe(sum);
    await compact();
    expect(await state()).toEqual({ rows: 2 * 18 + 1, chunks: 4, queued: 0 });
    // The same through an Idempotency-Key request (its own transaction and statement).
    const keyed = await t.request({
      method: 'POST',
      url: '/api/v1/samples',
      token,
      headers: { 'idempotency-key': 'late-repeat-1' },
      payload: {
        samples: [
          { metric: 'm', labels: { instance: 'b' }, value: 9, timestamp: '2027-03-09T12:07:00Z' },
          { metric: 'm', labels: { instance: 'b' }, value: 9, timestamp: '2027-03-09T12:08:00Z' },
        ],
      },
    });
    expect(keyed.json()).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    sum += 9;
    await runPass(t, NOW);
    expect(await figure()).toBe(sum);
  });

  it('goes on through the running day an hour at a time, into the same day chunks', async () => {
    await compact();
    const before = await state();
    // An hour later, today's 01:00-01:50 joins today's chunks; the rest stays rows.
    const later = '2027-03-10T05:00:00Z';
    t.setNow(new Date(later));
    await runPass(t, later);
    await compact();
    expect(await state()).toEqual({ rows: before.rows - 2 * 6, chunks: 4, queued: 0 });
    // A repeat of a compacted hour of today is a duplicate; a new instant in it is counted once.
    const [answer] = await postSamples(t, token, [
      { metric: 'm', labels: { instance: 'b' }, value: 1, timestamp: '2027-03-10T01:30:00Z' },
      { metric: 'm', labels: { instance: 'b' }, value: 13, timestamp: '2027-03-10T01:31:00Z' },
    ]);
    expect(answer.json()).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    sum += 13;
    await runPass(t, later);
    expect(await figure()).toBe(sum);
    await compact();
    expect(await state()).toEqual({ rows: before.rows - 2 * 6, chunks: 4, queued: 0 });
    expect(await figure()).toBe(sum);
  });
});
