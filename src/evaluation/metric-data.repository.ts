import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Digest } from './domain/digest';
import type { Interval } from '../common/time/intervals';
import { MINUTE_LEVEL, MINUTE_MS, type Piece, planPieces, type StoredLevel } from './domain/plan';
import type { Summary, TimedValue } from './domain/summary';
import { clampedSum, type SummaryColumns, summaryFromRow } from './summary-row';
import { isoAt } from '../common/values';

// Reads for evaluation, batched across every objective of a tick: each method is one statement for
// all requests. A request names a (vendor, metric) and the pieces (roll-up buckets or raw ranges)
// that cover its measured time.

export interface MetricRequest {
  vendorId: string;
  metric: string;
  /** `tag` 1 marks pieces answered apart as well (the last hour inside a window). */
  pieces: Array<Piece & { tag?: 0 | 1 }>;
}

/** A (vendor, metric) over raw time ranges, read sample by sample. */
export interface RangeRequest {
  vendorId: string;
  metric: string;
  ranges: readonly Interval[];
}

/** Range requests as requests of raw (level 0) pieces. */
function rawRequests(requests: ReadonlyArray<RangeRequest>): MetricRequest[] {
  return requests.map((r) => ({
    vendorId: r.vendorId,
    metric: r.metric,
    pieces: r.ranges.map(([from, to]) => ({ level: 0 as const, from, to })),
  }));
}

const anyPiece = (requests: ReadonlyArray<MetricRequest>) => requests.some((r) => r.pieces.length > 0);

export interface BucketEdge {
  level: StoredLevel;
  bucket: number;
  firstTs: number;
  lastTs: number;
  maxGapMs: number | null;
}

/** One row per (request, piece), for statements that carry a per-request column of their own. */
function flattenRows(requests: ReadonlyArray<MetricRequest>) {
  const rows = requests.flatMap((r, i) => r.pieces.map((p) => ({ r, i, p })));
  return [
    rows.map(({ i, p }) => i * 2 + (p.tag ?? 0)),
    rows.map(({ r }) => r.vendorId),
    rows.map(({ r }) => r.metric),
    rows.map(({ p }) => p.level),
    rows.map(({ p }) => isoAt(p.from)),
    rows.map(({ p }) => isoAt(p.to)),
  ];
}

/**
 * The parameters of PIECES: each distinct piece list (by identity: objectives with the same window
 * share one) is sent once and joined to its requests in SQL, so forty objectives over one fragmented
 * year cost one list of pieces, not forty.
 */
function flatten(requests: ReadonlyArray<MetricRequest>) {
  const sets = new Map<MetricRequest['pieces'], number>();
  const setOf: number[] = [];
  // Piece columns as ready array literals of integers (epoch ms): tens of thousands of pieces cost a
  // join, not a Date, an ISO string and the driver's per-element escaping each.
  const set: number[] = [];
  const tag: number[] = [];
  const level: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (const r of requests) {
    let id = sets.get(r.pieces);
    if (id === undefined) {
      sets.set(r.pieces, (id = sets.size));
      for (const p of r.pieces) {
        set.push(id);
        tag.push(p.tag ?? 0);
        level.push(p.level);
        lo.push(p.from);
        hi.push(p.to);
      }
    }
    setOf.push(id);
  }
  const literal = (values: number[]) => `{${values.join(',')}}`;
  return [
    requests.map((_, i) => i),
    requests.map((r) => r.vendorId),
    requests.map((r) => r.metric),
    setOf,
    literal(set),
    literal(tag),
    literal(level),
    literal(lo),
    literal(hi),
  ];
}

// The tag rides in the lowest bit of the request number: one statement answers both parts.
const PIECES = `q AS (
  SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::int[]) AS q(i, vendor_id, metric, set_id)
), p AS (
  SELECT set_id, tag, level, timestamptz 'epoch' + lo_ms * interval '1 millisecond' AS lo,
         timestamptz 'epoch' + hi_ms * interval '1 millisecond' AS hi
    FROM unnest($5::int[], $6::int[], $7::smallint[], $8::bigint[], $9::bigint[]) AS p(set_id, tag, level, lo_ms, hi_ms)
), r AS MATERIALIZED (
  SELECT q.i * 2 + p.tag AS req, q.vendor_id, q.metric, p.level, p.lo, p.hi FROM q JOIN p USING (set_id))`;
// Raw samples are read through sla_samples (migration SampleChunks): rows and compacted day chunks.
// LATERAL subqueries fenced with OFFSET 0 run once per piece as index range scans, whatever the
// planner's statistics say: an empty or freshly loaded partition must not tempt it into a hash join
// that reads a whole month of samples.
const ROLLED = `CROSS JOIN LATERAL (
    SELECT * FROM metric_rollups b0 WHERE b0.vendor_id = r.vendor_id AND b0.metric = r.metric AND b0.level = r.level
       AND b0.bucket >= r.lo AND b0.bucket < r.hi OFFSET 0) b`;
