import { setImmediate } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../common/clock';
import { releaseUnusedHeap } from '../common/memory';
import { LOCK_KEYS } from '../database/advisory-lock';
import { Transactions } from '../database/transactions';
import { ActiveContractsRepository } from '../contracts/active-contracts.repository';
import { ObjectiveEvaluator } from '../evaluation/objective-evaluator';
import { PassMetrics } from './pass.metrics';
import { EvaluationResultsRepository } from '../evaluation/evaluation-results.repository';
import { EvaluationSnapshot } from '../evaluation/evaluation.snapshot';
import { RollupService } from '../evaluation/rollup.service';
import { BreachLifecycleService } from '../breaches/breach-lifecycle.service';
import { PeriodCloser } from '../statements/period-closer.service';
import { ContractFactsService } from './contract-facts.service';
import type { ActiveContract } from '../contracts/active-contracts.repository';
import type { ObjectiveResult } from '../evaluation/evaluation.result';
import type { EvaluationTask } from '../evaluation/evaluation.types';
import type { ContractFacts } from '../evaluation/evaluation.snapshot';
import { type PassStage, PassStages } from './pass-stages';
import { PassHealth } from './pass-health';
import { VendorFeeds } from '../ingest/vendor-feeds';

/** Synchronous planning runs at most this long before the pass lets other work in. */
const YIELD_AFTER_MS = 10;

export interface EvaluationRun {
  evaluatedAt: string;
  objectives: number;
  breachesOpened: number;
  breachesResolved: number;
  durationMs: number;
}

/**
 * One evaluation pass: fold pending batches into roll-ups, evaluate every objective (a few batched
 * statements per indicator family), persist the results, apply the breach lifecycle, close due
 * periods. Runs under one advisory lock, so replicas never evaluate the same objective at once.
 */
