import type { MigrationInterface, QueryRunner } from 'typeorm';

// Feed health per way in: each ingest batch records the protocol it came by (json, remote_write, otlp)
// and the newest timestamp it carried; the fold keeps each vendor's newest sample time per protocol,
// shown in the vendor's status. Everything stored before came by the JSON API.
export class FeedProtocols1795783200000 implements MigrationInterface {
  name = 'FeedProtocols1795783200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ingest_batches ADD COLUMN protocol text NOT NULL DEFAULT 'json'`);
    await q.query(`ALTER TABLE ingest_batches ADD COLUMN newest_at timestamptz`);
    await q.query(`
      CREATE TABLE vendor_feed_protocols (
        vendor_id uuid NOT NULL,
        protocol text NOT NULL,
        last_sample_at timestamptz NOT NULL,
        CONSTRAINT vendor_feed_protocols_pkey PRIMARY KEY (vendor_id, protocol),
        CONSTRAINT vendor_feed_protocols_vendor_fkey FOREIGN KEY (vendor_id) REFERENCES vendors (id) ON DELETE CASCADE
      )`);
    await q.query(`
      INSERT INTO vendor_feed_protocols (vendor_id, protocol, last_sample_at)
      SELECT vendor_id, 'json', last_sample_at FROM vendor_feeds`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE vendor_feed_protocols`);
    await q.query(`ALTER TABLE ingest_batches DROP COLUMN newest_at`);
    await q.query(`ALTER TABLE ingest_batches DROP COLUMN protocol`);
  }
}
