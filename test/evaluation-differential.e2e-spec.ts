import fc from 'fast-check';
import { validateContract } from '../src/contracts/domain/contract-validator';
import { BASE, dataOf, documentOf, scenario } from './support/differential-scenarios';
import { bareIndicator, operatorsOf } from './support/differential-selectors';
import { putContractJson, putVendor, vendorToken } from './support/fixtures';
import {
  type RefItem,
  type RefSample,
  referenceEvaluate,
  type RefResult,
} from './support/reference-evaluator';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app';
import { CompactionService } from '../src/evaluation/compaction.service';
import { compactionHorizon } from '../src/evaluation/domain/compaction';

// Differential test: the engine (roll-ups, cached slices, batched SQL over a real database)
// against the naive reference evaluator (straight from the formulas of docs/contract-authoring.md over raw samples) on random
// contracts and data. Each run evaluates three times: once with part of the data, then after late and
// new data arrived, then minutes later with late points into the minutes just folded, so roll-up and
// minute-bucket merging and cache invalidation are exercised too. About half the objectives
// read labelled samples through label selectors, some of them applied only between the two passes
// (the scenarios: test/support/differential-scenarios.ts).

const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 150);

describe('the engine agrees with the naive reference evaluator', () => {
  let t: TestApp;
  /** kind/status → passes: printed, and checked to cover every kind. */
  const tallies = new Map<string, number>();

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function engine(now: number): Promise<Record<string, any>> {
    t.setNow(new Date(now));
    const run = await t.request({ method: 'POST', url: '/api/v1/evaluations', token: ADMIN_TOKEN });
    expect(run.statusCode).toBe(200);
    const res = await t.request({ method: 'GET', url: '/api/v1/contracts/diff/status', token: ADMIN_TOKEN });
    return res.json<{ objectives: Array<Record<string, any>> }>().objectives[0];
  }

  /**
   * Compacts every folded day that ended three hours before `now` into chunks, as the scheduler
   * would over time; answers the samples moved.
   */
  async function compact(now: number): Promise<number> {
    t.setNow(new Date(now));
    const compaction = t.app.get(CompactionService);
    let moved = 0;
    for (;;) {
      const run = await compaction.run(60_000);
      moved += run.moved;
      if (run.done) return moved;
    }
  }

  /** The pass agrees, and again after compaction moved what it could: one reader for both forms. */
  async function judged2(
    now: number,
    expected: RefResult,
    context: string,
    indicator: Record<string, unknown>,
    late: boolean,
  ) {
    agree(await engine(now), expected, context, indicator, late);
    if ((await compact(now)) > 0) {
      compacted++;
      agree(await engine(now), expected, `${context} (after compaction)`, indicator, late);
    }
  }
  let compacted = 0;
  let oldAccepted = 0;

  /** Selector cases judged with data: by kind, by operator, and those whose selectors came late. */
  const judged = { kinds: new Set<string>(), ops: new Set<string>(), late: 0 };

  function agree(
    actual: Record<string, any>,
    expected: RefResult,
    context: string,
    indicator: Record<string, unknown>,
    late: boolean,
  ) {
    const close = (a: number | null | undefined, e: number | null) => {
      if (e === null || !Number.isFinite(e)) return a === null || a === undefined;
      return typeof a === 'number' && Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e));
    };
    const ok =
      actual.status === expected.status &&
      close(actual.attainment, expected.attainment) &&
      (expected.status === 'no_data' ||
        (close(actual.counted, expected.counted) &&
          close(actual.budget?.consumed ?? null, expected.budgetConsumed) &&
          close(actual.burnRate, expected.burnRate)));
    if (!ok)
      throw new Error(
        `${context}\nengine: ${JSON.stringify(actual)}\nreference: ${JSON.stringify(expected)}`,
      );
    const ops = operatorsOf(indicator);
    const tally = `${ops.length > 0 ? 'selector:' : ''}${String(actual.kind)}/${String(actual.status)}`;
    tallies.set(tally, (tallies.get(tally) ?? 0) + 1);
    if (expected.status === 'no_data') return;
    if (ops.length > 0) {
      judged.kinds.add(String(actual.kind));
      for (const op of ops) judged.ops.add(op);
      if (late) judged.late++;
    }
  }

  it(`gives the same status, attainment, count, budget and burn rate (${RUNS} random cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        await t.reset();
        await putVendor(t, 'acme');
        const token = await vendorToken(t, 'acme');
        const doc = documentOf(s);
        const validated = validateContract(doc);
        if (!validated.ok)
          throw new Error(`generated an invalid contract: ${JSON.stringify(validated.errors)}`);
        // A late selector objective reads the bare names in the first pass.
        const late = s.selectorsLate !== 'no' && operatorsOf(s.objective.indicator).length > 0;
        const firstDoc = late ? documentOf(s, bareIndicator(s.objective.indicator)) : doc;
        const first = validateContract(firstDoc);
        if (!first.ok) throw new Error(`generated an invalid contract: ${JSON.stringify(first.errors)}`);
        t.setNow(new Date(BASE));
        expect((await putContractJson(t, 'diff', firstDoc)).statusCode).toBe(201);
        const exclusions = [];
        if (s.exclusion) {
          const e = {
            from: BASE + s.exclusion.offset,
            to: BASE + s.exclusion.offset + s.exclusion.length,
            objectives: s.exclusion.all ? null : ['obj'],
          };
          const res = await t.request({
            method: 'POST',
            url: '/api/v1/contracts/diff/exclusions',
            token: ADMIN_TOKEN,
            payload: {
              from: new Date(e.from).toISOString(),
              to: new Date(e.to).toISOString(),
              reason: 'r',
              approvedBy: 'a',
              ...(e.objectives ? { objectives: e.objectives } : {}),
            },
          });
          expect(res.statusCode).toBe(201);
          exclusions.push(e);
        }
        const { samples, items } = dataOf(s);
        const now1 = BASE + s.now1;
        const now2 = now1 + s.later;
        const context = JSON.stringify({
          doc: doc.spec.objectives[0],
          selectorsLate: late ? s.selectorsLate : 'no',
          zone: s.zone,
          now1: new Date(now1),
          now2: new Date(now2),
        });

        // Phase 1: what had arrived by now1 (ingest accepts up to 5 minutes ahead).
        const early = samples.filter((x) => x.ts <= now1 + 240_000);
        await push(token, now1, early, items, now1);
        await judged2(
          now1,
          referenceEvaluate({
            contract: first.spec,
            objective: first.spec.objectives[0],
            samples: early,
            items: visible(items, now1),
            exclusions,
            now: now1,
          }),
          `${context} (first pass)`,
          firstDoc.spec.objectives[0].indicator as Record<string, unknown>,
          false,
        );

        // Phase 2: the rest, late or new; a late selector objective is applied before or after it.
        const apply = async () => {
          t.setNow(new Date(now2));
          expect((await putContractJson(t, 'diff', doc)).statusCode).toBe(200);
        };
        if (late && s.selectorsLate === 'beforeRest') await apply();
        const rest = samples.filter((x) => x.ts > now1 + 240_000 && x.ts <= now2 + 240_000);
        await push(token, now2, rest, items, now2, now1);
        if (late && s.selectorsLate === 'afterRest') await apply();
        const all = [...early, ...rest];
        await judged2(
          now2,
          referenceEvaluate({
            contract: validated.spec,
            objective: validated.spec.objectives[0],
            samples: all,
            items: visible(items, now2),
            exclusions,
            now: now2,
          }),
          `${context} (second pass)`,
          s.objective.indicator,
          late,
        );

        // Phase 3, minutes later (mostly the same hour): new points, and late points into the minutes
        // the second pass folded, so minute buckets are merged into and read again.
        const now3 = now2 + 7 * 60_000 + 13_000;
        const later = laterPoints(all, now2, now3);
        await push(token, now3, later, [], now3);
        // Into days compacted after the second pass (their chunks are thawed, folded, compacted
        // again); a period closed meanwhile refuses them, and the reference then leaves them out.
        const old = await pushAccepted(token, now3, oldPoints([...all, ...later], now2));
        oldAccepted += old.length;
        const more = [...later, ...old];
        // The first value of an instant stays, also when the instant was compacted meanwhile.
        await pushAccepted(
          token,
          now3,
          all.slice(0, 20).map((x) => ({ ...x, value: x.value + 1 })),
        );
        await judged2(
          now3,
          referenceEvaluate({
            contract: validated.spec,
            objective: validated.spec.objectives[0],
            samples: [...all, ...more],
            items: visible(items, now2),
            exclusions,
            now: now3,
          }),
          `${context} (third pass, ${more.length} more points)`,
          s.objective.indicator,
          late,
        );
      }),
      { numRuns: RUNS, seed: Number(process.env.DIFFERENTIAL_SEED ?? 20271), endOnFailure: true },
    );
    console.log(
      `differential cases by kind/status: ${JSON.stringify(Object.fromEntries([...tallies].sort()))}\n` +
        `selector cases judged with data: kinds ${[...judged.kinds].sort().join(' ')}, ` +
        `operators ${[...judged.ops].sort().join(' ')}, selectors applied late ${judged.late}`,
    );
    console.log(
      `passes judged again after compaction: ${compacted}; points into compacted days: ${oldAccepted}`,
    );
    expect(compacted).toBeGreaterThan(RUNS / 2);
    expect(oldAccepted).toBeGreaterThan(RUNS);
    // Each kind must have been judged with data, not only as no_data.
    for (const kind of ['ratio', 'threshold', 'timeslice', 'freshness', 'deadline']) {
      expect(
        [...tallies.keys()].filter((k) => k.includes(`${kind}/`) && !k.endsWith('no_data')).length,
      ).toBeGreaterThan(0);
    }
    // So must every kind that reads metrics through selectors, every operator, and late selectors.
    expect([...judged.kinds].sort()).toEqual(['freshness', 'ratio', 'threshold', 'timeslice']);
    expect([...judged.ops].sort()).toEqual(['!=', '!~', '=', '=~']);
    expect(judged.late).toBeGreaterThan(0);
  }, 600_000);

  /**
   * Copies of the first samples (series and value kept) at new instants: one in the 20 minutes before
   * `now2` (late, into folded minutes), one in (now2, now3]; never on a taken series and instant.
   */
  function laterPoints(samples: RefSample[], now2: number, now3: number): RefSample[] {
    const key = (x: RefSample) =>
      `${x.metric}${JSON.stringify(Object.entries(x.labels ?? {}).sort())}@${x.ts}`;
    const taken = new Set(samples.map(key));
    const out: RefSample[] = [];
    samples.slice(0, 60).forEach((x, i) => {
      for (const ts of [now2 - 1 - ((i * 7_919) % 1_200_000), now2 + 1 + ((i * 104_729) % (now3 - now2))]) {
        const copy = { ...x, ts };
        if (!taken.has(key(copy))) {
          taken.add(key(copy));
          out.push(copy);
        }
      }
    });
    return out;
  }

  /** Copies of the first samples at instants of the days compacted at `now2`, on no taken instant. */
  function oldPoints(samples: RefSample[], now2: number): RefSample[] {
    const horizon = compactionHorizon(now2);
    if (horizon <= BASE) return [];
    const key = (x: RefSample) =>
      `${x.metric}${JSON.stringify(Object.entries(x.labels ?? {}).sort())}@${x.ts}`;
    const taken = new Set(samples.map(key));
    return samples
      .slice(0, 40)
      .map((x, i) => ({ ...x, ts: BASE + 1 + ((i * 15_485_863) % (horizon - BASE - 1)) }))
      .filter((x) => !taken.has(key(x)) && (taken.add(key(x)), true));
  }

  /** Pushes samples, answering those accepted (a closed period refuses its own). */
  async function pushAccepted(token: string, now: number, samples: RefSample[]): Promise<RefSample[]> {
    if (samples.length === 0) return [];
    t.setNow(new Date(now));
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/samples',
      token,
      payload: {
        samples: samples.map((x) => ({
          metric: x.metric,
          ...(x.labels ? { labels: x.labels } : {}),
          value: x.value,
          timestamp: new Date(x.ts).toISOString(),
        })),
      },
    });
    expect(res.statusCode).toBe(200);
    const refused = new Set(res.json<{ rejected: Array<{ index: number }> }>().rejected.map((r) => r.index));
    return samples.filter((_, i) => !refused.has(i));
  }

  /** Events a vendor could have pushed by `now` (none from the future). */
  function visible(items: RefItem[], now: number): RefItem[] {
    return items.map((i) => ({ ...i, events: i.events.filter((e) => e.ts <= now + 240_000) }));
  }

  async function push(
    token: string,
    now: number,
    samples: RefSample[],
    items: RefItem[],
    upTo: number,
    after = -Infinity,
  ) {
    t.setNow(new Date(now));
    const body = samples.map((x) => ({
      metric: x.metric,
      ...(x.labels ? { labels: x.labels } : {}),
      value: x.value,
      timestamp: new Date(x.ts).toISOString(),
    }));
    for (let i = 0; i < body.length; i += 5000) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/samples',
        token,
        payload: { samples: body.slice(i, i + 5000) },
      });
      expect(res.json()).toMatchObject({ rejected: [] });
    }
    const events = items.flatMap((it) =>
      it.events
        .filter((e) => e.ts <= upTo + 240_000 && e.ts > after + 240_000)
        .map((e) => ({
          item: it.item,
          id: it.id,
          action: e.action,
          timestamp: new Date(e.ts).toISOString(),
          attributes: it.attributes,
        })),
    );
    if (events.length > 0) {
      const res = await t.request({ method: 'POST', url: '/api/v1/events', token, payload: { events } });
      expect(res.json()).toMatchObject({ rejected: [] });
    }
  }
});
