import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The fold finds a batch's rows through the BRIN index `samples_batch_brin`. Block ranges written
 * since the index was last summarized are not in it, so every fold step reads all of them: PostgreSQL
 * summarizes them only when (auto)vacuum visits the partition, which under steady inserts comes late
 * (and never where autovacuum is off). Summarizing what is new keeps a step's reads proportional to
 * its batches.
 */
@Injectable()
export class BatchIndexRepository {
  /** Summarizes the new block ranges of every partition's batch index; returns ranges summarized. */
  async summarizeNew(em: EntityManager): Promise<number> {
    // A vacuum holding the partition is not waited for: the next tick tries again.
    await em.query(`SET LOCAL lock_timeout = '200ms'`);
    const [row]: Array<{ n: number }> = await em.query(
      `SELECT coalesce(sum(brin_summarize_new_values(i.indexrelid)), 0)::int AS n
         FROM pg_inherits h
         JOIN pg_index i ON i.indrelid = h.inhrelid
         JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_am a ON a.oid = c.relam AND a.amname = 'brin'
        WHERE h.inhparent = 'samples'::regclass`,
    );
    return row.n;
  }
}
