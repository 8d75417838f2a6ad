import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transactions';
import { monthPartition } from '../ingest/domain/partitions';

/** One session-independent key: the fold and compaction never change the same rows at once. */
export const SAMPLE_STORAGE_LOCK = 7_310_006;

/**
 * Where compaction has been: every instant before the cursor's `at`, and up to its `until` for the
 * series up to `series_after` once it started on that span (migration HourlyCompaction). Without a
 * cursor row (an emptied database) everything counts as reached, so the fold queues what it folds
 * and compaction finds it.
 */
const DONE = `coalesce((SELECT at FROM sample_compaction), 'infinity')`;
export const REACHED = `coalesce((SELECT CASE WHEN series_after > 0 THEN until ELSE at END FROM sample_compaction), 'infinity')`;

/** Where the compaction cursor stands (see REACHED). */
export interface CompactionCursor {
  at: number;
  until: number;
  seriesAfter: string;
}

/** A series' day to compact, up to `until` (the rest stays rows: compaction has not reached it). */
export interface CompactionPair {
  seriesId: string;
  day: number;
  until: number;
}

/**
 * Rows (`everything`) → a chunk per (series, day): microsecond offsets from the previous sample, values
 * (as small integers where they are: migration ChunkIntegerValues), and where each hour starts, in the
 * arrays and in time (migrations ChunkHourIndex, ChunkHourBases).
 */
const ENCODE = `coded AS (
  SELECT series_id, day, ts, value,
         (extract(epoch FROM ts - coalesce(lag(ts) OVER w, day)) * 1000000)::bigint AS d
    FROM everything WINDOW w AS (PARTITION BY series_id, day ORDER BY ts)
), ins AS (
  INSERT INTO sample_chunks (series_id, day, deltas, vals, ivals, vbase, hour_starts, hour_bases)
  SELECT a.series_id, a.day, a.deltas, e.vals, e.ivals, e.vbase, sla_chunk_hour_starts(a.deltas), sla_chunk_hour_bases(a.deltas) FROM (
    SELECT series_id, day, array_agg(d ORDER BY ts) AS deltas, array_agg(value ORDER BY ts) AS vals
      FROM coded GROUP BY 1, 2) a
   CROSS JOIN LATERAL sla_chunk_encode(a.vals) e
  RETURNING 1
)`;

/**
 * Compaction of raw samples into per-series day chunks (migration SampleChunks) and the way back:
 * a chunk that late data or a correction must change is thawed into rows first (the fold works on
 * rows), and queued to be compacted again.
 */
@Injectable()
export class SampleChunksRepository {
  /** Chunk partitions known to exist. */
  private readonly months = new Set<string>();

  /**
   * The chunk partitions of these days' months. The intake creates them with the samples' own, but
   * samples written by other means (a bulk load) may have only theirs.
   */
  async ensureMonths(em: Tx, days: number[]): Promise<void> {
    for (const day of days) {
      const p = monthPartition(day);
      if (this.months.has(p.name)) continue;
      const name = p.name.replace(/^samples_/, 'sample_chunks_');
      await em.query(
        `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF sample_chunks FOR VALUES FROM ('${p.from}') TO ('${p.to}')`,
      );
      this.months.add(p.name);
    }
  }

