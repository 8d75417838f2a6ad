import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Summary } from './domain/summary';
import type { Digest } from './domain/digest';
import type { StoredLevel } from './domain/plan';
import type { DeltaPiece } from './domain/rollup';
import { clampedSum, type SummaryColumns, summaryFromRow } from './summary-row';
import type { SeriesInput } from './series-inputs.repository';

export interface BucketRow {
  vendorId: string;
  metric: string;
  level: StoredLevel;
  bucket: number;
  summary: Summary;
  /** null = not kept for this bucket. */
  digest: Digest | null;
  /** When the newest data folded into the bucket arrived (Unix ms); null for older buckets. */
  lastReceivedAt: number | null;
}

/** `vendorId/metric` keys whose buckets keep value digests and largest gaps. */
export interface KeptExtras {
  digests: Set<string>;
  gaps: Set<string>;
}

/** A batch delta of one bucket: an hour, or a minute when `minute` (then `hour` is the minute's start). */
export interface DeltaRow extends DeltaPiece {
  minute: boolean;
}

export interface RawBucket extends SummaryColumns {
  vendor_id: string;
  metric: string;
  level: number;
  bucket: Date;
  digest_values: number[] | null;
  digest_counts: string[] | null;
  last_received_at: Date | null;
}

export function toBucket(r: RawBucket): BucketRow {
  return {
    vendorId: r.vendor_id,
    metric: r.metric,
    level: r.level as StoredLevel,
    bucket: r.bucket.getTime(),
    summary: summaryFromRow(r),
    digest:
      r.digest_values && r.digest_counts
        ? r.digest_values.map((v, i) => [v, Number(r.digest_counts![i])])
        : null,
    lastReceivedAt: r.last_received_at?.getTime() ?? null,
  };
}

const arrayLiteral = (values: readonly number[]) => `{${values.join(',')}}`;

