import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { IngestMetrics } from './ingest.metrics';

/**
 * `sla_vendor_last_sample_timestamp_seconds`: the newest sample of each vendor, from what this replica
 * accepted and from what is stored (`vendor_feeds`, kept by the roll-up), so a restarted or API-only
 * replica shows a vendor that went silent before it started. The gauge only moves forward: a late
 * batch must not make a live feed look stale.
 */
@Injectable()
export class VendorFeeds {
  private readonly newest = new Map<string, number>();

  constructor(
    private readonly metrics: IngestMetrics,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  observe(vendorKey: string, newestMs: number): void {
    if (newestMs <= (this.newest.get(vendorKey) ?? 0)) return;
    this.newest.set(vendorKey, newestMs);
    this.metrics.lastSample.set({ vendor: vendorKey }, newestMs / 1000);
  }

  /** Reads the stored newest sample time of every vendor (one small row each). */
  async refresh(): Promise<void> {
    const rows: Array<{ key: string; at: Date }> = await this.dataSource.query(
      `SELECT v.key, f.last_sample_at AS at FROM vendor_feeds f JOIN vendors v ON v.id = f.vendor_id`,
    );
    for (const r of rows) this.observe(r.key, r.at.getTime());
  }

  /**
   * Moves each vendor's newest sample time per protocol forward from the batches being folded (before
   * they are deleted): the vendor's status shows how each of its feeds is doing.
   */
  async advanceProtocols(em: EntityManager, batchIds: string[]): Promise<void> {
    await em.query(
      `INSERT INTO vendor_feed_protocols (vendor_id, protocol, last_sample_at)
       SELECT vendor_id, protocol, max(newest_at) FROM ingest_batches
        WHERE id = ANY($1::bigint[]) AND newest_at IS NOT NULL
        GROUP BY vendor_id, protocol ORDER BY vendor_id, protocol
       ON CONFLICT (vendor_id, protocol)
       DO UPDATE SET last_sample_at = greatest(vendor_feed_protocols.last_sample_at, EXCLUDED.last_sample_at)`,
      [batchIds],
    );
  }

  /**
   * Moves each vendor's stored newest sample time forward (the roll-up calls it in its fold
   * transaction with the newest instant per vendor it folded).
   */
  async advance(em: EntityManager, newest: ReadonlyMap<string, number>): Promise<void> {
    if (newest.size === 0) return;
    // Sorted: concurrent writers (there is one fold at a time, under the evaluation lock) lock alike.
    const vendors = [...newest.keys()].sort();
    await em.query(
      `INSERT INTO vendor_feeds (vendor_id, last_sample_at)
       SELECT v, t FROM unnest($1::uuid[], $2::timestamptz[]) AS x(v, t)
       ON CONFLICT (vendor_id) DO UPDATE SET last_sample_at = greatest(vendor_feeds.last_sample_at, EXCLUDED.last_sample_at)`,
      [vendors, vendors.map((v) => new Date(newest.get(v)!).toISOString())],
    );
  }
}
