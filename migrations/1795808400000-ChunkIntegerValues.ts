import type { MigrationInterface, QueryRunner } from 'typeorm';
import { basesSlice } from './1795797600000-ChunkHourBases';
import { sampleReader } from './1795794000000-ChunkHourIndex';

// Integer values of a chunk as 2-byte integers. PostgreSQL's lz4 and pglz work on bytes and barely
// shrink doubles: a day of a noisy counter (values rising ~100 a minute) took 4.7 B a value, its
// increases 2.9 B (bench:peer, 8.8 x Prometheus' bytes). Most sample values are integers (counts,
// counters, status codes, milliseconds), so a chunk whose values all are takes one of two forms:
//   - `ivals` alone: the values themselves, each in [-32767, 32767] (increases, counts, gauges);
//   - `ivals` and `vbase`: the first value, then each value's step from the one before, each step in
//     [-32767, 32767] and every value below 2^52 in magnitude (a counter: 1.5 B a value, not 4.7).
// Either is exact: integers that size are exact doubles, and so are their sums. Anything else (a
// fraction, a counter reset's drop, -0, NaN) keeps the doubles in `vals`. Exactly one form per chunk.
export class ChunkIntegerValues1795808400000 implements MigrationInterface {
  name = 'ChunkIntegerValues1795808400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE sample_chunks ADD COLUMN ivals smallint[], ADD COLUMN vbase double precision, ALTER COLUMN vals DROP NOT NULL`,
    );
    await q.query(`ALTER TABLE sample_chunks ALTER COLUMN ivals SET STORAGE MAIN`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
          ALTER TABLE sample_chunks ALTER COLUMN ivals SET COMPRESSION lz4;
        END IF;
      END $$`);
    await q.query(
      `ALTER TABLE sample_chunks DROP CONSTRAINT sample_chunks_shape, DROP CONSTRAINT sample_chunks_hours`,
    );
    await q.query(`
      ALTER TABLE sample_chunks
        ADD CONSTRAINT sample_chunks_shape CHECK (cardinality(deltas) > 0 AND CASE WHEN vals IS NOT NULL
          THEN ivals IS NULL AND vbase IS NULL AND cardinality(vals) = cardinality(deltas)
          ELSE coalesce(cardinality(ivals) = cardinality(deltas), false) END),
        ADD CONSTRAINT sample_chunks_hours CHECK (cardinality(hour_starts) = 25 AND hour_starts[25] = cardinality(deltas) + 1)`);
    await q.query(CHUNK_VALUES);
    await q.query(CHUNK_ENCODE);
    await q.query(VALUES_SLICE);
    await q.query(sampleReader(SLICE_CALL));
    await q.query(
      `DROP FUNCTION sla_chunk_slice(timestamptz, bigint[], double precision[], int[], bigint[], timestamptz, timestamptz)`,
    );
    // Existing chunks take the integer forms where their values allow (bench:peer's 12 000 chunks of
    // 100 ratio objectives: 92 MB before, 34 MB after).
    await q.query(`
      UPDATE sample_chunks c SET vals = e.vals, ivals = e.ivals, vbase = e.vbase
        FROM (SELECT o.series_id, o.day, x.* FROM sample_chunks o CROSS JOIN LATERAL sla_chunk_encode(o.vals) x) e
       WHERE c.series_id = e.series_id AND c.day = e.day AND e.vals IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE sample_chunks SET vals = sla_chunk_values(vals, ivals, vbase), ivals = NULL, vbase = NULL WHERE vals IS NULL`,
    );
    await q.query(basesSlice('CREATE', 'r.base', 'p_hour_bases[ka] AS base, '));
    await q.query(
      sampleReader('sla_chunk_slice(c.day, c.deltas, c.vals, c.hour_starts, c.hour_bases, p_lo, p_hi)'),
    );
    await q.query(
      `DROP FUNCTION sla_chunk_slice(timestamptz, bigint[], double precision[], smallint[], double precision, int[], bigint[], timestamptz, timestamptz)`,
    );
    await q.query(`DROP FUNCTION sla_chunk_encode(double precision[])`);
    await q.query(`DROP FUNCTION sla_chunk_values(double precision[], smallint[], double precision)`);
    await q.query(
      `ALTER TABLE sample_chunks DROP CONSTRAINT sample_chunks_shape, DROP CONSTRAINT sample_chunks_hours`,
    );
    await q.query(`
      ALTER TABLE sample_chunks
        ADD CONSTRAINT sample_chunks_shape CHECK (cardinality(deltas) = cardinality(vals) AND cardinality(vals) > 0),
        ADD CONSTRAINT sample_chunks_hours CHECK (cardinality(hour_starts) = 25 AND hour_starts[25] = cardinality(vals) + 1)`);
    await q.query(
      `ALTER TABLE sample_chunks DROP COLUMN ivals, DROP COLUMN vbase, ALTER COLUMN vals SET NOT NULL`,
    );
  }
}

/** A chunk's values as doubles, whichever form it holds (a counter's steps add up from `vbase`). */
const CHUNK_VALUES = `
  CREATE FUNCTION sla_chunk_values(p_vals double precision[], p_ivals smallint[], p_vbase double precision)
  RETURNS double precision[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN p_vals IS NOT NULL THEN p_vals
                WHEN p_vbase IS NULL THEN p_ivals::double precision[]
                ELSE (SELECT array_agg(p_vbase + s ORDER BY n)
                        FROM (SELECT n, sum(i) OVER (ORDER BY n) AS s FROM unnest(p_ivals) WITH ORDINALITY AS u(i, n)) x)
           END
  $$`;

/**
 * Values (in time order) → the chunk's form: (null, values, null), (null, steps, first value) or
 * (values as doubles, null, null). -0 is told from 0 by its bytes; NaN and infinities fail the
 * bounds (NaN compares above every number in PostgreSQL).
 */
const CHUNK_ENCODE = `
  CREATE FUNCTION sla_chunk_encode(p_vals double precision[])
  RETURNS TABLE (vals double precision[], ivals smallint[], vbase double precision)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH u AS (
      SELECT n, v, v - lag(v) OVER (ORDER BY n) AS step,
             v = trunc(v) AND (v <> 0 OR float8send(v) = float8send(0)) AS whole
        FROM unnest(p_vals) WITH ORDINALITY AS u(v, n)
    ), k AS (
      SELECT bool_and(whole AND abs(v) <= 32767) AS direct,
             bool_and(whole AND abs(v) < 4503599627370496 AND coalesce(abs(step) <= 32767, true)) AS stepped
        FROM u
    )
    SELECT CASE WHEN NOT (k.direct OR k.stepped) THEN p_vals END,
           CASE WHEN k.direct THEN (SELECT array_agg(v::smallint ORDER BY n) FROM u)
                WHEN k.stepped THEN (SELECT array_agg(coalesce(step, 0)::smallint ORDER BY n) FROM u) END,
           CASE WHEN NOT k.direct AND k.stepped THEN p_vals[1] END
      FROM k
  $$`;

/**
 * As ChunkHourBases' slice (the offset before the slice read once per call), with the values of the
 * slice decoded once per call from whichever form the chunk holds. A counter's steps add up from the
 * start of the day: its chunks are read raw only for late points and exports, not by evaluation,
 * which reads its increases (integers themselves).
 */
const VALUES_SLICE = `
  CREATE FUNCTION sla_chunk_slice(p_day timestamptz, p_deltas bigint[], p_vals double precision[],
                                  p_ivals smallint[], p_vbase double precision,
                                  p_hour_starts int[], p_hour_bases bigint[], p_lo timestamptz, p_hi timestamptz)
  RETURNS TABLE (ts timestamptz, value double precision) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT p_day + (r.base + sum(x.d) OVER (ORDER BY x.n)) * interval '1 microsecond', x.v
      FROM (SELECT r0.base, r0.a, r0.z,
                   CASE WHEN p_vals IS NOT NULL THEN p_vals[r0.a:r0.z]
                        WHEN p_vbase IS NULL THEN p_ivals[r0.a:r0.z]::double precision[]
                        ELSE (sla_chunk_values(NULL, p_ivals, p_vbase))[r0.a:r0.z] END AS vs
              FROM (SELECT p_hour_bases[ka] AS base, p_hour_starts[ka] AS a, p_hour_starts[kz] - 1 AS z
                      FROM (SELECT 1 + CASE WHEN p_lo <= p_day THEN 0
                                            WHEN p_lo >= p_day + interval '1 day' THEN 24
                                            ELSE floor(extract(epoch FROM p_lo - p_day) / 3600)::int END AS ka,
                                   1 + CASE WHEN p_hi <= p_day THEN 0
                                            WHEN p_hi >= p_day + interval '1 day' THEN 24
                                            ELSE ceil(extract(epoch FROM p_hi - p_day) / 3600)::int END AS kz) k) r0) r
     CROSS JOIN LATERAL unnest(p_deltas[r.a:r.z], r.vs) WITH ORDINALITY AS x(d, v, n)
  $$`;

/** The slice of chunk `c` over [p_lo, p_hi), as the raw reader and the intake call it. */
export const SLICE_CALL =
  'sla_chunk_slice(c.day, c.deltas, c.vals, c.ivals, c.vbase, c.hour_starts, c.hour_bases, p_lo, p_hi)';
