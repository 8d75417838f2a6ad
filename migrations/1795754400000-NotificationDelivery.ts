import type { MigrationInterface, QueryRunner } from 'typeorm';

// What the sender records about each delivery (who it went to, under which subject and Message-ID),
// and the index behind `GET /api/v1/notifications?status=` newest first.
export class NotificationDelivery1795754400000 implements MigrationInterface {
  name = 'NotificationDelivery1795754400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notifications
        ADD COLUMN recipients text[] NOT NULL DEFAULT '{}',
        ADD COLUMN subject text,
        ADD COLUMN message_id text`);
    await q.query(
      `CREATE INDEX notifications_status_created_idx ON notifications (status, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX notifications_created_idx ON notifications (created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications_created_idx`);
    await q.query(`DROP INDEX notifications_status_created_idx`);
    await q.query(
      `ALTER TABLE notifications DROP COLUMN message_id, DROP COLUMN subject, DROP COLUMN recipients`,
    );
  }
}
