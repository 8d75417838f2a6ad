import type { MigrationInterface, QueryRunner } from 'typeorm';

// Minute buckets (level 4 of metric_rollups) for the recent hours, so a pass reads the running hour as
// a few dozen summaries instead of every raw sample of it. `rollup_levels.complete_from`: from this
// instant on, every folded sample is in its minute bucket; it only moves forward (the fold prunes
// older minute buckets as it advances). Samples folded before this migration have none, so it starts
// past any timestamp accepted so far (the intake takes up to 5 minutes ahead), or at the beginning of
// time on a database without samples.
export class MinuteRollups1795786800000 implements MigrationInterface {
  name = 'MinuteRollups1795786800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE metric_rollups DROP CONSTRAINT metric_rollups_level_check`);
    await q.query(
      `ALTER TABLE metric_rollups ADD CONSTRAINT metric_rollups_level_check CHECK (level IN (1, 2, 3, 4))`,
    );
    // The fold prunes old minutes by time alone: without this it would scan every roll-up row.
    await q.query(`CREATE INDEX metric_rollups_minutes_idx ON metric_rollups (bucket) WHERE level = 4`);
    await q.query(`
      CREATE TABLE rollup_levels (
        level smallint NOT NULL,
        complete_from timestamptz NOT NULL,
        CONSTRAINT rollup_levels_pkey PRIMARY KEY (level)
      )`);
    // Past any timestamp accepted so far; from the start on a database that holds no samples yet.
    await q.query(
      `INSERT INTO rollup_levels (level, complete_from)
       SELECT 4, CASE WHEN EXISTS (SELECT 1 FROM samples) THEN date_trunc('minute', now()) + interval '10 minutes'
                      ELSE '-infinity' END`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rollup_levels`);
    await q.query(`DROP INDEX metric_rollups_minutes_idx`);
    await q.query(`DELETE FROM metric_rollups WHERE level = 4`);
    await q.query(`ALTER TABLE metric_rollups DROP CONSTRAINT metric_rollups_level_check`);
    await q.query(
      `ALTER TABLE metric_rollups ADD CONSTRAINT metric_rollups_level_check CHECK (level IN (1, 2, 3))`,
    );
  }
}
