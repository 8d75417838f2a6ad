import { Injectable } from '@nestjs/common';
import type { IndicatorKind, Objective } from '../contracts/domain/contract.types';
import { periodText } from '../contracts/domain/durations';
import type { Period } from '../common/time/calendar';
import { type Interval, lastStretch, totalLength } from '../common/time/intervals';
import { type Figures, judge } from './domain/judge';
import { HOUR_MS } from './domain/plan';
import {
  exclusionRange,
  objectivePeriod,
  type ObjectiveWindow,
  objectiveWindow,
} from '../contracts/domain/window';
import { IntervalCache } from './interval-cache';
import { contractIntervals } from './contract-intervals';
import type { ActiveContract } from '../contracts/active-contracts.repository';
import type { ObjectiveResult } from './evaluation.result';
import type { EvaluationTask, IndicatorEvaluator } from './evaluation.types';
import { DeadlineEvaluator } from './indicators/deadline.evaluator';
import { FreshnessEvaluator } from './indicators/freshness.evaluator';
import { SampleEvaluator } from './indicators/sample.evaluator';
import { TimesliceEvaluator } from './indicators/timeslice.evaluator';
import type { Instant } from '../common/time/instant';

/** What an objective's window depends on besides the contract and the instant. */
/** Measured seconds of a window's time, once per shared window (objectives of a window share it). */
const measuredSecondsOf = new WeakMap<readonly Interval[], number>();
function measuredSeconds(measured: readonly Interval[]): number {
  let found = measuredSecondsOf.get(measured);
  if (found === undefined) measuredSecondsOf.set(measured, (found = totalLength(measured) / 1000));
  return found;
}

function windowKey(c: ActiveContract, o: Objective): string {
  const exclusions = c.exclusions
    .map((e, i) => (e.objectives === null || e.objectives.includes(o.key) ? i : ''))
    .join(',');
  return JSON.stringify([o.period, o.serviceHours ?? null, o.excludeMaintenance, exclusions]);
}

/**
 * Evaluates objectives at an instant, for their current period or for a given calendar period (a
 * period being closed or restated). Used by the evaluation pass and by statements alike, so a
 * statement's figures are the engine's figures.
 */
@Injectable()
export class ObjectiveEvaluator {
  /** Milliseconds per indicator family in the last evaluate() call, for the pass log. */
  readonly lastTimings: Record<string, number> = {};

  constructor(
    private readonly samples: SampleEvaluator,
    private readonly timeslices: TimesliceEvaluator,
    private readonly freshness: FreshnessEvaluator,
    private readonly deadlines: DeadlineEvaluator,
    private readonly intervals: IntervalCache,
  ) {}

  /**
   * Fills the interval cache for the contract's windows at `now` (maintenance, service-hour and
   * deadline calendars) a month at a time, handing the event loop back in between.
   */
  async prepare(c: ActiveContract, now: Instant, period?: Period): Promise<void> {
    const sources = contractIntervals(this.intervals, c);
    const periods = new Map<string, ReturnType<typeof objectivePeriod>>();
    for (const o of c.spec.objectives) {
      if (!c.objectiveIds.has(o.key)) continue;
      // Objectives of one period share it: one time-zone computation per distinct period.
      const periodKey = JSON.stringify(o.period);
      let found = periods.get(periodKey);
      if (!found) periods.set(periodKey, (found = objectivePeriod(c.spec, o, now, period)));
      const { window, whole } = found;
      const [from, to] = exclusionRange(window, whole);
      if (o.excludeMaintenance && c.spec.maintenance.length > 0)
        await this.intervals.warm(sources.scope('maintenance'), sources.maintenanceSource, from, to);
      const calendars = [o.serviceHours, o.indicator.kind === 'deadline' ? o.indicator.calendar : undefined];
      for (const name of calendars) {
        if (name !== undefined && c.spec.calendars[name])
          await this.intervals.warm(
            sources.scope(`calendar/${name}`),
            sources.calendarSource(name),
            from,
            to,
          );
      }
    }
  }

  tasks(
    c: ActiveContract,
    now: Instant,
    objectives: Objective[] = c.spec.objectives,
    period?: Period,
  ): EvaluationTask[] {
    const { maintenance, business } = contractIntervals(this.intervals, c);
    // Objectives whose window depends on the same things get the same window object (and last hour):
    // computed once, and the evaluators share their reads by identity.
    const windows = new Map<string, { window: ObjectiveWindow; lastHour: Interval[] }>();
    return objectives
      .filter((o) => c.objectiveIds.has(o.key))
      .map((objective) => {
        const key = windowKey(c, objective);
        let shared = windows.get(key);
        if (!shared) {
          const window = objectiveWindow(c.spec, objective, c.exclusions, now, period, {
            maintenance,
            business,
          });
          shared = { window, lastHour: lastStretch(window.measured, HOUR_MS) };
          windows.set(key, shared);
        }
        const { window, lastHour } = shared;
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
          lastHour,
        };
      });
  }

  async evaluate(tasks: EvaluationTask[], now: Instant): Promise<ObjectiveResult[]> {
    const figures = await this.figures(tasks, now);
    return tasks.map((t, i) => this.result(t, figures[i], now));
  }

  /**
   * Figures of every task, each kind family in its own batched evaluator, in the tasks' order. The
   * families read different tables on their own connections, so they run at once: the pass waits for
   * the slowest family, not for their sum.
   */
  private async figures(tasks: EvaluationTask[], now: Instant): Promise<Figures[]> {
    const families: Array<[IndicatorEvaluator, IndicatorKind[]]> = [
      [this.samples, ['ratio', 'threshold']],
      [this.timeslices, ['timeslice']],
      [this.freshness, ['freshness']],
      [this.deadlines, ['deadline']],
    ];
    const out: Figures[] = new Array<Figures>(tasks.length);
    await Promise.all(
      families.map(async ([evaluator, kinds]) => {
        const indexes = tasks.flatMap((t, i) => (kinds.includes(t.objective.indicator.kind) ? [i] : []));
        if (indexes.length === 0) return;
        const started = performance.now();
        const figures = await evaluator.evaluate(
          indexes.map((i) => tasks[i]),
          now,
        );
        this.lastTimings[kinds.join('+')] = Math.round(performance.now() - started);
        indexes.forEach((taskIndex, k) => (out[taskIndex] = figures[k]));
      }),
    );
    return out;
  }

  private result(t: EvaluationTask, f: Figures, now: Instant): ObjectiveResult {
    const { objective } = t;
    const percent = objective.indicator.kind !== 'threshold';
    return {
      objectiveId: t.objectiveId,
      contractId: t.contractId,
      contractKey: t.contractKey,
      contractVersion: t.contractVersion,
      vendorKey: t.vendorKey,
      key: objective.key,
      title: objective.title,
      responsible: objective.responsible,
      severity: objective.severity,
      periodText: periodText(objective.period),
      kind: objective.indicator.kind,
      evaluatedAt: now,
      period: t.window.period,
      // 99.9 / 100 is 0.9990000000000001 in binary; 15 significant digits give the 0.999 people wrote.
      target: percent
        ? Number((objective.objective.target / 100).toPrecision(15))
        : objective.objective.target,
      op: objective.objective.op,
      measuredSeconds: measuredSeconds(t.window.measured),
      excludedSeconds: t.window.excludedMs / 1000,
      ...judge(objective, f),
    };
  }
}