/** Statements of the roll-up worker: pending batches, their deltas, bucket upserts, cache invalidation. */
@Injectable()
export class RollupRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The oldest pending batches, but those in `skip` (their fold failed not long ago). */
  async pendingBatches(em: EntityManager, limit: number, skip: string[] = []): Promise<string[]> {
    const rows: Array<{ id: string }> = await em.query(
      `SELECT id FROM ingest_batches WHERE rolled_up_at IS NULL AND id <> ALL($2::bigint[]) ORDER BY id LIMIT $1`,
      [limit, skip],
    );
    return rows.map((r) => r.id);
  }

  /** The vendor key of each batch (for naming a failed fold). */
  async batchVendors(ids: string[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; key: string }> = await this.dataSource.query(
      `SELECT b.id, v.key FROM ingest_batches b JOIN vendors v ON v.id = b.vendor_id WHERE b.id = ANY($1::bigint[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.key]));
  }

  /**
   * What the roll-ups must keep beyond sums: value digests for metrics a percentile objective reads,
   * largest gaps for metrics a freshness objective reads (keys `vendorId/metric`). Keeping them only
   * there spares the roll-up a sort of every sample.
   */
  async keptExtras(em: EntityManager): Promise<KeptExtras> {
    const rows: Array<{ key: string; extra: 'digest' | 'gap' }> = await em.query(
      `SELECT DISTINCT c.vendor_id::text || '/' || (o.definition->'indicator'->>'metric') AS key,
              CASE WHEN o.kind = 'freshness' THEN 'gap' ELSE 'digest' END AS extra
         FROM objectives o JOIN contracts c ON c.id = o.contract_id
        WHERE o.removed_at IS NULL AND (o.kind = 'freshness'
           OR (o.kind = 'threshold' AND o.definition->'indicator'->>'aggregate' LIKE 'p%'))`,
    );
    return {
      digests: new Set(rows.filter((r) => r.extra === 'digest').map((r) => r.key)),
      gaps: new Set(rows.filter((r) => r.extra === 'gap').map((r) => r.key)),
    };
  }

  /**
   * What the batches added, in one read of their samples: per (vendor, metric, UTC minute) for
   * samples from `minuteFrom` on (`minute` true), per (vendor, metric, UTC hour) before it; only rows
   * they really inserted carry their id. `hourDeltas` merges the pieces into hour deltas. Gaps (a sort
   * by time) and value lists only for the metrics that keep them.
   */
  async deltas(
    em: EntityManager,
    batchIds: string[],
    kept: KeptExtras,
    inputs: SeriesInput[],
    minuteFrom: number,
  ): Promise<DeltaRow[]> {
    const rows: Array<
      SummaryColumns & {
        vendor_id: string;
        metric: string;
        bucket: Date;
        fine: boolean;
        vals: number[] | null;
        received_at: Date;
      }
    > = await em.query(
      `WITH src AS MATERIALIZED (
         SELECT s.series_id, s.ts, s.value, b.received_at
           FROM samples s JOIN ingest_batches b ON b.id = s.batch_id
          WHERE s.batch_id BETWEEN $1 AND $2 AND s.batch_id = ANY($3::bigint[])
       ), inputs AS (
         -- Each series folds into its metric and every selector of that metric it matches (SeriesInputs).
         SELECT * FROM unnest($7::bigint[], $8::uuid[], $9::text[]) AS i(series_id, vendor_id, input)
       ), d AS MATERIALIZED (
         SELECT i.vendor_id, i.input AS metric, src.ts >= $6::timestamptz AS fine,
                CASE WHEN src.ts >= $6::timestamptz THEN date_trunc('minute', src.ts, 'UTC')
                     ELSE date_trunc('hour', src.ts, 'UTC') END AS bucket,
                src.ts, src.value, src.received_at,
                (i.vendor_id::text || '/' || i.input) = ANY($4::text[]) AS want_gap,
                (i.vendor_id::text || '/' || i.input) = ANY($5::text[]) AS want_digest
           FROM src JOIN inputs i USING (series_id)
       ), gaps AS (
         SELECT vendor_id, metric, bucket, fine, coalesce(max(gap), 0)::float8 AS max_gap_ms
           FROM (SELECT vendor_id, metric, bucket, fine,
                        extract(epoch FROM ts - lag(ts) OVER (PARTITION BY vendor_id, metric, bucket, fine ORDER BY ts)) * 1000 AS gap
                   FROM d WHERE want_gap) x
          GROUP BY vendor_id, metric, bucket, fine
       )
       SELECT a.*, g.max_gap_ms FROM (
         SELECT vendor_id, metric, bucket, fine, count(*)::float8 AS count, ${clampedSum('value')} AS sum, min(value) AS min,
                max(value) AS max, min(ts) AS first_ts, max(ts) AS last_ts,
                -- the latest sample, the largest value on a tie: a max over (epoch, value) pairs, no sort
                (max(ARRAY[extract(epoch FROM ts)::float8, value]))[2] AS last_value,
                array_agg(value) FILTER (WHERE want_digest) AS vals, max(received_at) AS received_at
           FROM d GROUP BY vendor_id, metric, bucket, fine
       ) a LEFT JOIN gaps g USING (vendor_id, metric, bucket, fine)`,
      [
        batchIds[0],
        batchIds[batchIds.length - 1],
        batchIds,
        [...kept.gaps],
        [...kept.digests],
        Number.isFinite(minuteFrom) ? new Date(minuteFrom).toISOString() : '-infinity',
        inputs.map((i) => i.seriesId),
        inputs.map((i) => i.vendorId),
        inputs.map((i) => i.input),
      ],
    );
    return rows.map((r) => ({
      vendorId: r.vendor_id,
      metric: r.metric,
      hour: r.bucket.getTime(),
      minute: r.fine,
      summary: summaryFromRow(r),
      values: r.vals,
      lastReceivedAt: r.received_at.getTime(),
    }));
  }

  /** Stored buckets for keys (vendor, metric, level, bucket). */
  async buckets(
    em: EntityManager,
    keys: Array<{ vendorId: string; metric: string; level: StoredLevel; bucket: number }>,
  ): Promise<BucketRow[]> {
    if (keys.length === 0) return [];
    const rows: RawBucket[] = await em.query(
      `SELECT b.* FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::timestamptz[]) AS k(v, m, l, t)
         CROSS JOIN LATERAL (SELECT * FROM metric_rollups b0 WHERE b0.vendor_id = k.v AND b0.metric = k.m
                               AND b0.level = k.l AND b0.bucket = k.t OFFSET 0) b`,
      [
        keys.map((k) => k.vendorId),
        keys.map((k) => k.metric),
        keys.map((k) => k.level),
        keys.map((k) => new Date(k.bucket).toISOString()),
      ],
    );
    return rows.map(toBucket);
  }

  /** The buckets of `level` inside parents [start, start + span), for recomputing those parents. */
  async children(
    em: EntityManager,
    level: 1 | 2,
    spanMs: number,
    parents: Array<{ vendorId: string; metric: string; start: number }>,
  ) {
    if (parents.length === 0) return [];
    const rows: RawBucket[] = await em.query(
      `SELECT b.* FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS k(v, m, d)
         CROSS JOIN LATERAL (SELECT * FROM metric_rollups b0 WHERE b0.vendor_id = k.v AND b0.metric = k.m
                               AND b0.level = $4 AND b0.bucket >= k.d AND b0.bucket < k.d + $5 * interval '1 millisecond'
                             OFFSET 0) b
        ORDER BY b.vendor_id, b.metric, b.bucket`,
      [
        parents.map((d) => d.vendorId),
        parents.map((d) => d.metric),
        parents.map((d) => new Date(d.start).toISOString()),
        level,
        spanMs,
      ],
    );
    return rows.map(toBucket);
  }

  async upsert(em: EntityManager, rows: BucketRow[]): Promise<void> {
    if (rows.length === 0) return;
    const col = <T>(f: (r: BucketRow) => T) => rows.map(f);
    await em.query(
      `INSERT INTO metric_rollups (vendor_id, metric, level, bucket, count, sum, min, max, first_ts, last_ts, last_value,
                                   max_gap_ms, digest_values, digest_counts, last_received_at)
       SELECT v, m, l, t, c, s, mn, mx, f, la, lv, g, dv::float8[], dc::bigint[], ra
         FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::timestamptz[], $5::float8[], $6::float8[], $7::float8[],
                     $8::float8[], $9::timestamptz[], $10::timestamptz[], $11::float8[], $12::float8[], $13::text[], $14::text[],
                     $15::timestamptz[])
           AS x(v, m, l, t, c, s, mn, mx, f, la, lv, g, dv, dc, ra)
       ON CONFLICT (vendor_id, metric, level, bucket) DO UPDATE SET count = EXCLUDED.count, sum = EXCLUDED.sum,
         min = EXCLUDED.min, max = EXCLUDED.max, first_ts = EXCLUDED.first_ts, last_ts = EXCLUDED.last_ts,
         last_value = EXCLUDED.last_value, max_gap_ms = EXCLUDED.max_gap_ms,
         digest_values = EXCLUDED.digest_values, digest_counts = EXCLUDED.digest_counts,
         last_received_at = EXCLUDED.last_received_at`,
      [
        col((r) => r.vendorId),
        col((r) => r.metric),
        col((r) => r.level),
        col((r) => new Date(r.bucket).toISOString()),
        col((r) => r.summary.count),
        col((r) => r.summary.sum),
        col((r) => r.summary.min),
        col((r) => r.summary.max),
        col((r) => new Date(r.summary.firstTs).toISOString()),
        col((r) => new Date(r.summary.lastTs).toISOString()),
        col((r) => r.summary.lastValue),
        col((r) => r.summary.maxGapMs),
        col((r) => (r.digest ? arrayLiteral(r.digest.map(([v]) => v)) : null)),
        col((r) => (r.digest ? arrayLiteral(r.digest.map(([, c]) => c)) : null)),
        col((r) => (r.lastReceivedAt === null ? null : new Date(r.lastReceivedAt).toISOString())),
      ],
    );
  }

  /** Cached timeslice chunks that read samples in [from, to] of these metrics. */
  async invalidateChunks(
    em: EntityManager,
    spans: Array<{ vendorId: string; metric: string; from: number; to: number }>,
  ) {
    if (spans.length === 0) return;
    await em.query(
      `DELETE FROM timeslice_chunks c USING unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS t(v, m, f, l)
        WHERE c.vendor_id = t.v AND c.metric = t.m AND c.bucket <= t.l AND c.span_end > t.f`,
      [
        spans.map((s) => s.vendorId),
        spans.map((s) => s.metric),
        spans.map((s) => new Date(s.from).toISOString()),
        spans.map((s) => new Date(s.to).toISOString()),
      ],
    );
  }

  async finishBatches(em: EntityManager, batchIds: string[]): Promise<void> {
    await em.query(`DELETE FROM ingest_batches WHERE id = ANY($1::bigint[])`, [batchIds]);
  }
}
