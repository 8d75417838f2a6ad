import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transactions';
import { increases } from './domain/counter';
import { HOUR_MS } from './domain/plan';
import { CounterFoldRepository, type IncreaseRow, type StoredCounterPoint } from './counter-fold.repository';

/** An hour bucket whose already-folded increases changed: rebuilt from its raw points. */
export interface CorrectedHour {
  vendorId: string;
  metric: string;
  hour: number;
}

function bySeries(points: StoredCounterPoint[]): Map<string, StoredCounterPoint[]> {
  const out = new Map<string, StoredCounterPoint[]>();
  for (const p of points) {
    const list = out.get(p.seriesId);
    if (list) list.push(p);
    else out.set(p.seriesId, [p]);
  }
  return out;
}

/**
 * The first step of a fold: each cumulative point of the batches gets its increase point (same time,
 * in the counter's increase series), which the roll-up then folds like any sample. A point's
 * predecessor is the newest point before it that is folded or being folded, so the figure never
 * depends on the order batches arrive or which replica took them: an in-order point follows the
 * series' stored newest point (no scan); a late one recomputes the points after it, and the hours
 * whose increases that changed are answered for a rebuild.
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
    const corrected = new Map<string, CorrectedHour>();
    const newest: Array<{ seriesId: string; tsText: string; value: number }> = [];
    for (const [seriesId, points] of series) {
      const state = states.get(seriesId);
      const first = points[0];
      if (state === undefined || first.ts > state.ts) {
        const inc = increases(points, state?.value);
        points.forEach((p, i) => writes.push({ ...p, value: inc[i] }));
        const last = points[points.length - 1];
        newest.push({ seriesId, tsText: last.tsText, value: last.value });
        continue;
      }
      const around = await this.repository.neighbours(em, seriesId, first.increaseId, first.tsText, batchIds);
      const before = around.find((p) => p.before);
      const after = around.filter((p) => !p.before);
      const inc = increases(after, before?.value);
      after.forEach((p, i) => {
        if (!p.fresh && p.stored === inc[i]) return;
        writes.push({ increaseId: first.increaseId, tsText: p.tsText, value: inc[i], batchId: p.batchId });
        if (!p.fresh) {
          const hour = Math.floor(p.ts / HOUR_MS) * HOUR_MS;
          corrected.set(`${first.vendorId}/${first.metric}@${hour}`, {
            vendorId: first.vendorId,
            metric: first.metric,
            hour,
          });
        }
      });
      const last = after[after.length - 1];
      newest.push({ seriesId, tsText: last.tsText, value: last.value });
    }
    await this.repository.writeIncreases(em, writes);
    await this.repository.advanceStates(em, newest);
    return [...corrected.values()];
  }
}
