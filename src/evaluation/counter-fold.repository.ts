import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transactions';
import { CHUNK_VALUES, SampleChunksRepository } from './sample-chunks.repository';

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

/**
 * A folded point next to a late one: `successor` when it is the first folded point after a late
 * point (its increase changes), otherwise the last folded point before one (its value is the baseline).
 */
export interface NeighbourPoint {
  seriesId: string;
  tsText: string;
  ts: number;
  value: number;
  batchId: string;
  successor: boolean;
  /** Its increase so far (successors only). */
  stored: number | null;
}

export interface IncreaseRow {
  increaseId: string;
  tsText: string;
  value: number;
  batchId: string;
}

/** Statements of the counter fold: fresh cumulative points, predecessors, increase rows, state. */
@Injectable()
export class CounterFoldRepository {
  constructor(private readonly chunks: SampleChunksRepository) {}

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
   * For each late point, the folded point just before it and the one just after it (with its stored
   * increase): all a late point changes is its own increase and its successor's, so the cost is two
   * index probes per late point however long the series is. One statement for all of them; a probe
   * that lands on a point of another pending batch (not part of any figure yet) looks again past it.
   */
  async neighbours(em: Tx, late: StoredCounterPoint[], batchIds: string[]): Promise<NeighbourPoint[]> {
    const folding = new Set(batchIds);
    const out: NeighbourPoint[] = [];
    let probes = [
      ...late.map((p) => ({ point: p, from: p.tsText, successor: false })),
      ...late.map((p) => ({ point: p, from: p.tsText, successor: true })),
    ];
    while (probes.length > 0) {
      const found = await this.probe(em, probes);
      const again: typeof probes = [];
      found.forEach((n, i) => {
        if (n === undefined) return;
        // A point of a batch being folded is one of the late points themselves (it probes on its own).
        if (n.pending && !folding.has(n.batchId)) again.push({ ...probes[i], from: n.tsText });
        else if (!n.pending) out.push(n);
      });
      probes = again;
    }
    return out;
  }

  /**
   * The nearest stored point before (or after) each probe's time in its series, whatever its batch:
   * a bare ordered probe of the (series, ts) index. (A batch filter inside it made the planner sort
   * the whole rest of the series.)
   */
  private async probe(
    em: Tx,
    probes: Array<{ point: StoredCounterPoint; from: string; successor: boolean }>,
  ): Promise<Array<(NeighbourPoint & { pending: boolean }) | undefined>> {
    const rows: Array<{
      i: number;
      ts_text: string;
      ts_ms: number;
      value: number;
      batch_id: string;
      stored: number | null;
      pending: boolean;
    }> = await em.query(
      `SELECT l.i, n.ts::text AS ts_text, extract(epoch FROM n.ts)::float8 * 1000 AS ts_ms, n.value, n.batch_id,
              CASE WHEN l.successor THEN (SELECT i.value FROM sla_samples(l.increase_id, n.ts, n.ts + interval '1 microsecond') i) END AS stored,
              EXISTS (SELECT 1 FROM ingest_batches pb WHERE pb.id = n.batch_id) AS pending
         FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::bool[]) WITH ORDINALITY AS l(series_id, increase_id, ts, successor, i)
        CROSS JOIN LATERAL (
          (SELECT * FROM (
            (SELECT s.ts, s.value, s.batch_id FROM samples s
              WHERE NOT l.successor AND s.series_id = l.series_id AND s.ts < l.ts ORDER BY s.ts DESC LIMIT 1)
            UNION ALL
            -- Compacted days: the probe's own day may hold nothing before it, the one before does.
            (SELECT u.ts, u.value, 0::bigint FROM (
               SELECT c.day, c.deltas, ${CHUNK_VALUES} AS vals FROM sample_chunks c
                WHERE NOT l.successor AND c.series_id = l.series_id AND c.day < l.ts ORDER BY c.day DESC LIMIT 2) c
              CROSS JOIN LATERAL sla_chunk_rows(c.day, c.deltas, c.vals) u WHERE u.ts < l.ts ORDER BY u.ts DESC LIMIT 1)
          ) b WHERE NOT l.successor ORDER BY b.ts DESC LIMIT 1)
          UNION ALL
          (SELECT * FROM (
            (SELECT s.ts, s.value, s.batch_id FROM samples s
              WHERE l.successor AND s.series_id = l.series_id AND s.ts > l.ts ORDER BY s.ts LIMIT 1)
            UNION ALL
            (SELECT u.ts, u.value, 0::bigint FROM (
               SELECT c.day, c.deltas, ${CHUNK_VALUES} AS vals FROM sample_chunks c
                WHERE l.successor AND c.series_id = l.series_id AND c.day > l.ts - interval '1 day' ORDER BY c.day LIMIT 2) c
              CROSS JOIN LATERAL sla_chunk_rows(c.day, c.deltas, c.vals) u WHERE u.ts > l.ts ORDER BY u.ts LIMIT 1)
          ) a WHERE l.successor ORDER BY a.ts LIMIT 1)
        ) n`,
      [
        probes.map((p) => p.point.seriesId),
        probes.map((p) => p.point.increaseId),
        probes.map((p) => p.from),
        probes.map((p) => p.successor),
      ],
    );
    const out = new Array<(NeighbourPoint & { pending: boolean }) | undefined>(probes.length);
    for (const r of rows) {
      const { point, successor } = probes[Number(r.i) - 1];
      out[Number(r.i) - 1] = {
        seriesId: point.seriesId,
        tsText: r.ts_text,
        ts: r.ts_ms,
        value: r.value,
        batchId: r.batch_id,
        successor,
        stored: r.stored,
        pending: r.pending,
      };
    }
    return out;
  }

  /** The selector inputs (`metric{...}`) each series feeds, by series id. */
  async selectorInputs(em: Tx, seriesIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (seriesIds.length === 0) return out;
    const rows: Array<{ series_id: string; input: string }> = await em.query(
      `SELECT se.id AS series_id, sel.input
         FROM series se JOIN input_selectors sel ON sel.vendor_id = se.vendor_id AND sel.metric = se.metric
        WHERE se.id = ANY($1::bigint[]) AND sla_labels_match(se.labels, sel.matchers)`,
      [seriesIds],
    );
    for (const r of rows) out.set(r.series_id, [...(out.get(r.series_id) ?? []), r.input]);
    return out;
  }

  /**
   * Writes increase points (a corrected one keeps its row and takes the new value; one in a compacted
   * day comes back to a row first).
   */
  async writeIncreases(em: Tx, rows: IncreaseRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.chunks.thawPoints(
      em,
      rows.map((r) => ({ seriesId: r.increaseId, ts: r.tsText })),
    );
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
