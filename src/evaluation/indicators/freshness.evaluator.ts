import { Injectable } from '@nestjs/common';
import { freshnessRange, freshSet, freshTimes, triageEdges } from '../domain/freshness';
import { normalize, totalLength } from '../../common/time/intervals';
import type { Figures } from '../domain/judge';
import { freshnessFigures, indicatorOf } from '../domain/kinds';
import { type Piece, planPieces } from '../domain/plan';
import type { EvaluationTask, IndicatorEvaluator } from '../evaluation.types';
import { MetricDataRepository } from '../metric-data.repository';
import { MinuteLevel } from '../minute-level';
import type { Instant } from '../../common/time/instant';

/**
 * Freshness objectives: stored buckets without long gaps give whole fresh runs; days with an outage
 * are looked at by hour, hours with an outage by minute (recent hours) or raw timestamps. Three statements per tick in all.
 */
@Injectable()
export class FreshnessEvaluator implements IndicatorEvaluator {
  constructor(
    private readonly data: MetricDataRepository,
    private readonly minutes: MinuteLevel,
  ) {}

  async evaluate(tasks: EvaluationTask[], now: Instant): Promise<Figures[]> {
    const minuteFrom = this.minutes.from(now);
    const specs = tasks.map((t) => {
      const ind = indicatorOf(t.objective, 'freshness');
      const maxAgeMs = ind.maxAgeSeconds * 1000;
      return {
        metric: ind.metric,
        maxAgeMs,
        pieces: planPieces([freshnessRange(t.window.window, maxAgeMs)], 3, minuteFrom),
      };
    });
    const runs = specs.map(() => [] as Array<[number, number]>);
    const raw = specs.map((s) => s.pieces.filter((p) => p.level === 0));

    // Weeks, days, hours and minutes: each pass keeps good buckets as runs and sends the rest one level
    // down (an hour or minute: to raw).
    let pending: Piece[][] = specs.map((s) => s.pieces.filter((p) => p.level > 0));
    for (let pass = 0; pass < 4 && pending.some((p) => p.length > 0); pass++) {
      const edges = await this.data.bucketEdges(
        tasks.map((t, i) => ({ vendorId: t.vendorId, metric: specs[i].metric, pieces: pending[i] })),
      );
      pending = edges.map((list, i) => {
        const triage = triageEdges(list, specs[i].maxAgeMs, minuteFrom);
        runs[i].push(...triage.runs);
        raw[i].push(...triage.finer.filter((p) => p.level === 0));
        return triage.finer.filter((p) => p.level > 0);
      });
    }
    // A raw range inside one stored bucket that holds no sample before the range (the running
    // minute's tail, whose bucket may already hold samples stamped after `now`) is judged by that
    // bucket's edges when it has no long gap, as a whole bucket is: freshness at an instant depends
    // on no later sample. Read raw, the tail cost up to a minute of samples every pass.
    const ranges = tasks.map((t, i) => ({
      vendorId: t.vendorId,
      metric: specs[i].metric,
      ranges: normalize(raw[i].map((p) => [p.from, p.to] as const)),
    }));
    const standIns = await this.data.rawRangeBuckets(ranges, minuteFrom);
    const stamps = await this.data.timestamps(
      ranges.map((r, i) => ({
        ...r,
        ranges: r.ranges.filter(([from]) => {
          const edge = standIns[i].get(from);
          if (!edge || edge.maxGapMs === null || edge.maxGapMs > specs[i].maxAgeMs) return true;
          runs[i].push([edge.firstTs, edge.lastTs]);
          return false;
        }),
      })),
    );

    return tasks.map((t, i) => {
      const fresh = freshSet(
        [...runs[i], ...stamps[i].map((ts) => [ts, ts] as [number, number])],
        specs[i].maxAgeMs,
      );
      return freshnessFigures(
        t.objective,
        freshTimes(fresh, t.window.measured),
        freshTimes(fresh, t.lastHour),
        totalLength(t.window.measuredWhole),
      );
    });
  }
}