// The series an input reads: every series of a bare metric, or those a selector's matchers keep; never
// a counter's raw totals (their increase series stand for them).
const SERIES_OF_INPUT = `LEFT JOIN input_selectors sel ON sel.vendor_id = r.vendor_id AND sel.input = r.metric
  JOIN series se ON se.vendor_id = r.vendor_id AND se.metric = coalesce(sel.metric, r.metric) AND se.kind <> 'cumulative'
                AND (sel.matchers IS NULL OR sla_labels_match(se.labels, sel.matchers))`;
const rawIn = (from: string, to: string) => `${SERIES_OF_INPUT}
  CROSS JOIN LATERAL (
    SELECT s0.ts, s0.value FROM sla_samples(se.id, ${from}, ${to}) s0 OFFSET 0) s`;
const RAW = rawIn('r.lo', 'r.hi');
/** A raw piece summarized where it is read: one row per piece instead of one per sample. */
const RAW_SUMMARY = `${SERIES_OF_INPUT}
  CROSS JOIN LATERAL (
    SELECT count(*)::float8 AS count, ${clampedSum('s0.value')} AS sum, min(s0.value) AS min, max(s0.value) AS max,
           min(s0.ts) AS first_ts, max(s0.ts) AS last_ts,
           (max(ARRAY[extract(epoch FROM s0.ts)::float8, s0.value]))[2] AS last_value
      FROM sla_samples(se.id, r.lo, r.hi) s0) a`;

