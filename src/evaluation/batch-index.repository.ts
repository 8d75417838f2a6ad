import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The fold finds a batch's rows through the BRIN index `samples_batch_brin`. Block ranges written
 * since the index was last summarized are not in it, so every fold step reads all of them: PostgreSQL
 * summarizes them only when (auto)vacuum visits the partition, which under steady inserts comes late
 * (and never where autovacuum is off). Summarizing what is new keeps a step's reads proportional to
 * its batches; and the planner uses that index only with statistics of the partition.
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

  /**
   * ANALYZE of each samples partition changed by more rows than it held at its last analyze (or
   * 10 000 before its first): the fold's plans pick the batch index only with statistics that show
   * batch ids in insertion order, and a partition never analyzed (autovacuum off, or a new month
   * before autovacuum reaches it) is read whole at every step instead. Doubling keeps the analyzes
   * few. Returns the partitions analyzed.
   */
  async analyzeGrown(em: EntityManager): Promise<string[]> {
    await em.query(`SET LOCAL lock_timeout = '200ms'`);
    const rows: Array<{ name: string }> = await em.query(
      `SELECT c.oid::regclass::text AS name
         FROM pg_inherits h
         JOIN pg_class c ON c.oid = h.inhrelid
         JOIN pg_stat_user_tables st ON st.relid = c.oid
        WHERE h.inhparent = 'samples'::regclass AND st.n_mod_since_analyze > greatest(c.reltuples, 10000)`,
    );
    for (const r of rows) await em.query(`ANALYZE ${r.name}`);
    return rows.map((r) => r.name);
  }
}
