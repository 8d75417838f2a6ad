import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MINUTE_LEVEL } from './domain/plan';

/** Where minute buckets are complete (`rollup_levels`), and the pruning of those before it. */
@Injectable()
export class MinuteLevelRepository {
  /** The start of complete minute buckets (epoch ms). */
  async completeFrom(em: EntityManager): Promise<number> {
    const [row]: Array<{ complete_from: Date }> = await em.query(
      `SELECT complete_from FROM rollup_levels WHERE level = $1`,
      [MINUTE_LEVEL],
    );
    return row?.complete_from.getTime() ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Moves the start of complete minute buckets forward to `boundary` (never back) and deletes the
   * minute buckets before it; answers the start (epoch ms). Without a row (an emptied database), the
   * start is set as the migration sets it: past anything accepted so far, unless nothing is stored.
   */
  async advance(em: EntityManager, boundary: number): Promise<number> {
    const [row]: Array<{ complete_from: Date; moved: boolean }> = await em.query(
      `WITH old AS (SELECT complete_from FROM rollup_levels WHERE level = $1 FOR UPDATE),
            up AS (INSERT INTO rollup_levels (level, complete_from)
                   SELECT $1, CASE WHEN EXISTS (SELECT 1 FROM samples) OR EXISTS (SELECT 1 FROM sample_chunks)
                                   THEN greatest($2::timestamptz, date_trunc('minute', now()) + interval '10 minutes')
                                   ELSE $2::timestamptz END
                   ON CONFLICT (level) DO UPDATE SET complete_from = greatest(rollup_levels.complete_from, $2::timestamptz)
                   RETURNING complete_from)
       SELECT up.complete_from, up.complete_from > coalesce((SELECT complete_from FROM old), '-infinity') AS moved
         FROM up`,
      [MINUTE_LEVEL, new Date(boundary).toISOString()],
    );
    if (row.moved)
      await em.query(`DELETE FROM metric_rollups WHERE level = $1 AND bucket < $2`, [
        MINUTE_LEVEL,
        row.complete_from,
      ]);
    return row.complete_from.getTime();
  }
}
