import type { Summary } from './domain/summary';

/** The summary columns as SQL answers them (roll-up rows, batch deltas, aggregated pieces). */
export interface SummaryColumns {
  count: number | string;
  sum: number;
  min: number;
  max: number;
  first_ts: Date;
  last_ts: Date;
  last_value: number;
  max_gap_ms?: number | null;
}

export function summaryFromRow(r: SummaryColumns): Summary {
  return {
    count: Number(r.count),
    sum: r.sum,
    min: r.min,
    max: r.max,
    firstTs: r.first_ts.getTime(),
    lastTs: r.last_ts.getTime(),
    lastValue: r.last_value,
    maxGapMs: r.max_gap_ms ?? null,
  };
}
