import { DateTime } from 'luxon';
import {
  createContracts,
  database,
  DAY_MS,
  describe,
  evaluate,
  Loader,
  median,
  rate,
  type Run,
  seconds,
  TIMEZONE,
} from './objectives-load';
import { createSelectorContracts, LabelledLoader } from './selector-load';
import { arg, line, type Service, startService } from './support';

// npm run bench:evaluate [-- --scenario a|b|both --objectives 1000 --warm 5 --selectors 0.1]
// Evaluation passes through the real service (POST /api/v1/evaluations, its `durationMs`) on data
// bulk-loaded with SQL straight into series/samples, each load step recorded as pending ingest batches
// so the first pass folds them into roll-ups exactly as it would fold ingested requests (targets: docs/performance.md):
//   A: 1 000 objectives over 1-minute data: ticks with 10 days, then 30 days in the window
//      (full pass <= 2 s; 30d/10d <= 1.2);
//   B: 10 000 objectives of mixed kinds over 7 days of 5-minute data (one tick <= 5 s).
// `--objectives N` scales A to N objectives and B to 10 N. Every objective reads metrics of its own
// (a ratio objective its own good and total), one series per metric, so A stores ~1 400 series x
// 43 200 minutes (~60 M samples) and B ~14 000 series x 2 016 five-minute points (~28 M samples).
// Then the selector part (`--selectors` S, a share of the scenario's objectives; 0 skips it): S x N more
// objectives, one contract per vendor, read labelled samples through label selectors
// (`http_requests{service="sN",code!~"5.."}` over `http_requests{service="sN"}`, and p95 of
// `http_request_ms{code="200",service="sN"}`; bench/selector-load.ts) over the same days; the same cold
// and warm passes, and the warm pass's growth per selector objective beside the cost per objective without.
// BENCH_EXPLAIN_MS=200 logs the plan (EXPLAIN ANALYZE) of every statement slower than that to the
// PostgreSQL server log (auto_explain; needs a superuser in BENCH_DATABASE_URL); BENCH_LOG_LEVEL=info
// shows the service's log with the phase timings of every pass.