  /** Waits for a compaction step in progress (callers change rows a step could be moving). */
  async lock(em: Tx): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [SAMPLE_STORAGE_LOCK]);
  }

  /** The lock if free: a compaction step never waits for the fold. */
  async tryLock(em: Tx): Promise<boolean> {
    const [row]: Array<{ ok: boolean }> = await em.query('SELECT pg_try_advisory_xact_lock($1) AS ok', [
      SAMPLE_STORAGE_LOCK,
    ]);
    return row.ok;
  }

  /** Whether any of the batches holds a sample of a day compaction has reached (or may, unknown). */
  async reached(em: Tx, batchIds: string[]): Promise<boolean> {
    const [row]: Array<{ reached: boolean }> = await em.query(
      `SELECT EXISTS (
         SELECT 1 FROM ingest_batches b
          WHERE b.id = ANY($1::bigint[])
            AND (b.oldest_at IS NULL OR b.oldest_at < ${REACHED})
       ) AS reached`,
      [batchIds],
    );
    return row.reached;
  }

  /**
   * Before the batches are folded: the chunks of days their samples fall in (and, for a counter, its
   * increase series' chunk of the day) come back as folded rows (batch 0), and those days are queued
   * for compaction. A sample of the batches that repeats a chunk's timestamp takes the chunk's value
   * and batch 0, so it is not folded: the first value stays, as for rows.
   */
  async thawForBatches(em: Tx, batchIds: string[]): Promise<void> {
    await em.query(
      `WITH p AS (
         SELECT DISTINCT s.series_id, date_bin('1 day', s.ts, timestamptz 'epoch') AS day
           FROM samples s WHERE s.batch_id BETWEEN $1 AND $2 AND s.batch_id = ANY($3::bigint[])
            AND s.ts < ${REACHED}
       ), pairs AS (
         SELECT series_id, day FROM p
         UNION SELECT inc.id, p.day FROM p JOIN series inc ON inc.source_id = p.series_id
       ) ${THAW}`,
      [batchIds[0], batchIds[batchIds.length - 1], batchIds],
    );
  }

  /** The chunks holding these points come back as rows (a correction of a folded increase). */
  async thawPoints(em: Tx, points: Array<{ seriesId: string; ts: string }>): Promise<void> {
    if (points.length === 0) return;
    await em.query(
      `WITH pairs AS (
         SELECT DISTINCT s AS series_id, date_bin('1 day', t, timestamptz 'epoch') AS day
           FROM unnest($1::bigint[], $2::timestamptz[]) AS x(s, t)
       ) ${THAW}`,
      [points.map((p) => p.seriesId), points.map((p) => p.ts)],
    );
  }

  /** (Series, day) pairs of the batches' rows that compaction has passed: queued to be compacted. */
  async queueLate(em: Tx, batchIds: string[]): Promise<void> {
    await em.query(
      `INSERT INTO sample_compaction_backlog (series_id, day)
       SELECT DISTINCT s.series_id, date_bin('1 day', s.ts, timestamptz 'epoch')
         FROM samples s WHERE s.batch_id BETWEEN $1 AND $2 AND s.batch_id = ANY($3::bigint[])
          AND (s.ts < ${DONE} OR (s.ts < ${REACHED} AND s.series_id <= (SELECT series_after FROM sample_compaction)))
       ON CONFLICT DO NOTHING`,
      [batchIds[0], batchIds[batchIds.length - 1], batchIds],
    );
  }

  /**
   * The cursor; without a row (an emptied database) it starts at `start`. Until then the fold
   * queues every day it folds (no cursor: all are reached).
   */
  async cursor(em: Tx, start: number): Promise<CompactionCursor> {
    const [row]: Array<{ at: Date; until: Date; series_after: string }> = await em.query(
      `WITH ins AS (
         INSERT INTO sample_compaction (id, at, until) VALUES (1, $1, $1::timestamptz + interval '1 hour')
         ON CONFLICT (id) DO NOTHING RETURNING at, until, series_after
       )
       SELECT at, until, series_after FROM ins UNION ALL SELECT at, until, series_after FROM sample_compaction WHERE id = 1`,
      [new Date(start).toISOString()],
    );
    return { at: row.at.getTime(), until: row.until.getTime(), seriesAfter: row.series_after };
  }

  async setCursor(em: Tx, cursor: CompactionCursor): Promise<void> {
    await em.query(`UPDATE sample_compaction SET at = $1, until = $2, series_after = $3 WHERE id = 1`, [
      new Date(cursor.at).toISOString(),
      new Date(cursor.until).toISOString(),
      cursor.seriesAfter,
    ]);
  }

  /** The next `limit` series ids after `after` (every kind: increase series are samples too). */
  async seriesAfter(em: Tx, after: string, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await em.query(
      `SELECT id FROM series WHERE id > $1 ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Up to `limit` queued (series, day) pairs of days before `before`, oldest first. */
  async backlog(em: Tx, before: number, limit: number): Promise<Array<{ seriesId: string; day: number }>> {
    const rows: Array<{ series_id: string; day: Date }> = await em.query(
      `SELECT series_id, day FROM sample_compaction_backlog WHERE day < $1 ORDER BY day, series_id LIMIT $2`,
      [new Date(before).toISOString(), limit],
    );
    return rows.map((r) => ({ seriesId: r.series_id, day: r.day.getTime() }));
  }

  /**
   * Moves the folded rows of these (series, day) pairs before each pair's `until` into their chunks,
   * merging each with the chunk already there; rows of pending batches stay. Answers the samples moved.
   */
  async compact(em: Tx, pairs: CompactionPair[]): Promise<number> {
    if (pairs.length === 0) return 0;
    await this.ensureMonths(em, [...new Set(pairs.map((p) => p.day))]);
    // A step's statement is costed far above jit_above_cost, and compiling it took longer than it
    // saved: bench:storage compacted 25.3 M samples in 225.7 s with JIT, 96.7 s without.
    await em.query('SET LOCAL jit = off');
    const [row]: Array<{ moved: string }> = await em.query(
      `WITH pairs AS (
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[]) AS p(series_id, day, until)
       ), moved AS (
         DELETE FROM samples s USING pairs p
          WHERE s.series_id = p.series_id AND s.ts >= p.day AND s.ts < least(p.day + interval '1 day', p.until)
            AND NOT EXISTS (SELECT 1 FROM ingest_batches b WHERE b.id = s.batch_id)
         RETURNING s.series_id, p.day, s.ts, s.value
       ), old AS (
         DELETE FROM sample_chunks c USING (SELECT DISTINCT series_id, day FROM moved) m
          WHERE c.series_id = m.series_id AND c.day = m.day
         RETURNING c.series_id, c.day, c.deltas, ${CHUNK_VALUES} AS vals
       ), everything AS (
         -- A chunk's value wins over a row at the same instant (it came first); the fold makes that
         -- impossible, this keeps it so.
         SELECT DISTINCT ON (series_id, ts) series_id, day, ts, value FROM (
           SELECT o.series_id, o.day, u.ts, u.value, 0 AS rank FROM old o CROSS JOIN LATERAL sla_chunk_rows(o.day, o.deltas, o.vals) u
           UNION ALL
           SELECT series_id, day, ts, value, 1 FROM moved
         ) a ORDER BY series_id, ts, rank
       ), ${ENCODE}
       SELECT (SELECT count(*) FROM moved) AS moved`,
      [
        pairs.map((p) => p.seriesId),
        pairs.map((p) => new Date(p.day).toISOString()),
        pairs.map((p) => new Date(p.until).toISOString()),
      ],
    );
    await em.query(
      `DELETE FROM sample_compaction_backlog b USING unnest($1::bigint[], $2::timestamptz[]) AS p(s, d)
        WHERE b.series_id = p.s AND b.day = p.d`,
      [pairs.map((p) => p.seriesId), pairs.map((p) => new Date(p.day).toISOString())],
    );
    return Number(row.moved);
  }
}

/** A chunk's values as doubles, whatever form it holds them in. */
export const CHUNK_VALUES = 'sla_chunk_values(c.vals, c.ivals, c.vbase)';

/** Deletes the chunks of `pairs`, writes their samples back as folded rows and queues the pairs. */
const THAW = `, gone AS (
  DELETE FROM sample_chunks c USING pairs p WHERE c.series_id = p.series_id AND c.day = p.day
  RETURNING c.series_id, c.day, c.deltas, ${CHUNK_VALUES} AS vals
), queued AS (
  INSERT INTO sample_compaction_backlog (series_id, day) SELECT series_id, day FROM gone ON CONFLICT DO NOTHING
)
INSERT INTO samples (series_id, ts, value, batch_id)
SELECT g.series_id, u.ts, u.value, 0 FROM gone g CROSS JOIN LATERAL sla_chunk_rows(g.day, g.deltas, g.vals) u
ON CONFLICT (series_id, ts) DO UPDATE SET value = EXCLUDED.value, batch_id = 0`;
