import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import type { IndicatorKind } from '../contracts/domain/contract.types';
import { LOCK_KEYS, tryWithAdvisoryLock, withAdvisoryLock } from '../database/advisory-lock';
import { HOUR_MS } from './domain/plan';
import { lastStretch, totalLength } from './domain/intervals';
import { type Figures, judge } from './domain/judge';
import { objectiveWindow } from './domain/window';
import { type ActiveContract, EvaluationTargetsRepository } from './evaluation-targets.repository';
import { EvaluationMetrics } from './evaluation.metrics';
import type { ObjectiveResult } from './evaluation.result';
import { EvaluationResultsRepository } from './evaluation-results.repository';
import type { EvaluationTask, IndicatorEvaluator } from './evaluation.types';
import { EvaluationSnapshot } from './evaluation.snapshot';
import { DeadlineEvaluator } from './indicators/deadline.evaluator';
import { FreshnessEvaluator } from './indicators/freshness.evaluator';
import { SampleIndicators } from './indicators/sample-indicators';
import { TimesliceEvaluator } from './indicators/timeslice.evaluator';
import { RollupService } from './rollup.service';

export interface EvaluationRun {
  evaluatedAt: string;
  objectives: number;
  breachesOpened: number;
  breachesResolved: number;
  durationMs: number;
}

/**
 * One evaluation pass: fold pending batches into roll-ups, work out every objective's window, let
 * each indicator family compute its figures in a few batched statements, judge them, persist the
 * results. Runs under one advisory lock, so replicas never evaluate the same objective at once.
 */
@Injectable()
export class EvaluationService {
  private readonly logger = new Logger(EvaluationService.name);
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly rollup: RollupService,
    private readonly targets: EvaluationTargetsRepository,
    private readonly results: EvaluationResultsRepository,
    private readonly snapshot: EvaluationSnapshot,
    private readonly metrics: EvaluationMetrics,
    private readonly samples: SampleIndicators,
    private readonly timeslices: TimesliceEvaluator,
    private readonly freshness: FreshnessEvaluator,
    private readonly deadlines: DeadlineEvaluator,
  ) {}

  /** The scheduled tick: skipped (and counted) while a pass runs here or on another replica. */
  async tick(): Promise<EvaluationRun | undefined> {
    if (this.running) {
      this.metrics.runs.inc({ result: 'skipped' });
      return undefined;
    }
    const run = await tryWithAdvisoryLock(this.dataSource, LOCK_KEYS.evaluation, () => this.measured());
    if (!run) this.metrics.runs.inc({ result: 'skipped' });
    return run;
  }

  /** `POST /evaluations`: waits for a pass running elsewhere, then runs its own. */
  evaluateNow(): Promise<EvaluationRun> {
    return withAdvisoryLock(this.dataSource, LOCK_KEYS.evaluation, () => this.measured());
  }

  get busy(): boolean {
    return this.running;
  }

  private async measured(): Promise<EvaluationRun> {
    this.running = true;
    const stop = this.metrics.duration.startTimer();
    const started = performance.now();
    try {
      const run = await this.pass();
      run.durationMs = Math.round(performance.now() - started);
      this.metrics.runs.inc({ result: 'success' });
      this.metrics.lastSuccess.set(this.clock.now().getTime() / 1000);
      return run;
    } catch (error) {
      this.metrics.runs.inc({ result: 'failure' });
      throw error;
    } finally {
      stop();
      this.running = false;
    }
  }

  private async pass(): Promise<EvaluationRun> {
    await this.rollup.drain();
    const now = this.clock.now().getTime();
    const contracts = await this.targets.active();
    const tasks = contracts.flatMap((c) => this.tasksOf(c, now));
    const figures = await this.figures(tasks, now);
    const results = tasks.map((t, i) => this.result(t, figures[i], now));
    await this.results.save(results);
    this.snapshot.replace(results);
    return {
      evaluatedAt: new Date(now).toISOString(),
      objectives: results.length,
      breachesOpened: 0,
      breachesResolved: 0,
      durationMs: 0,
    };
  }

  private tasksOf(c: ActiveContract, now: number): EvaluationTask[] {
    return c.spec.objectives
      .filter((o) => c.objectiveIds.has(o.key))
      .map((objective) => {
        const window = objectiveWindow(c.spec, objective, c.exclusions, now);
        return {
          contractId: c.id,
          contractKey: c.key,
          contractVersion: c.version,
          vendorId: c.vendorId,
          vendorKey: c.vendorKey,
          objectiveId: c.objectiveIds.get(objective.key)!,
          contract: c.spec,
          objective,
          window,
          lastHour: lastStretch(window.measured, HOUR_MS),
        };
      });
  }

  /** Figures of every task, each kind family in its own batched evaluator, in the tasks' order. */
  private async figures(tasks: EvaluationTask[], now: number): Promise<Figures[]> {
    const families: Array<[IndicatorEvaluator, IndicatorKind[]]> = [
      [this.samples, ['ratio', 'threshold']],
      [this.timeslices, ['timeslice']],
      [this.freshness, ['freshness']],
      [this.deadlines, ['deadline']],
    ];
    const out: Figures[] = new Array<Figures>(tasks.length);
    for (const [evaluator, kinds] of families) {
      const indexes = tasks.flatMap((t, i) => (kinds.includes(t.objective.indicator.kind) ? [i] : []));
      if (indexes.length === 0) continue;
      const figures = await evaluator.evaluate(
        indexes.map((i) => tasks[i]),
        now,
      );
      indexes.forEach((taskIndex, k) => (out[taskIndex] = figures[k]));
    }
    return out;
  }

  private result(t: EvaluationTask, f: Figures, now: number): ObjectiveResult {
    const { objective } = t;
    const percent = objective.indicator.kind !== 'threshold';
    return {
      objectiveId: t.objectiveId,
      contractId: t.contractId,
      contractKey: t.contractKey,
      contractVersion: t.contractVersion,
      vendorKey: t.vendorKey,
      key: objective.key,
      kind: objective.indicator.kind,
      evaluatedAt: now,
      period: t.window.period,
      target: percent ? objective.objective.target / 100 : objective.objective.target,
      op: objective.objective.op,
      measuredSeconds: totalLength(t.window.measured) / 1000,
      excludedSeconds: t.window.excludedMs / 1000,
      ...judge(objective, f),
    };
  }
}
