import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Digest } from './domain/digest';
import { MINUTE_LEVEL, MINUTE_MS, planPieces, type StoredLevel } from './domain/plan';
import type { Summary, TimedValue } from './domain/summary';
import { clampedSum, type SummaryColumns, summaryFromRow } from './summary-row';
import { isoAt } from '../common/values';
import { InputSeries } from './input-series';
import {
  anyPiece,
  edgedPieces,
  flatten,
  flattenRows,
  inputSeries,
  type MetricRequest,
  PIECES,
  RAW,
  RAW_SUMMARY,
  rawIn,
  rawRequests,
  type RangeRequest,
  ROLLED,
} from './metric-data.sql';

export type { MetricRequest, RangeRequest } from './metric-data.sql';

export interface BucketEdge {
  level: StoredLevel;
  bucket: number;
  firstTs: number;
  lastTs: number;
  maxGapMs: number | null;
}

interface BucketEdgeColumns {
  level: number;
  bucket: Date;
  first_ts: Date;
  last_ts: Date;
  max_gap_ms: number | null;
}

const edgeFromRow = (r: BucketEdgeColumns): BucketEdge => ({
  level: r.level as StoredLevel,
  bucket: r.bucket.getTime(),
  firstTs: r.first_ts.getTime(),
  lastTs: r.last_ts.getTime(),
  maxGapMs: r.max_gap_ms,
});

/** Where minute buckets start, as a timestamptz parameter (none kept: infinity). */
const instantParam = (t: number) => (Number.isFinite(t) ? isoAt(t) : 'infinity');

@Injectable()
export class MetricDataRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inputs: InputSeries,
  ) {}

  /** The parameters of `inputSeries` for these requests' inputs. */
  private async seriesParams(requests: ReadonlyArray<{ vendorId: string; metric: string }>) {
    const known = await this.inputs.lookup(requests);
    return [known.vendorIds, known.inputs, known.seriesIds, known.horizon];
  }

  /**
   * Mergeable summary (count, sum, min, max, last) of each request's pieces, apart for untagged and
   * tagged pieces: `[tag 0, tag 1]`, undefined when empty.
   */
  async summaries(
    requests: ReadonlyArray<MetricRequest>,
    minuteFrom = Number.POSITIVE_INFINITY,
  ): Promise<Array<[Summary | undefined, Summary | undefined]>> {
    const out: Array<[Summary | undefined, Summary | undefined]> = requests.map(() => [undefined, undefined]);
    if (!anyPiece(requests)) return out;
    const rows: Array<SummaryColumns & { req: number }> = await this.dataSource.query(
      `WITH ${edgedPieces('$10::timestamptz')}, ${inputSeries(11, 'q')}, parts AS (
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
      [...flatten(requests), instantParam(minuteFrom), ...(await this.seriesParams(requests))],
    );
    for (const r of rows) {
      out[r.req >> 1][r.req & 1] = summaryFromRow(r);
    }
    return out;
  }

  /** Distinct values with counts, `[tag 0, tag 1]`; buckets without a kept digest are read raw. */
  async digests(
    requests: ReadonlyArray<MetricRequest>,
    minuteFrom = Number.POSITIVE_INFINITY,
  ): Promise<Array<[Digest, Digest]>> {
    const out: Array<[Digest, Digest]> = requests.map(() => [[], []]);
    if (!anyPiece(requests)) return out;
    const rows: Array<{ req: number; v: number; c: number }> = await this.dataSource.query(
      `WITH ${edgedPieces('$10::timestamptz', { also: 'b0.digest_values IS NOT NULL' })}, ${inputSeries(11, 'q')}, vals AS (
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
      [...flatten(requests), instantParam(minuteFrom), ...(await this.seriesParams(requests))],
    );
    for (const r of rows) out[r.req >> 1][r.req & 1].push([r.v, r.c]);
    return out;
  }

  /** First and last timestamps and largest gap of each stored bucket of the level-1/2 pieces. */
  async bucketEdges(requests: ReadonlyArray<MetricRequest>): Promise<BucketEdge[][]> {
    const out: BucketEdge[][] = requests.map(() => []);
    if (!requests.some((r) => r.pieces.some((p) => p.level > 0))) return out;
    const rows: Array<BucketEdgeColumns & { req: number }> = await this.dataSource.query(
      `WITH ${PIECES}
         SELECT r.req, b.level, b.bucket, b.first_ts, b.last_ts, b.max_gap_ms FROM r ${ROLLED} WHERE r.level > 0`,
      flatten(requests),
    );
    for (const r of rows) out[r.req >> 1].push(edgeFromRow(r));
    return out;
  }

  /**
   * For each raw range, the stored bucket standing for it where there is one (see edgedPieces, with
   * samples after the range allowed: for freshness only): its edges, keyed by the range's start.
   */
  async rawRangeBuckets(
    requests: ReadonlyArray<RangeRequest>,
    minuteFrom: number,
  ): Promise<Array<Map<number, BucketEdge>>> {
    const out = requests.map(() => new Map<number, BucketEdge>());
    const asPieces = rawRequests(requests);
    if (!anyPiece(asPieces)) return out;
    const rows: Array<BucketEdgeColumns & { req: number; olo: Date }> = await this.dataSource.query(
      `WITH ${edgedPieces('$10::timestamptz', { laterToo: true })}
         SELECT r.req, r.olo, b.level, b.bucket, b.first_ts, b.last_ts, b.max_gap_ms FROM r ${ROLLED} WHERE r.level > 0`,
      [...flatten(asPieces), instantParam(minuteFrom)],
    );
    for (const r of rows) out[r.req >> 1].set(r.olo.getTime(), edgeFromRow(r));
    return out;
  }

  /** Raw samples of each request's ranges, sorted by (ts, value). */
  async samples(requests: ReadonlyArray<RangeRequest>): Promise<TimedValue[][]> {
    const out: TimedValue[][] = requests.map(() => []);
    const asPieces = rawRequests(requests);
    if (!anyPiece(asPieces)) return out;
    const rows: Array<{ req: number; ts: Date; value: number }> = await this.dataSource.query(
      `WITH ${PIECES}, ${inputSeries(10, 'q')} SELECT r.req, s.ts, s.value FROM r ${RAW} ORDER BY r.req, s.ts, s.value`,
      [...flatten(asPieces), ...(await this.seriesParams(requests))],
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
      `WITH ${PIECES}, ${inputSeries(10, 'q')} SELECT DISTINCT r.req, s.ts FROM r ${RAW} ORDER BY r.req, s.ts`,
      [...flatten(asPieces), ...(await this.seriesParams(requests))],
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
       ), ${inputSeries(8, 'r')}, parts AS (
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
      [...columns, slice, ...(await this.seriesParams(requests))],
    );
    for (const r of rows) out[r.req >> 1].set(Number(r.slice), summaryFromRow(r));
    return out;
  }
}