const SCENARIO = option('scenario', 'both');
const OBJECTIVES_A = arg('objectives', 1000);
const OBJECTIVES_B = OBJECTIVES_A * 10;
const WARM = arg('warm', 5);
const SELECTOR_SHARE = arg('selectors', 0.1);
/** BENCH_LOG_LEVEL=info shows the service's log, with its per-pass phase timings. */
const SERVICE_ENV = { SCHEDULER_ENABLED: 'false', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' };
const VACUUM_NOTE = 'the bench runs VACUUM (ANALYZE) itself after each load and each cold pass';
const LOADED_TABLES = 'series, samples, ingest_batches';
/** Written by a pass: vacuumed and analyzed after each cold pass, as autovacuum would. */
const EVALUATION_TABLES =
  'metric_rollups, timeslice_chunks, objective_evaluations, evaluation_history, ingest_batches';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/** One cold pass, then WARM passes; answers the warm median of `durationMs`. */
async function ticks(service: Service, loader: Loader, label: string, expected: number): Promise<number> {
  const pending = await loader.pending();
  const cold = await evaluate(service.base);
  if (cold.objectives !== expected)
    throw new Error(`evaluated ${cold.objectives} objectives, not ${expected}`);
  line(
    `${label} cold pass (ms)`,
    `${cold.durationMs}  (folds ${pending} pending batches, fills caches; client ${Math.round(cold.clientMs)})`,
  );
  await loader.vacuum(EVALUATION_TABLES);
  const warm: Run[] = [];
  for (let i = 0; i < WARM; i++) warm.push(await evaluate(service.base));
  const m = median(warm.map((w) => w.durationMs));
  line(
    `${label} warm tick, median of ${WARM} (ms)`,
    `${m}  (${warm.map((w) => w.durationMs).join(' ')}; client median ${Math.round(median(warm.map((w) => w.clientMs)))})`,
  );
  line(`${label} statuses`, await loader.statuses());
  return m;
}

/**
 * The selector part: selector objectives (SELECTOR_SHARE of the scenario's) on the vendors already there,
 * their labelled series over the `days` days up to `toMs`, then the same passes as the scenario's; prints
 * the warm pass beside `without` (the scenario's own warm median over the same days).
 */
async function selectorPart(
  service: Service,
  url: string,
  loader: Loader,
  label: string,
  setup: { vendors: number; objectives: number },
  selectorSetup: { period: (i: number) => string; effectiveFrom: string; stepSeconds: number },
  days: number,
  toMs: number,
  without: number,
): Promise<void> {
  const perVendor = Math.round((SELECTOR_SHARE * setup.objectives) / setup.vendors);
  if (perVendor <= 0) return;
  const { period, effectiveFrom, stepSeconds } = selectorSetup;
  const sel = await createSelectorContracts(
    service.base,
    setup.vendors,
    perVendor,
    period,
    effectiveFrom,
    TIMEZONE,
  );
  line(
    `${label} selector objectives`,
    `${sel.objectives} on ${sel.contracts} contracts (${perVendor} per vendor): ${sel.ratio} ratio ` +
      `{service="sN",code!~"5.."} / {service="sN"}, ${sel.p95} p95 on {code="200",service="sN"}; ${sel.selectors} selectors`,
  );
  line(`${label} selector series (labelled)`, `${sel.series.length}`);
  const labelled = await LabelledLoader.open(url, sel, stepSeconds);
  try {
    const t0 = performance.now();
    const rows = await labelled.load(toMs - days * DAY_MS, toMs);
    line(`${label} load ${days} days of labelled data`, rate(rows, performance.now() - t0));
    line(`${label} VACUUM (ANALYZE) after the load (s)`, seconds(await loader.vacuum(LOADED_TABLES)));
    const total = setup.objectives + sel.objectives;
    const tick = await ticks(service, loader, `${label} + selectors:`, total);
    line(
      `${label} selector part of the warm pass (ms)`,
      `${tick - without}  (${tick} with ${sel.objectives} selector objectives - ${without} without; ` +
        `${((tick - without) / sel.objectives).toFixed(2)} ms per selector objective, ` +
        `${(without / setup.objectives).toFixed(2)} ms per objective without)`,
    );
  } finally {
    await labelled.close();
  }
}

async function scenarioA(server: string): Promise<void> {
  const db = await database(server);
  const service = await startService(db.url, SERVICE_ENV);
  let loader: Loader | undefined;
  try {
    // The service's clock is real: the data ends at the current minute, which is the evaluation instant.
    const end = Math.floor(Date.now() / 60_000) * 60_000;
    const local = DateTime.fromMillis(end, { zone: TIMEZONE });
    const elapsedDays = (end - local.startOf('month').toMillis()) / DAY_MS;
    const calendar = elapsedDays >= 30;
    line(
      'A: periods',
      calendar
        ? `month (9 in 10; 1 in 10 rolling 30d): ${elapsedDays.toFixed(1)} days of this month have elapsed`
        : `rolling 30d for all: only ${elapsedDays.toFixed(1)} days of this month (${TIMEZONE}) have elapsed, a month window could not hold 30 days`,
    );
    line('A: evaluation instant (end of data)', new Date(end).toISOString());
    const effectiveFrom = local.minus({ days: 31 }).toISODate()!;
    const setup = await createContracts(
      service.base,
      OBJECTIVES_A,
      1,
      (i) => (calendar && i % 10 !== 9 ? 'month' : '30d'),
      effectiveFrom,
    );
    describe('A:', setup);
    loader = await Loader.open(db.url, setup, 60);
    line('A: server autovacuum', `${await loader.autovacuum()}  (${VACUUM_NOTE})`);
    await loader.partitions(end - 30 * DAY_MS, end);

    let t0 = performance.now();
    const rows10 = await loader.load(end - 10 * DAY_MS, end);
    line('A: load 10 days of 1-minute data', rate(rows10, performance.now() - t0));
    line('A: VACUUM (ANALYZE) after the load (s)', seconds(await loader.vacuum(LOADED_TABLES)));
    const tick10 = await ticks(service, loader, 'A: 10 days:', setup.objectives);

    t0 = performance.now();
    const rows20 = await loader.load(end - 30 * DAY_MS, end - 10 * DAY_MS);
    line('A: load the 20 days before', rate(rows20, performance.now() - t0));
    line('A: VACUUM (ANALYZE) after the load (s)', seconds(await loader.vacuum(LOADED_TABLES)));
    const tick30 = await ticks(service, loader, 'A: 30 days:', setup.objectives);

    line('A: ratio tick 30 days / 10 days', `${(tick30 / tick10).toFixed(2)}  (target <= 1.2)`);
    line(
      'A: full pass, 30-day windows (ms)',
      `${tick30}  = ${(tick30 / 2000).toFixed(2)} x the 2 s target (target <= 1.00)`,
    );
    await selectorPart(
      service,
      db.url,
      loader,
      'A:',
      setup,
      { period: (i) => (calendar && i % 10 !== 9 ? 'month' : '30d'), effectiveFrom, stepSeconds: 60 },
      30,
      end,
      tick30,
    );
  } finally {
    await loader?.close();
    await service.stop();
    await db.drop();
  }
}

async function scenarioB(server: string): Promise<void> {
  const db = await database(server);
  const service = await startService(db.url, SERVICE_ENV);
  let loader: Loader | undefined;
  try {
    const end = Math.floor(Date.now() / 300_000) * 300_000;
    line('B: periods', 'rolling 7d for all (the window holds the 7 days of data)');
    line('B: evaluation instant (end of data)', new Date(end).toISOString());
    const local = DateTime.fromMillis(end, { zone: TIMEZONE });
    const effectiveFrom = local.minus({ days: 8 }).toISODate()!;
    const setup = await createContracts(service.base, OBJECTIVES_B, 5, () => '7d', effectiveFrom);
    describe('B:', setup);
    loader = await Loader.open(db.url, setup, 300);
    line('B: server autovacuum', `${await loader.autovacuum()}  (${VACUUM_NOTE})`);
    await loader.partitions(end - 7 * DAY_MS, end);
    const t0 = performance.now();
    const rows = await loader.load(end - 7 * DAY_MS, end);
    line('B: load 7 days of 5-minute data', rate(rows, performance.now() - t0));
    line('B: VACUUM (ANALYZE) after the load (s)', seconds(await loader.vacuum(LOADED_TABLES)));
    const tick = await ticks(service, loader, 'B: 7 days:', setup.objectives);
    line('B: one tick (ms)', `${tick}  = ${(tick / 5000).toFixed(2)} x the 5 s target (target <= 1.00)`);
    await selectorPart(
      service,
      db.url,
      loader,
      'B:',
      setup,
      { period: () => '7d', effectiveFrom, stepSeconds: 300 },
      7,
      end,
      tick,
    );
  } finally {
    await loader?.close();
    await service.stop();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!['a', 'b', 'both'].includes(SCENARIO)) throw new Error('--scenario must be a, b or both');
  const t0 = performance.now();
  if (SCENARIO !== 'b') await scenarioA(server);
  if (SCENARIO !== 'a') await scenarioB(server);
  line('wall time (s)', ((performance.now() - t0) / 1000).toFixed(0));
}

main().catch((error) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
