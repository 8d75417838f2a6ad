import type { MigrationInterface, QueryRunner } from 'typeorm';

// Compact raw storage (docs/storage.md). Once a UTC day has ended three hours ago, its folded samples
// move from one heap row each (~92 bytes with the key) into one row per series and day: the offsets
// between consecutive timestamps in microseconds (`deltas`, the first from midnight) and the values,
// as arrays compressed in line (lz4 where the server has it). A day, not an hour: PostgreSQL only
// compresses a row past ~2 kB, and an hour of one-minute samples is 60 values (a day is 1 440). Recent data stays as rows; every raw
// read goes through `sla_samples`, which reads both. Chunks are partitioned by month like the samples,
// so retention drops them as whole partitions.
export class SampleChunks1795790400000 implements MigrationInterface {
  name = 'SampleChunks1795790400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sample_chunks (
        series_id bigint NOT NULL,
        day timestamptz NOT NULL,
        deltas bigint[] NOT NULL,
        vals double precision[] NOT NULL,
        CONSTRAINT sample_chunks_pkey PRIMARY KEY (series_id, day),
        CONSTRAINT sample_chunks_shape CHECK (cardinality(deltas) = cardinality(vals) AND cardinality(vals) > 0)
      ) PARTITION BY RANGE (day)`);
    // Compressed in line (MAIN), not moved to a TOAST table unless a row outgrows its page: a chunk
    // is read whole, and the TOAST table would add its own rows and index.
    await q.query(
      `ALTER TABLE sample_chunks ALTER COLUMN deltas SET STORAGE MAIN, ALTER COLUMN vals SET STORAGE MAIN`,
    );
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
          ALTER TABLE sample_chunks ALTER COLUMN deltas SET COMPRESSION lz4, ALTER COLUMN vals SET COMPRESSION lz4;
        END IF;
      END $$`);
    // A partition per month of samples (a UTC day never spans two).
    const months = (await q.query(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'samples'::regclass`,
    )) as Array<{ name: string; bound: string }>;
    for (const m of months) {
      const name = m.name.replace(/^samples_/, 'sample_chunks_');
      await q.query(`CREATE TABLE ${name} PARTITION OF sample_chunks ${m.bound}`);
    }
    // A chunk's samples, in time order. The microsecond offsets add up exactly (integers below 2^53).
    await q.query(`
      CREATE FUNCTION sla_chunk_rows(p_day timestamptz, p_deltas bigint[], p_vals double precision[])
      RETURNS TABLE (ts timestamptz, value double precision) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT p_day + sum(u.d) OVER (ORDER BY u.n) * interval '1 microsecond', u.v
          FROM unnest(p_deltas, p_vals) WITH ORDINALITY AS u(d, v, n)
      $$`);
    // The one raw reader: a series' samples in [lo, hi), rows and chunks alike. A chunk's samples
    // carry batch 0, which no batch has: they are folded. Inlined by the planner (SQL, STABLE).
    await q.query(`
      CREATE FUNCTION sla_samples(p_series bigint, p_lo timestamptz, p_hi timestamptz)
      RETURNS TABLE (ts timestamptz, value double precision, batch_id bigint) LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT s.ts, s.value, s.batch_id FROM samples s
         WHERE s.series_id = p_series AND s.ts >= p_lo AND s.ts < p_hi
        UNION ALL
        SELECT u.ts, u.value, 0::bigint FROM sample_chunks c
         CROSS JOIN LATERAL sla_chunk_rows(c.day, c.deltas, c.vals) u
         WHERE c.series_id = p_series AND c.day > p_lo - interval '1 day' AND c.day < p_hi
           AND u.ts >= p_lo AND u.ts < p_hi
      $$`);
    // Where compaction stands: every folded sample before `day` is in a chunk, and those of `day` for
    // series up to `series_after`. Late samples folded into such days are queued in the backlog.
    await q.query(`
      CREATE TABLE sample_compaction (
        id smallint NOT NULL DEFAULT 1,
        day timestamptz NOT NULL,
        series_after bigint NOT NULL DEFAULT 0,
        CONSTRAINT sample_compaction_pkey PRIMARY KEY (id),
        CONSTRAINT sample_compaction_one CHECK (id = 1)
      )`);
    await q.query(`
      CREATE TABLE sample_compaction_backlog (
        series_id bigint NOT NULL,
        day timestamptz NOT NULL,
        CONSTRAINT sample_compaction_backlog_pkey PRIMARY KEY (series_id, day)
      )`);
    // The oldest sample of a batch: the fold looks for chunks to thaw only when a batch reaches a
    // compacted day (null, for batches accepted before: always looks).
    await q.query(`ALTER TABLE ingest_batches ADD COLUMN oldest_at timestamptz`);
    // Existing data moves now: every folded sample of the days that ended three hours ago, in one
    // statement; compaction goes on from the next day.
    await q.query(
      `INSERT INTO sample_compaction (id, day)
       VALUES (1, date_bin('1 day', now() - interval '3 hours', timestamptz 'epoch'))`,
    );
    await q.query(`
      WITH moved AS (
        DELETE FROM samples s
         WHERE s.ts < (SELECT day FROM sample_compaction)
           AND NOT EXISTS (SELECT 1 FROM ingest_batches b WHERE b.id = s.batch_id)
        RETURNING s.series_id, s.ts, s.value
      ), ordered AS (
        SELECT series_id, date_bin('1 day', ts, timestamptz 'epoch') AS day, ts, value FROM moved
      ), coded AS (
        SELECT series_id, day, ts, value,
               (extract(epoch FROM ts - coalesce(lag(ts) OVER w, day)) * 1000000)::bigint AS d
          FROM ordered WINDOW w AS (PARTITION BY series_id, day ORDER BY ts)
      )
      INSERT INTO sample_chunks (series_id, day, deltas, vals)
      SELECT series_id, day, array_agg(d ORDER BY ts), array_agg(value ORDER BY ts) FROM coded GROUP BY 1, 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO samples (series_id, ts, value, batch_id)
      SELECT c.series_id, u.ts, u.value, 0 FROM sample_chunks c CROSS JOIN LATERAL sla_chunk_rows(c.day, c.deltas, c.vals) u
      ON CONFLICT (series_id, ts) DO NOTHING`);
    await q.query(`ALTER TABLE ingest_batches DROP COLUMN oldest_at`);
    await q.query(`DROP TABLE sample_compaction_backlog`);
    await q.query(`DROP TABLE sample_compaction`);
    await q.query(`DROP FUNCTION sla_samples(bigint, timestamptz, timestamptz)`);
    await q.query(`DROP FUNCTION sla_chunk_rows(timestamptz, bigint[], double precision[])`);
    await q.query(`DROP TABLE sample_chunks`);
  }
}
