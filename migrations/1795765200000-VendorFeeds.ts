import type { MigrationInterface, QueryRunner } from 'typeorm';

// The newest sample time of each vendor, kept by the roll-up as it folds batches: the "vendor feed
// silent" gauge then survives a restart (it lived only in the memory of the replica that ingested).
export class VendorFeeds1795765200000 implements MigrationInterface {
  name = 'VendorFeeds1795765200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE vendor_feeds (
        vendor_id uuid NOT NULL,
        last_sample_at timestamptz NOT NULL,
        CONSTRAINT vendor_feeds_pkey PRIMARY KEY (vendor_id),
        CONSTRAINT vendor_feeds_vendor_fkey FOREIGN KEY (vendor_id) REFERENCES vendors (id) ON DELETE CASCADE
      )`);
    // What is already stored: the newest hour bucket's last sample of each vendor.
    await q.query(`
      INSERT INTO vendor_feeds (vendor_id, last_sample_at)
      SELECT vendor_id, max(last_ts) FROM metric_rollups WHERE level = 1 GROUP BY vendor_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE vendor_feeds`);
  }
}
