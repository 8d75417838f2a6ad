import type { MigrationInterface, QueryRunner } from 'typeorm';

// When a delivery was recorded, beside the time it claims; and a vendor's back-dated claim (claimed
// on time, recorded after the due time) kept apart until an admin confirms it: until then the
// deliverable stays missed. Existing deliveries were recorded at an unknown time (NULL).
export class DeliveryClaims1795761600000 implements MigrationInterface {
  name = 'DeliveryClaims1795761600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE deliverables
        ADD COLUMN recorded_at timestamptz,
        ADD COLUMN claimed_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deliverables DROP COLUMN claimed_at, DROP COLUMN recorded_at`);
  }
}
