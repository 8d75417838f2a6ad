import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transactions';
import { increases } from './domain/counter';
import { HOUR_MS } from './domain/plan';
import {
  CounterFoldRepository,
  type IncreaseRow,
  type NeighbourPoint,
  type StoredCounterPoint,
} from './counter-fold.repository';

/** An hour bucket whose already-folded increases changed: rebuilt from its raw points. */
export interface CorrectedHour {
  vendorId: string;
  metric: string;
  hour: number;
}

function bySeries<P extends { seriesId: string }>(points: P[]): Map<string, P[]> {
  const out = new Map<string, P[]>();
  for (const p of points) {
    const list = out.get(p.seriesId);
    if (list) list.push(p);
    else out.set(p.seriesId, [p]);
  }
  return out;
}

interface Merged {
  point: StoredCounterPoint | NeighbourPoint;
  fresh: boolean;
  successor: boolean;
}

/**
 * A late series' fresh points with the folded points around them, in time order: each point's true
 * predecessor is the one before it here (the folded point just before a late one is included, and no
 * folded point lies between a late point and its successor).
 */
function merged(points: StoredCounterPoint[], around: NeighbourPoint[]): Merged[] {
  const byTs = new Map<number, Merged>();
  for (const p of points) byTs.set(p.ts, { point: p, fresh: true, successor: false });
  for (const p of around) {
    const found = byTs.get(p.ts);
    if (found) found.successor ||= p.successor && !found.fresh;
    else byTs.set(p.ts, { point: p, fresh: false, successor: p.successor });
  }
  return [...byTs.values()].sort((a, b) => a.point.ts - b.point.ts);
}

/**
 * The first step of a fold: each cumulative point of the batches gets its increase point (same time,
 * in the counter's increase series), which the roll-up then folds like any sample. A point's
 * predecessor is the newest point before it that is folded or being folded, so the figure never
 * depends on the order batches arrive or which replica took them. An in-order point follows the
 * series' stored newest point (no scan). A late one changes its own increase and its folded
 * successor's: one statement fetches every late point's two neighbours, and the hours whose folded
 * increases changed (of the metric and of every selector reading the series) are answered for a
 * rebuild.
 */
@Injectable()
export class CounterFold {
  constructor(private readonly repository: CounterFoldRepository) {}

  async derive(em: Tx, batchIds: string[]): Promise<CorrectedHour[]> {
    const fresh = await this.repository.freshPoints(em, batchIds);
    if (fresh.length === 0) return [];
    const series = bySeries(fresh);
    const states = await this.repository.states(em, [...series.keys()]);
    const writes: IncreaseRow[] = [];
    const newest: Array<{ seriesId: string; tsText: string; value: number }> = [];
    const late: StoredCounterPoint[] = [];
    for (const [seriesId, points] of series) {
      const state = states.get(seriesId);
      const last = points[points.length - 1];
      if (state === undefined || last.ts > state.ts)
        newest.push({ seriesId, tsText: last.tsText, value: last.value });
      if (state === undefined || points[0].ts > state.ts) {
        const inc = increases(points, state?.value);
        points.forEach((p, i) => writes.push({ ...p, value: inc[i] }));
      } else for (const p of points) late.push(p);
    }
    const changed: Array<{ series: StoredCounterPoint; ts: number }> = [];
    const around = bySeries(await this.repository.neighbours(em, late, batchIds));
    for (const [seriesId, points] of bySeries(late)) {
      const list = merged(points, around.get(seriesId) ?? []);
      const inc = increases(list.map((m) => m.point));
      list.forEach((m, i) => {
        const { point } = m;
        if (m.fresh) {
          writes.push({
            increaseId: points[0].increaseId,
            tsText: point.tsText,
            value: inc[i],
            batchId: point.batchId,
          });
        } else if (m.successor && i > 0 && (point as NeighbourPoint).stored !== inc[i]) {
          writes.push({
            increaseId: points[0].increaseId,
            tsText: point.tsText,
            value: inc[i],
            batchId: point.batchId,
          });
          changed.push({ series: points[0], ts: point.ts });
        }
      });
    }
    await this.repository.writeIncreases(em, writes);
    await this.repository.advanceStates(em, newest);
    return this.correctedHours(em, changed);
  }

  /** The hours to rebuild: of the metric, and of each selector input that reads the changed series. */
  private async correctedHours(
    em: Tx,
    changed: Array<{ series: StoredCounterPoint; ts: number }>,
  ): Promise<CorrectedHour[]> {
    const inputs = await this.repository.selectorInputs(em, [
      ...new Set(changed.map((c) => c.series.increaseId)),
    ]);
    const out = new Map<string, CorrectedHour>();
    for (const { series, ts } of changed) {
      const hour = Math.floor(ts / HOUR_MS) * HOUR_MS;
      for (const metric of [series.metric, ...(inputs.get(series.increaseId) ?? [])])
        out.set(`${series.vendorId}/${metric}@${hour}`, { vendorId: series.vendorId, metric, hour });
    }
    return [...out.values()];
  }
}
