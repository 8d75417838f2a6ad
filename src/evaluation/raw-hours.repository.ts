import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type KeptExtras, type RawBucket, toBucket } from './rollup.repository';

/** Reads of raw samples by whole buckets (repairs, counter corrections, selector back-fills). */
@Injectable()
export class RawHoursRepository {
  /** Settled hours of metrics that keep a gap or a digest but lack it (out-of-order data, a new objective). */
  async hoursToRepair(em: EntityManager, before: number, limit: number, kept: KeptExtras) {
    const rows: RawBucket[] = await em.query(
      `SELECT * FROM metric_rollups
        WHERE level = 1 AND bucket < $1 AND bucket >= $1::timestamptz - interval '400 days'
          AND ((max_gap_ms IS NULL AND (vendor_id::text || '/' || metric) = ANY($3::text[]))
            OR (digest_values IS NULL AND (vendor_id::text || '/' || metric) = ANY($4::text[])))
        ORDER BY bucket DESC LIMIT $2`,
      [new Date(before).toISOString(), limit, [...kept.gaps], [...kept.digests]],
    );
    return rows.map(toBucket);
  }

  /**
   * Raw samples of whole buckets (hours, or minutes: `spanMs`), for a rebuild: those folded and those
   * of the batches being folded (`folding`); rows of other pending batches are left to their own fold,
   * which would count them again.
   */
  async rawBuckets(
    em: EntityManager,
    buckets: Array<{ vendorId: string; metric: string; bucket: number; spanMs: number }>,
    folding: string[] = [],
  ) {
    if (buckets.length === 0) return [];
    const rows: Array<{ i: number; ts: Date; value: number }> = await em.query(
      `SELECT k.i, s.ts, s.value
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $5::float8[]) WITH ORDINALITY AS k(v, m, h, span, i)
         LEFT JOIN input_selectors sel ON sel.vendor_id = k.v AND sel.input = k.m
         JOIN series se ON se.vendor_id = k.v AND se.metric = coalesce(sel.metric, k.m) AND se.kind <> 'cumulative'
                       AND (sel.matchers IS NULL OR sla_labels_match(se.labels, sel.matchers))
         CROSS JOIN LATERAL (SELECT s0.ts, s0.value
                               FROM sla_samples(se.id, k.h, k.h + k.span * interval '1 millisecond') s0
                              WHERE NOT EXISTS (SELECT 1 FROM ingest_batches pb
                                                WHERE pb.id = s0.batch_id AND pb.id <> ALL($4::bigint[]))
                             OFFSET 0) s`,
      [
        buckets.map((h) => h.vendorId),
        buckets.map((h) => h.metric),
        buckets.map((h) => new Date(h.bucket).toISOString()),
        folding,
        buckets.map((h) => h.spanMs),
      ],
    );
    return rows.map((r) => ({ index: Number(r.i) - 1, ts: r.ts.getTime(), value: r.value }));
  }

  /** Selectors whose buckets were never built from the samples stored before them. */
  async unreadySelectors(
    em: EntityManager,
  ): Promise<Array<{ vendorId: string; input: string; metric: string }>> {
    return em.query(
      `SELECT vendor_id AS "vendorId", input, metric FROM input_selectors WHERE ready_at IS NULL ORDER BY created_at`,
    );
  }

  /** The hours a metric has buckets for (all of them: a selector's history is its metric's), newest first. */
  async metricHours(
    em: EntityManager,
    vendorId: string,
    metric: string,
  ): Promise<Array<{ hour: number; lastReceivedAt: number | null }>> {
    const rows: Array<{ bucket: Date; last_received_at: Date | null }> = await em.query(
      `SELECT bucket, last_received_at FROM metric_rollups WHERE vendor_id = $1 AND metric = $2 AND level = 1
        ORDER BY bucket DESC`,
      [vendorId, metric],
    );
    return rows.map((r) => ({
      hour: r.bucket.getTime(),
      lastReceivedAt: r.last_received_at?.getTime() ?? null,
    }));
  }

  async markReady(em: EntityManager, vendorId: string, input: string, at: Date): Promise<void> {
    await em.query(`UPDATE input_selectors SET ready_at = $3 WHERE vendor_id = $1 AND input = $2`, [
      vendorId,
      input,
      at,
    ]);
  }
}
