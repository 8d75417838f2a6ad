import { Injectable } from '@nestjs/common';
import { type Digest } from '../domain/digest';
import { totalLength } from '../domain/intervals';
import type { Figures } from '../domain/judge';
import {
  isPercentile,
  percentileFigures,
  ratioFigures,
  type RatioTotals,
  thresholdFigures,
} from '../domain/kinds';
import { planPieces } from '../domain/plan';
import type { EvaluationTask, IndicatorEvaluator } from '../evaluation.types';
import { type MetricRequest, MetricDataRepository } from '../metric-data.repository';

/** Ratio and threshold objectives: sums and summaries (or digests) over roll-ups plus raw edges. */
@Injectable()
export class SampleIndicators implements IndicatorEvaluator {
  constructor(private readonly data: MetricDataRepository) {}

  async evaluate(tasks: EvaluationTask[]): Promise<Figures[]> {
    const summaryRequests: MetricRequest[] = [];
    const digestRequests: MetricRequest[] = [];
    const ask = (
      list: MetricRequest[],
      t: EvaluationTask,
      metric: string,
      measured: EvaluationTask['lastHour'],
    ) => list.push({ vendorId: t.vendorId, metric, pieces: planPieces(measured) }) - 1;

    const plans = tasks.map((t) => {
      const ind = t.objective.indicator;
      const m = t.window.measured;
      if (ind.kind === 'ratio') {
        const numerator = ind.good ?? ind.bad!;
        return {
          kind: 'ratio' as const,
          num: ask(summaryRequests, t, numerator, m),
          total: ask(summaryRequests, t, ind.total, m),
          numHour: ask(summaryRequests, t, numerator, t.lastHour),
          totalHour: ask(summaryRequests, t, ind.total, t.lastHour),
        };
      }
      if (ind.kind === 'threshold' && isPercentile(ind.aggregate)) {
        return {
          kind: 'percentile' as const,
          window: ask(digestRequests, t, ind.metric, m),
          hour: ask(digestRequests, t, ind.metric, t.lastHour),
        };
      }
      if (ind.kind === 'threshold')
        return { kind: 'threshold' as const, window: ask(summaryRequests, t, ind.metric, m) };
      throw new Error(`${ind.kind} is not a sample indicator`);
    });

    const [summaries, digests] = await Promise.all([
      this.data.summaries(summaryRequests),
      this.data.digests(digestRequests),
    ]);
    const sumOf = (i: number) => summaries[i]?.sum ?? 0;
    const totals = (num: number, total: number): RatioTotals => ({
      numerator: sumOf(num),
      total: sumOf(total),
    });
    const digest = (i: number): Digest => digests[i];

    return tasks.map((t, i) => {
      const plan = plans[i];
      const measuredMs = totalLength(t.window.measured);
      switch (plan.kind) {
        case 'ratio':
          return ratioFigures(
            t.objective,
            totals(plan.num, plan.total),
            totals(plan.numHour, plan.totalHour),
            measuredMs,
          );
        case 'percentile':
          return percentileFigures(t.objective, digest(plan.window), digest(plan.hour), measuredMs);
        case 'threshold':
          return thresholdFigures(t.objective, summaries[plan.window], measuredMs);
      }
    });
  }
}