@Injectable()
export class PassService {
  private readonly logger = new Logger(PassService.name);
  private running = false;
  /** The pass (its evaluation instant) the in-memory snapshot shows. */
  private snapshotOf?: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly rollup: RollupService,
    private readonly targets: ActiveContractsRepository,
    private readonly results: EvaluationResultsRepository,
    private readonly snapshot: EvaluationSnapshot,
    private readonly metrics: PassMetrics,
    private readonly objectives: ObjectiveEvaluator,
    private readonly lifecycle: BreachLifecycleService,
    private readonly closer: PeriodCloser,
    private readonly facts: ContractFactsService,
    private readonly health: PassHealth,
    private readonly stages: PassStages,
    private readonly feeds: VendorFeeds,
  ) {}

  /**
   * Whether another replica's pass started less than 0.9 interval ago: replicas tick on their own
   * clocks, and without this each would run a pass per interval one after the other (three replicas,
   * three passes a minute over the same data). A last pass in the future (clock skew) does not count.
   */
  private async passedRecently(): Promise<boolean> {
    const last = await this.results.lastEvaluatedAt();
    if (!last) return false;
    const age = this.clock.now() - last.getTime();
    return age >= 0 && age < this.config.evaluationIntervalMs * 0.9;
  }

  /**
   * The scheduled tick: skipped (and counted) while a pass runs here or on another replica, or when
   * another replica's pass has just ended; a skipped tick loads that replica's results.
   */
  async tick(): Promise<EvaluationRun | undefined> {
    if (this.running) {
      this.metrics.runs.inc({ result: 'skipped' });
      return undefined;
    }
    // A database that is away fails the tick before any pass starts: that counts as a failure too.
    const run = await this.countingFailure(() =>
      this.transactions.ifLockFree(LOCK_KEYS.evaluation, async () =>
        (await this.passedRecently()) ? undefined : this.measured(),
      ),
    );
    if (!run) {
      this.metrics.runs.inc({ result: 'skipped' });
      // Another replica ran the pass: show its results here too.
      await this.loadSnapshot();
    }
    return run;
  }

  /**
   * Fills the in-memory snapshot from the stored results of the last pass, wherever it ran: at boot,
   * on replicas that do not evaluate (SCHEDULER_ENABLED=false), and on ticks another replica took.
   * Every replica's /metrics then shows the same SLA series.
   */
  async loadSnapshot(): Promise<void> {
    const heapBefore = process.memoryUsage().heapTotal;
    const generation = this.snapshot.generation;
    // Nothing evaluated since the snapshot was made: keep it (no reading 10 000 results a minute).
    const last = await this.results.lastEvaluatedAt();
    if (last !== null && last.getTime() === this.snapshotOf) return;
    const contracts = await this.targets.active();
    const ids = contracts.flatMap((c) => [...c.objectiveIds.values()]);
    const results = await this.results.forObjectives(ids);
    const facts = await this.facts.collect(contracts, results, this.clock.now());
    await this.feeds.refresh();
    // A pass that finished meanwhile holds fresher figures than these reads.
    if (this.snapshot.replaceIf(generation, results, facts)) this.snapshotOf = last?.getTime();
    releaseUnusedHeap(heapBefore);
  }

  /** `POST /evaluations`: waits for a pass running elsewhere, then runs its own. */
  evaluateNow(): Promise<EvaluationRun> {
    return this.transactions.underLock(LOCK_KEYS.evaluation, () =>
      this.countingFailure(() => this.measured()),
    );
  }

  /** Counts a failed run in `sla_evaluation_runs_total{result="failure"}`, once. */
  private async countingFailure<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.metrics.runs.inc({ result: 'failure' });
      this.health.passFailed();
      throw error;
    }
  }

  get busy(): boolean {
    return this.running;
  }

  private async measured(): Promise<EvaluationRun> {
    this.running = true;
    const stop = this.metrics.duration.startTimer();
    const started = performance.now();
    const heapBefore = process.memoryUsage().heapTotal;
    try {
      const run = await this.pass();
      run.durationMs = Math.round(performance.now() - started);
      this.metrics.runs.inc({ result: 'success' });
      this.metrics.lastSuccess.set(this.clock.now() / 1000);
      releaseUnusedHeap(heapBefore);
      return run;
    } finally {
      stop();
      this.running = false;
    }
  }

  private async pass(): Promise<EvaluationRun> {
    const phases: Record<string, number> = {};
    let mark = performance.now();
    const lap = (name: string) => {
      const t = performance.now();
      phases[name] = Math.round(t - mark);
      mark = t;
    };
    await this.rollup.drain();
    lap('rollupMs');
    const now = this.clock.now();
    const at = new Date(now);
    const contracts = await this.targets.active();
    await this.rollup.readySelectors();
    const failed = new Set<string>();
    const stage = <R>(name: PassStage, group: ActiveContract[], work: (g: ActiveContract[]) => Promise<R>) =>
      this.stages.run(name, group, work, failed);
    const results = (
      await stage('evaluate', contracts, async (g) => {
        // Planning is synchronous (windows, maintenance, calendars): hand the event loop back between
        // contracts once a slice of work has run, so requests are served during a large pass.
        const tasks: EvaluationTask[] = [];
        let since = performance.now();
        for (const c of g) {
          await this.objectives.prepare(c, now);
          for (const task of this.objectives.tasks(c, now)) tasks.push(task);
          if (performance.now() - since > YIELD_AFTER_MS) {
            await setImmediate();
            since = performance.now();
          }
        }
        await setImmediate();
        return this.objectives.evaluate(tasks, now);
      })
    ).flat();
    lap('evaluateMs');
    const evaluated = contracts.filter((c) => !failed.has(c.id));
    const resultsOf = (group: ActiveContract[]) => {
      const ids = new Set(group.map((c) => c.id));
      return results.filter((r) => ids.has(r.contractId));
    };
    await stage('save', evaluated, (g) => this.results.save(resultsOf(g)));
    lap('saveMs');
    // Breach changes and their outbox events commit together, or not at all (per group of contracts).
    const changes = await stage('breaches', evaluated, (g) =>
      this.transactions.run((em) => this.lifecycle.apply(em, g, resultsOf(g), now)),
    );
    lap('breachesMs');
    const closed = await stage('close', contracts, (g) => this.closer.closeDue(g, now));
    lap('closeMs');
    const facts = (await stage('facts', contracts, (g) => this.facts.collect(g, resultsOf(g), now))).flat();
    this.snapshot.replace(...this.keepingFailed(contracts, failed, results, facts));
    await this.feeds.refresh();
    this.snapshotOf = now;
    this.health.passSucceeded(
      now,
      failed,
      contracts.map((c) => c.id),
    );
    lap('factsMs');
    this.logger.log({
      msg: 'Pass phases',
      ...phases,
      families: { ...this.objectives.lastTimings },
      periodsClosed: closed.reduce((a, b) => a + b, 0),
      contractsFailed: failed.size,
    });
    return {
      evaluatedAt: at.toISOString(),
      objectives: results.length,
      breachesOpened: changes.reduce((n, c) => n + c.opened, 0),
      breachesResolved: changes.reduce((n, c) => n + c.resolved, 0),
      durationMs: 0,
    };
  }

  /** The snapshot keeps the last figures of contracts that failed this pass (stale beats absent). */
  private keepingFailed(
    contracts: ActiveContract[],
    failed: ReadonlySet<string>,
    results: ObjectiveResult[],
    facts: ContractFacts[],
  ): [ObjectiveResult[], ContractFacts[]] {
    if (failed.size === 0) return [results, facts];
    const fresh = new Set(results.map((r) => r.contractId));
    const keys = new Map(contracts.map((c) => [c.id, c.key]));
    const failedKeys = new Set([...failed].map((id) => keys.get(id)));
    const freshFacts = new Set(facts.map((f) => f.contract));
    return [
      [
        ...results,
        ...this.snapshot.all().filter((r) => failed.has(r.contractId) && !fresh.has(r.contractId)),
      ],
      [
        ...facts,
        ...this.snapshot.contracts().filter((f) => failedKeys.has(f.contract) && !freshFacts.has(f.contract)),
      ],
    ];
  }
}
