import type { MigrationInterface, QueryRunner } from 'typeorm';
import { HOUR_SLICE, sampleReader } from './1795794000000-ChunkHourIndex';

// Where each hour of a day chunk starts in time, beside where it starts in the arrays (ChunkHourIndex):
// `hour_bases[k + 1]` is the microsecond offset from midnight of the chunk's last sample before hour k
// (0 when there is none; k = 0..24), that is the sum of the deltas before `hour_starts[k + 1]`.
// A read of part of a day then decodes only its hours' deltas; before, it summed every delta before
// them, which was most of the compacted pass's extra time: 600 end-of-day edge reads took 101-146 ms
// summing and 60-67 ms with a stored offset (psql, bench/README.md).
export class ChunkHourBases1795797600000 implements MigrationInterface {
  name = 'ChunkHourBases1795797600000';

  async up(q: QueryRunner): Promise<void> {
    // Offsets never decrease (deltas are >= 0), so the last sample before hour k holds the largest
    // offset of the hours before k. Sums of bigint are numeric: exact, and the hour is floored.
    await q.query(`
      CREATE FUNCTION sla_chunk_hour_bases(p_deltas bigint[])
      RETURNS bigint[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        WITH o AS (
          SELECT sum(u.d) OVER (ORDER BY u.n) AS off FROM unnest(p_deltas) WITH ORDINALITY AS u(d, n)
        ), h AS (
          SELECT floor(off / 3600000000)::int AS hour, max(off) AS last FROM o GROUP BY 1
        )
        SELECT array_agg(b ORDER BY k) FROM (
          SELECT k, coalesce(max(h.last) OVER (ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::bigint AS b
            FROM generate_series(0, 24) AS k LEFT JOIN h ON h.hour = k
        ) x
      $$`);
    await q.query(`ALTER TABLE sample_chunks ADD COLUMN hour_bases bigint[]`);
    await q.query(`UPDATE sample_chunks SET hour_bases = sla_chunk_hour_bases(deltas)`);
    await q.query(`ALTER TABLE sample_chunks ALTER COLUMN hour_bases SET NOT NULL`);
    await q.query(
      `ALTER TABLE sample_chunks ADD CONSTRAINT sample_chunks_hour_bases CHECK (cardinality(hour_bases) = 25)`,
    );
    // As sla_chunk_slice of ChunkHourIndex, with the offset before the slice read, not summed.
    await q.query(basesSlice('CREATE', 'p_hour_bases[r.ka]', 'ka, '));
    await q.query(
      sampleReader('sla_chunk_slice(c.day, c.deltas, c.vals, c.hour_starts, c.hour_bases, p_lo, p_hi)'),
    );
    await q.query(
      `DROP FUNCTION sla_chunk_slice(timestamptz, bigint[], double precision[], int[], timestamptz, timestamptz)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(HOUR_SLICE);
    await q.query(sampleReader('sla_chunk_slice(c.day, c.deltas, c.vals, c.hour_starts, p_lo, p_hi)'));
    await q.query(
      `DROP FUNCTION sla_chunk_slice(timestamptz, bigint[], double precision[], int[], bigint[], timestamptz, timestamptz)`,
    );
    await q.query(`ALTER TABLE sample_chunks DROP COLUMN hour_bases`);
    await q.query(`DROP FUNCTION sla_chunk_hour_bases(bigint[])`);
  }
}

/**
 * The slice with hour offsets: `verb` CREATE or CREATE OR REPLACE; `base` the offset of the slice's
 * first hour as an expression, `first` the columns `r` selects before `a` (ChunkHourIndexInline
 * reads the offset once there instead of per sample).
 */
export const basesSlice = (verb: string, base: string, first: string) => `
      ${verb} FUNCTION sla_chunk_slice(p_day timestamptz, p_deltas bigint[], p_vals double precision[],
                                      p_hour_starts int[], p_hour_bases bigint[], p_lo timestamptz, p_hi timestamptz)
      RETURNS TABLE (ts timestamptz, value double precision) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT p_day + (${base} + sum(x.d) OVER (ORDER BY x.n)) * interval '1 microsecond', x.v
          FROM (SELECT ${first}p_hour_starts[ka] AS a, p_hour_starts[kz] - 1 AS z
                  FROM (SELECT 1 + CASE WHEN p_lo <= p_day THEN 0
                                        WHEN p_lo >= p_day + interval '1 day' THEN 24
                                        ELSE floor(extract(epoch FROM p_lo - p_day) / 3600)::int END AS ka,
                               1 + CASE WHEN p_hi <= p_day THEN 0
                                        WHEN p_hi >= p_day + interval '1 day' THEN 24
                                        ELSE ceil(extract(epoch FROM p_hi - p_day) / 3600)::int END AS kz) k) r
         CROSS JOIN LATERAL unnest(p_deltas[r.a:r.z], p_vals[r.a:r.z]) WITH ORDINALITY AS x(d, v, n)
      $$`;
