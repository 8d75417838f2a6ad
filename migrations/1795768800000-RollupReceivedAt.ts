import type { MigrationInterface, QueryRunner } from 'typeorm';

// When the newest data of each roll-up bucket arrived (the latest receipt among the batches folded
// into it): samples carry their claimed time, this keeps when they were recorded, per hour, so late
// data (received hours after its hour, or after its period ended) shows. NULL for older buckets.
export class RollupReceivedAt1795768800000 implements MigrationInterface {
  name = 'RollupReceivedAt1795768800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE metric_rollups ADD COLUMN last_received_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE metric_rollups DROP COLUMN last_received_at`);
  }
}
