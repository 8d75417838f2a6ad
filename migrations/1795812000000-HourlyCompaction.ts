import type { MigrationInterface, QueryRunner } from 'typeorm';

// Compaction goes on inside the running day, an hour at a time, three hours after each hour ends: the
// rows of the day in progress held a day's samples at 92 bytes each (bench:peer at 1 000 objectives:
// 377 MB of 1 774), now at most four hours'. Past days are still taken whole in one step. The cursor
// becomes an instant: `at` (was `day`, a UTC midnight) is where it stands, every folded sample before
// it is in a chunk; `until` is the end of the span it works on (the day's end for a past day, the
// hour's end inside the running one), reached for the series up to `series_after`.
export class HourlyCompaction1795812000000 implements MigrationInterface {
  name = 'HourlyCompaction1795812000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sample_compaction RENAME COLUMN day TO at`);
    await q.query(`ALTER TABLE sample_compaction ADD COLUMN until timestamptz`);
    // The span a day cursor was working on: its day.
    await q.query(`UPDATE sample_compaction SET until = at + interval '1 day'`);
    await q.query(`ALTER TABLE sample_compaction ALTER COLUMN until SET NOT NULL`);
    await q.query(`ALTER TABLE sample_compaction ADD CONSTRAINT sample_compaction_span CHECK (until > at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // A day cursor again, at the midnight of its day: the chunks of that day and later (hours of a
    // running day) go back to rows, since a day cursor has no chunk there.
    await q.query(`
      WITH gone AS (
        DELETE FROM sample_chunks c
         WHERE c.day >= (SELECT date_bin('1 day', at, timestamptz 'epoch') FROM sample_compaction
                          WHERE at <> date_bin('1 day', at, timestamptz 'epoch'))
        RETURNING c.series_id, c.day, c.deltas, sla_chunk_values(c.vals, c.ivals, c.vbase) AS vals
      )
      INSERT INTO samples (series_id, ts, value, batch_id)
      SELECT g.series_id, u.ts, u.value, 0 FROM gone g CROSS JOIN LATERAL sla_chunk_rows(g.day, g.deltas, g.vals) u
      ON CONFLICT (series_id, ts) DO NOTHING`);
    await q.query(
      `UPDATE sample_compaction SET at = date_bin('1 day', at, timestamptz 'epoch'), series_after = 0
        WHERE at <> date_bin('1 day', at, timestamptz 'epoch')`,
    );
    await q.query(`ALTER TABLE sample_compaction DROP CONSTRAINT sample_compaction_span`);
    await q.query(`ALTER TABLE sample_compaction DROP COLUMN until`);
    await q.query(`ALTER TABLE sample_compaction RENAME COLUMN at TO day`);
  }
}
