import type { MigrationInterface, QueryRunner } from 'typeorm';

// The earliest chunk day in one index probe per month partition: the intake checks a late batch
// against the chunks only when it reaches into [earliest chunk day, compaction's cursor), so a
// backfill older than every chunk (or into a database without chunks) keeps the plain insert.
// ~30 bytes a chunk, ~0.02 B/sample at one-minute data.
export class ChunkDayIndex1795804800000 implements MigrationInterface {
  name = 'ChunkDayIndex1795804800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX sample_chunks_day_idx ON sample_chunks (day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sample_chunks_day_idx`);
  }
}