@Injectable()
export class MetricDataRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Mergeable summary (count, sum, min, max, last) of each request's pieces, apart for untagged and
   * tagged pieces: `[tag 0, tag 1]`, undefined when empty.
   */
  async summaries(
    requests: ReadonlyArray<MetricRequest>,
  ): Promise<Array<[Summary | undefined, Summary | undefined]>> {
    const out: Array<[Summary | undefined, Summary | undefined]> = requests.map(() => [undefined, undefined]);
    if (!anyPiece(requests)) return out;
    const rows: Array<SummaryColumns & { req: number }> = await this.dataSource.query(
      `WITH ${PIECES}, parts AS (
         SELECT r.req, b.count::float8 AS count, b.sum, b.min, b.max, b.first_ts, b.last_ts, b.last_value
           FROM r ${ROLLED} WHERE r.level > 0
         UNION ALL
         SELECT r.req, a.* FROM r ${RAW_SUMMARY} WHERE r.level = 0 AND a.count > 0
       )
       -- the last sample: the latest timestamp, the largest value on a tie (a max over pairs, no sort)
       SELECT req, sum(count)::float8 AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max,
              min(first_ts) AS first_ts, max(last_ts) AS last_ts,
              (max(ARRAY[extract(epoch FROM last_ts)::float8, last_value]))[2] AS last_value
         FROM parts GROUP BY req`,
      flatten(requests),
    );
    for (const r of rows) {
      out[r.req >> 1][r.req & 1] = summaryFromRow(r);
    }
    return out;
  }

  /** Distinct values with counts, `[tag 0, tag 1]`; buckets without a kept digest are read raw. */
  async digests(requests: ReadonlyArray<MetricRequest>): Promise<Array<[Digest, Digest]>> {
    const out: Array<[Digest, Digest]> = requests.map(() => [[], []]);
    if (!anyPiece(requests)) return out;
    const rows: Array<{ req: number; v: number; c: number }> = await this.dataSource.query(
      `WITH ${PIECES}, vals AS (
         SELECT r.req, u.v, u.c FROM r ${ROLLED}
           CROSS JOIN LATERAL unnest(b.digest_values, b.digest_counts) AS u(v, c)
          WHERE r.level > 0 AND b.digest_values IS NOT NULL
         UNION ALL
         SELECT r.req, s.value, 1 FROM r ${ROLLED}
           ${rawIn('b.bucket', "b.bucket + CASE b.level WHEN 4 THEN interval '1 minute' WHEN 1 THEN interval '1 hour' WHEN 2 THEN interval '1 day' ELSE interval '7 days' END")}
          WHERE r.level > 0 AND b.digest_values IS NULL
         UNION ALL
         SELECT r.req, s.value, 1 FROM r ${RAW} WHERE r.level = 0
       )
       SELECT req, v, sum(c)::float8 AS c FROM vals GROUP BY req, v ORDER BY req, v`,
      flatten(requests),
    );
    for (const r of rows) out[r.req >> 1][r.req & 1].push([r.v, r.c]);
    return out;
  }

  /** First and last timestamps and largest gap of each stored bucket of the level-1/2 pieces. */
  async bucketEdges(requests: ReadonlyArray<MetricRequest>): Promise<BucketEdge[][]> {
    const out: BucketEdge[][] = requests.map(() => []);
    if (!requests.some((r) => r.pieces.some((p) => p.level > 0))) return out;
    const rows: Array<{
      req: number;
      level: number;
      bucket: Date;
      first_ts: Date;
      last_ts: Date;
      max_gap_ms: number | null;
    }> = await this.dataSource.query(
      `WITH ${PIECES}
         SELECT r.req, b.level, b.bucket, b.first_ts, b.last_ts, b.max_gap_ms FROM r ${ROLLED} WHERE r.level > 0`,
      flatten(requests),
    );
    for (const r of rows) {
      out[r.req >> 1].push({
        level: r.level as StoredLevel,
        bucket: r.bucket.getTime(),
        firstTs: r.first_ts.getTime(),
        lastTs: r.last_ts.getTime(),
        maxGapMs: r.max_gap_ms,
      });
    }
    return out;
  }

  /** Raw samples of each request's ranges, sorted by (ts, value). */
  async samples(requests: ReadonlyArray<RangeRequest>): Promise<TimedValue[][]> {
    const out: TimedValue[][] = requests.map(() => []);
    const asPieces = rawRequests(requests);
    if (!anyPiece(asPieces)) return out;
    const rows: Array<{ req: number; ts: Date; value: number }> = await this.dataSource.query(
      `WITH ${PIECES} SELECT r.req, s.ts, s.value FROM r ${RAW} ORDER BY r.req, s.ts, s.value`,
      flatten(asPieces),
    );
    for (const r of rows) out[r.req >> 1].push({ ts: r.ts.getTime(), value: r.value });
    return out;
  }

  /**
   * Distinct sample timestamps of each request's ranges, ascending: what freshness needs. Many series
   * of one metric sampled together give one timestamp, not one row per series.
   */
  async timestamps(requests: ReadonlyArray<RangeRequest>): Promise<number[][]> {
    const out: number[][] = requests.map(() => []);
    const asPieces = rawRequests(requests);
    if (!anyPiece(asPieces)) return out;
    const rows: Array<{ req: number; ts: Date }> = await this.dataSource.query(
      `WITH ${PIECES} SELECT DISTINCT r.req, s.ts FROM r ${RAW} ORDER BY r.req, s.ts`,
      flatten(asPieces),
    );
    for (const r of rows) out[r.req >> 1].push(r.ts.getTime());
    return out;
  }

  /**
   * Per epoch-aligned slice of `sliceMs`, the summary of each request's samples in its ranges: start
   * of the slice → summary. One row per slice instead of one per sample.
   */
  async sliceSummaries(
    requests: ReadonlyArray<RangeRequest & { sliceMs: number }>,
    minuteFrom = Number.POSITIVE_INFINITY,
  ): Promise<Array<Map<number, Summary>>> {
    const out = requests.map(() => new Map<number, Summary>());
    // Slices of whole minutes read the minute buckets where they are kept (the running hour), and raw
    // samples elsewhere.
    const columns = flattenRows(
      requests.map((r) => ({
        vendorId: r.vendorId,
        metric: r.metric,
        pieces:
          r.sliceMs % MINUTE_MS === 0
            ? planPieces(r.ranges, MINUTE_LEVEL, minuteFrom)
            : r.ranges.map(([from, to]) => ({ level: 0 as const, from, to })),
      })),
    );
    const req = columns[0] as number[];
    if (req.length === 0) return out;
    const slice = req.map((n) => requests[n >> 1].sliceMs);
    const sliceOf = (ts: string) =>
      `(floor(extract(epoch FROM ${ts}) * 1000 / r.slice_ms) * r.slice_ms)::bigint`;
    const rows: Array<SummaryColumns & { req: number; slice: string }> = await this.dataSource.query(
      `WITH r AS (
         SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::smallint[], $5::timestamptz[], $6::timestamptz[], $7::float8[])
           AS r(req, vendor_id, metric, level, lo, hi, slice_ms)
       ), parts AS (
         SELECT r.req, ${sliceOf('s.ts')} AS slice,
                count(*)::float8 AS count, ${clampedSum('s.value')} AS sum, min(s.value) AS min, max(s.value) AS max,
                min(s.ts) AS first_ts, max(s.ts) AS last_ts,
                (max(ARRAY[extract(epoch FROM s.ts)::float8, s.value]))[2] AS last_value
           FROM r ${RAW} WHERE r.level = 0 GROUP BY 1, 2
         UNION ALL
         SELECT r.req, ${sliceOf('b.bucket')}, b.count::float8, b.sum, b.min, b.max, b.first_ts, b.last_ts, b.last_value
           FROM r ${ROLLED} WHERE r.level = ${MINUTE_LEVEL}
       )
       SELECT req, slice, sum(count)::float8 AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max,
              min(first_ts) AS first_ts, max(last_ts) AS last_ts,
              (max(ARRAY[extract(epoch FROM last_ts)::float8, last_value]))[2] AS last_value
         FROM parts GROUP BY 1, 2`,
      [...columns, slice],
    );
    for (const r of rows) out[r.req >> 1].set(Number(r.slice), summaryFromRow(r));
    return out;
  }
}
