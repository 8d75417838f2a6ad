import { Injectable } from '@nestjs/common';
import { type Digest, mergeDigests } from '../domain/digest';
import { type Interval, subtract, totalLength } from '../../common/time/intervals';
import type { Figures } from '../domain/judge';
import { isPercentile, percentileFigures, ratioFigures, thresholdFigures } from '../domain/kinds';
import { planPieces } from '../domain/plan';
import { mergeSummaries, type Summary } from '../domain/summary';
import type { EvaluationTask, IndicatorEvaluator } from '../evaluation.types';
import { type MetricRequest, MetricDataRepository } from '../metric-data.repository';
import { MinuteLevel } from '../minute-level';
import type { Instant } from '../../common/time/instant';

type Pieces = MetricRequest['pieces'];

/**
 * The pieces of a window with its last hour of measured time tagged: one request answers both the
 * window (all pieces) and the burn-rate hour (tagged pieces).
 */
function windowPieces(
  measured: readonly Interval[],
  lastHour: readonly Interval[],
  minuteFrom: number,
): MetricRequest['pieces'] {
  const out: Array<MetricRequest['pieces'][number]> = planPieces(subtract(measured, lastHour), 3, minuteFrom);
  for (const p of planPieces(lastHour, 3, minuteFrom)) out.push({ ...p, tag: 1 });
  return out;
}

/** Ratio and threshold objectives: sums and summaries (or digests) over roll-ups plus raw edges. */
@Injectable()
export class SampleEvaluator implements IndicatorEvaluator {
  constructor(
    private readonly data: MetricDataRepository,
    private readonly minutes: MinuteLevel,
  ) {}

  async evaluate(tasks: EvaluationTask[], now: Instant): Promise<Figures[]> {
    const minuteFrom = this.minutes.from(now);
    const summaryRequests: MetricRequest[] = [];
    const digestRequests: MetricRequest[] = [];
    // Objectives sharing a window (same contract, period and exclusions) share its pieces, and those
    // reading the same metric share one request: the statements carry each piece list once.
    const pieces = new Map<EvaluationTask['window'], Partial<Record<'hour' | 'plain', Pieces>>>();
    const piecesOf = (t: EvaluationTask, withHour: boolean): Pieces => {
      let byKind = pieces.get(t.window);
      if (!byKind) pieces.set(t.window, (byKind = {}));
      return withHour
        ? (byKind.hour ??= windowPieces(t.window.measured, t.lastHour, minuteFrom))
        : (byKind.plain ??= planPieces(t.window.measured, 3, minuteFrom));
    };
    const requestIndex = new Map<MetricRequest[], Map<Pieces, Map<string, number>>>();
    const ask = (list: MetricRequest[], t: EvaluationTask, metric: string, withHour: boolean) => {
      const of = piecesOf(t, withHour);
      let bySet = requestIndex.get(list);
      if (!bySet) requestIndex.set(list, (bySet = new Map<Pieces, Map<string, number>>()));
      let byMetric = bySet.get(of);
      if (!byMetric) bySet.set(of, (byMetric = new Map<string, number>()));
      const key = `${t.vendorId}/${metric}`;
      let index = byMetric.get(key);
      if (index === undefined) {
        index = list.push({ vendorId: t.vendorId, metric, pieces: of }) - 1;
        byMetric.set(key, index);
      }
      return index;
    };

    const plans = tasks.map((t) => {
      const ind = t.objective.indicator;
      if (ind.kind === 'ratio') {
        return {
          kind: 'ratio' as const,
          num: ask(summaryRequests, t, ind.good ?? ind.bad!, true),
          total: ask(summaryRequests, t, ind.total, true),
        };
      }
      if (ind.kind === 'threshold' && isPercentile(ind.aggregate)) {
        return { kind: 'percentile' as const, values: ask(digestRequests, t, ind.metric, true) };
      }
      if (ind.kind === 'threshold')
        return { kind: 'threshold' as const, window: ask(summaryRequests, t, ind.metric, false) };
      throw new Error(`${ind.kind} is not a sample indicator`);
    });

    const [summaries, digests] = await Promise.all([
      this.data.summaries(summaryRequests, minuteFrom),
      this.data.digests(digestRequests, minuteFrom),
    ]);
    const whole = (i: number): Summary | undefined => mergeSummaries(summaries[i][0], summaries[i][1]);
    const hourSum = (i: number) => summaries[i][1]?.sum ?? 0;
    const wholeDigest = (i: number): Digest => mergeDigests(digests[i]);

    return tasks.map((t, i) => {
      const plan = plans[i];
      const measuredMs = totalLength(t.window.measured);
      switch (plan.kind) {
        case 'ratio':
          return ratioFigures(
            t.objective,
            { numerator: whole(plan.num)?.sum ?? 0, total: whole(plan.total)?.sum ?? 0 },
            { numerator: hourSum(plan.num), total: hourSum(plan.total) },
            measuredMs,
          );
        case 'percentile':
          return percentileFigures(
            t.objective,
            wholeDigest(plan.values),
            digests[plan.values][1],
            measuredMs,
          );
        case 'threshold':
          return thresholdFigures(t.objective, whole(plan.window), measuredMs);
      }
    });
  }
}
