import type { MigrationInterface, QueryRunner } from 'typeorm';

// Cumulative counters (Prometheus remote-write, OTLP cumulative sums, JSON samples sent with
// `cumulative: true`). Their raw values are kept in their own series (kind 'cumulative'); the roll-up
// derives each one's increase series (kind 'increase', source_id → the raw series), which every
// indicator reads like any plain series. counter_state holds each counter's newest folded point, so an
// in-order sample finds its predecessor without a scan.
export class CounterSeries1795776000000 implements MigrationInterface {
  name = 'CounterSeries1795776000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE series ADD COLUMN kind text NOT NULL DEFAULT 'plain'`);
    await q.query(
      `ALTER TABLE series ADD CONSTRAINT series_kind_check CHECK (kind IN ('plain', 'cumulative', 'increase'))`,
    );
    await q.query(`ALTER TABLE series ADD COLUMN source_id bigint`);
    await q.query(
      `ALTER TABLE series ADD CONSTRAINT series_source_fkey FOREIGN KEY (source_id) REFERENCES series (id) ON DELETE CASCADE`,
    );
    await q.query(`CREATE UNIQUE INDEX series_source_idx ON series (source_id) WHERE source_id IS NOT NULL`);
    await q.query(`ALTER TABLE series DROP CONSTRAINT series_identity_unique`);
    await q.query(
      `ALTER TABLE series ADD CONSTRAINT series_identity_unique UNIQUE (vendor_id, metric, labels_key, kind)`,
    );
    await q.query(`
      CREATE TABLE counter_state (
        series_id bigint NOT NULL,
        last_ts timestamptz NOT NULL,
        last_value double precision NOT NULL,
        CONSTRAINT counter_state_pkey PRIMARY KEY (series_id),
        CONSTRAINT counter_state_series_fkey FOREIGN KEY (series_id) REFERENCES series (id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE counter_state`);
    await q.query(`DELETE FROM samples WHERE series_id IN (SELECT id FROM series WHERE kind <> 'plain')`);
    await q.query(`DELETE FROM series WHERE kind <> 'plain'`);
    await q.query(`ALTER TABLE series DROP CONSTRAINT series_identity_unique`);
    await q.query(
      `ALTER TABLE series ADD CONSTRAINT series_identity_unique UNIQUE (vendor_id, metric, labels_key)`,
    );
    await q.query(`DROP INDEX series_source_idx`);
    await q.query(`ALTER TABLE series DROP CONSTRAINT series_source_fkey`);
    await q.query(`ALTER TABLE series DROP COLUMN source_id`);
    await q.query(`ALTER TABLE series DROP CONSTRAINT series_kind_check`);
    await q.query(`ALTER TABLE series DROP COLUMN kind`);
  }
}
