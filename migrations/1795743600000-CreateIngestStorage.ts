import type { MigrationInterface, QueryRunner } from 'typeorm';

// Vendor data: series and their samples (range-partitioned by month, created on demand and ahead, so
// retention drops whole partitions), the batch ledger that lets rollups aggregate each accepted request
// exactly once, work items with their events, and remembered Idempotency-Keys.
export class CreateIngestStorage1795743600000 implements MigrationInterface {
  name = 'CreateIngestStorage1795743600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE series (
        id bigint GENERATED ALWAYS AS IDENTITY,
        vendor_id uuid NOT NULL,
        metric text NOT NULL,
        labels jsonb NOT NULL DEFAULT '{}',
        labels_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT series_pkey PRIMARY KEY (id),
        CONSTRAINT series_identity_unique UNIQUE (vendor_id, metric, labels_key),
        CONSTRAINT series_vendor_fkey FOREIGN KEY (vendor_id) REFERENCES vendors (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE ingest_batches (
        id bigint GENERATED ALWAYS AS IDENTITY,
        vendor_id uuid NOT NULL,
        received_at timestamptz NOT NULL,
        submitted integer NOT NULL,
        rolled_up_at timestamptz,
        CONSTRAINT ingest_batches_pkey PRIMARY KEY (id)
      )`);
    await q.query(
      `CREATE INDEX ingest_batches_pending_idx ON ingest_batches (id) WHERE rolled_up_at IS NULL`,
    );
    // No foreign key to series: a per-row check would halve ingest throughput; series rows are never
    // deleted while their samples exist (vendor deletion is the only cascade, and it drops both).
    await q.query(`
      CREATE TABLE samples (
        series_id bigint NOT NULL,
        ts timestamptz NOT NULL,
        value double precision NOT NULL,
        batch_id bigint NOT NULL,
        CONSTRAINT samples_pkey PRIMARY KEY (series_id, ts)
      ) PARTITION BY RANGE (ts)`);
    // Batches arrive in id order, so a BRIN index finds one batch's rows at almost no write cost.
    await q.query(`CREATE INDEX samples_batch_brin ON samples USING brin (batch_id)`);
    await q.query(`
      CREATE TABLE work_items (
        id bigint GENERATED ALWAYS AS IDENTITY,
        vendor_id uuid NOT NULL,
        item text NOT NULL,
        item_id text NOT NULL,
        attributes jsonb NOT NULL DEFAULT '{}',
        first_event_at timestamptz NOT NULL,
        last_event_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT work_items_pkey PRIMARY KEY (id),
        CONSTRAINT work_items_identity_unique UNIQUE (vendor_id, item, item_id),
        CONSTRAINT work_items_vendor_fkey FOREIGN KEY (vendor_id) REFERENCES vendors (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX work_items_vendor_item_idx ON work_items (vendor_id, item, last_event_at)`);
    await q.query(`
      CREATE TABLE work_item_events (
        work_item_id bigint NOT NULL,
        action text NOT NULL,
        ts timestamptz NOT NULL,
        attributes jsonb,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        received_at timestamptz NOT NULL,
        CONSTRAINT work_item_events_pkey PRIMARY KEY (work_item_id, action, ts),
        CONSTRAINT work_item_events_item_fkey FOREIGN KEY (work_item_id) REFERENCES work_items (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        vendor_id uuid NOT NULL,
        endpoint text NOT NULL,
        key text NOT NULL,
        request_sha256 text NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT idempotency_keys_pkey PRIMARY KEY (vendor_id, endpoint, key),
        CONSTRAINT idempotency_keys_vendor_fkey FOREIGN KEY (vendor_id) REFERENCES vendors (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'work_item_events',
      'work_items',
      'samples',
      'ingest_batches',
      'series',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
