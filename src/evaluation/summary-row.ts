import type { Summary } from './domain/summary';

/**
 * `sum(value)` that cannot overflow float8 whatever is stored: values are clamped to the range ingest
 * accepts (±(2^53 − 1)), which only changes rows stored before that range was enforced.
 */
export const clampedSum = (column: string) =>
  `sum(least(greatest(${column}, -9007199254740991), 9007199254740991))`;

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
