import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transactions';

/** A point of a cumulative series, as the counter fold reads it. */
export interface StoredCounterPoint {
  /** The raw (cumulative) series and its increase series. */
  seriesId: string;
  increaseId: string;
  vendorId: string;
  metric: string;
  /** The timestamp as PostgreSQL prints it (microseconds kept), and as epoch ms for ordering. */
  tsText: string;
  ts: number;
  value: number;
  batchId: string;
}

/** A point around a late one: `fresh` when it is being folded now, `stored` its increase so far. */
export interface NeighbourPoint {
  tsText: string;
  ts: number;
  value: number;
  batchId: string;
  fresh: boolean;
  /** Before the first fresh point: only its value matters (the predecessor). */
  before: boolean;
  stored: number | null;
}

export interface IncreaseRow {
  increaseId: string;
  tsText: string;
  value: number;
  batchId: string;
}

// Rows of batches still pending (but those being folded) are not part of any figure yet: a point's
// predecessor is the newest point before it that is folded or being folded.
const FOLDED = `NOT EXISTS (SELECT 1 FROM ingest_batches pb WHERE pb.id = s.batch_id AND pb.id <> ALL($3::bigint[]))`;

/** Statements of the counter fold: fresh cumulative points, predecessors, increase rows, state. */
@Injectable()
export class CounterFoldRepository {
  /** The cumulative points the batches inserted, by series then time. */
  async freshPoints(em: Tx, batchIds: string[]): Promise<StoredCounterPoint[]> {
    const rows: Array<{
      series_id: string;
      increase_id: string;
      vendor_id: string;
      metric: string;
      ts_text: string;
      ts_ms: number;
      value: number;
      batch_id: string;
    }> = await em.query(
      `SELECT s.series_id, inc.id AS increase_id, se.vendor_id, se.metric, s.ts::text AS ts_text,
              extract(epoch FROM s.ts)::float8 * 1000 AS ts_ms, s.value, s.batch_id
         FROM samples s JOIN series se ON se.id = s.series_id AND se.kind = 'cumulative'
         JOIN series inc ON inc.source_id = se.id
        WHERE s.batch_id BETWEEN $1 AND $2 AND s.batch_id = ANY($3::bigint[])
        ORDER BY s.series_id, s.ts`,
      [batchIds[0], batchIds[batchIds.length - 1], batchIds],
    );
    return rows.map((r) => ({
      seriesId: r.series_id,
      increaseId: r.increase_id,
      vendorId: r.vendor_id,
      metric: r.metric,
      tsText: r.ts_text,
      ts: r.ts_ms,
      value: r.value,
      batchId: r.batch_id,
    }));
  }

  /** Each series' newest folded point (ts in epoch ms). */
  async states(em: Tx, seriesIds: string[]): Promise<Map<string, { ts: number; value: number }>> {
    if (seriesIds.length === 0) return new Map();
    const rows: Array<{ series_id: string; ts_ms: number; last_value: number }> = await em.query(
      `SELECT series_id, extract(epoch FROM last_ts)::float8 * 1000 AS ts_ms, last_value
         FROM counter_state WHERE series_id = ANY($1::bigint[])`,
      [seriesIds],
    );
    return new Map(rows.map((r) => [r.series_id, { ts: r.ts_ms, value: r.last_value }]));
  }

  /**
   * A series from the predecessor of `fromText` on (folded or being folded), with each point's stored
   * increase: what a late point changes is recomputed from this. Rare (out-of-order data only).
   */
  async neighbours(
    em: Tx,
    seriesId: string,
    increaseId: string,
    fromText: string,
    batchIds: string[],
  ): Promise<NeighbourPoint[]> {
    const rows: Array<{
      ts_text: string;
      ts_ms: number;
      value: number;
      batch_id: string;
      before: boolean;
      stored: number | null;
    }> = await em.query(
      `SELECT * FROM (
         (SELECT s.ts::text AS ts_text, extract(epoch FROM s.ts)::float8 * 1000 AS ts_ms, s.value, s.batch_id,
                 true AS before, NULL::float8 AS stored
            FROM samples s WHERE s.series_id = $1 AND s.ts < $2::timestamptz AND ${FOLDED}
           ORDER BY s.ts DESC LIMIT 1)
         UNION ALL
         (SELECT s.ts::text, extract(epoch FROM s.ts)::float8 * 1000, s.value, s.batch_id, false, i.value
            FROM samples s LEFT JOIN samples i ON i.series_id = $4 AND i.ts = s.ts
           WHERE s.series_id = $1 AND s.ts >= $2::timestamptz AND ${FOLDED})
       ) x ORDER BY ts_ms`,
      [seriesId, fromText, batchIds, increaseId],
    );
    const folding = new Set(batchIds);
    return rows.map((r) => ({
      tsText: r.ts_text,
      ts: r.ts_ms,
      value: r.value,
      batchId: r.batch_id,
      fresh: folding.has(r.batch_id),
      before: r.before,
      stored: r.stored,
    }));
  }

  /** Writes increase points (a corrected one keeps its row and takes the new value). */
  async writeIncreases(em: Tx, rows: IncreaseRow[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(
      `INSERT INTO samples (series_id, ts, value, batch_id)
       SELECT s, t, v, b FROM unnest($1::bigint[], $2::timestamptz[], $3::float8[], $4::bigint[]) AS x(s, t, v, b)
       ON CONFLICT (series_id, ts) DO UPDATE SET value = EXCLUDED.value`,
      [
        rows.map((r) => r.increaseId),
        rows.map((r) => r.tsText),
        rows.map((r) => r.value),
        rows.map((r) => r.batchId),
      ],
    );
  }

  /** Moves each series' newest folded point forward (never back). */
  async advanceStates(em: Tx, states: Array<{ seriesId: string; tsText: string; value: number }>) {
    if (states.length === 0) return;
    await em.query(
      `INSERT INTO counter_state (series_id, last_ts, last_value)
       SELECT s, t, v FROM unnest($1::bigint[], $2::timestamptz[], $3::float8[]) AS x(s, t, v)
       ON CONFLICT (series_id) DO UPDATE SET last_ts = EXCLUDED.last_ts, last_value = EXCLUDED.last_value
        WHERE EXCLUDED.last_ts > counter_state.last_ts`,
      [states.map((s) => s.seriesId), states.map((s) => s.tsText), states.map((s) => s.value)],
    );
  }
}
