import type { Interval } from '../common/time/intervals';
import type { Piece } from './domain/plan';
import { clampedSum } from './summary-row';
import { isoAt } from '../common/values';
import { NEWER_THAN_HORIZON, seriesOfInputs } from './input-series.repository';

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
export function rawRequests(requests: ReadonlyArray<RangeRequest>): MetricRequest[] {
  return requests.map((r) => ({
    vendorId: r.vendorId,
    metric: r.metric,
    pieces: r.ranges.map(([from, to]) => ({ level: 0 as const, from, to })),
  }));
}

export const anyPiece = (requests: ReadonlyArray<MetricRequest>) => requests.some((r) => r.pieces.length > 0);

/** One row per (request, piece), for statements that carry a per-request column of their own. */
export function flattenRows(requests: ReadonlyArray<MetricRequest>) {
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
export function flatten(requests: ReadonlyArray<MetricRequest>) {
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
const pieceRows = (name: string) => `q AS (
  SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::int[]) AS q(i, vendor_id, metric, set_id)
), p AS (
  SELECT set_id, tag, level, timestamptz 'epoch' + lo_ms * interval '1 millisecond' AS lo,
         timestamptz 'epoch' + hi_ms * interval '1 millisecond' AS hi
    FROM unnest($5::int[], $6::int[], $7::smallint[], $8::bigint[], $9::bigint[]) AS p(set_id, tag, level, lo_ms, hi_ms)
), ${name} AS MATERIALIZED (
  SELECT q.i * 2 + p.tag AS req, q.vendor_id, q.metric, p.level, p.lo, p.hi FROM q JOIN p USING (set_id))`;
export const PIECES = pieceRows('r');

/**
 * PIECES, where the pieces of a list (and tag) inside one stored bucket of a coarser level (a UTC
 * day, an hour, a minute where minute buckets are kept from the timestamptz in `minuteFrom`) tile
 * one stretch [lo, hi) of it, and every folded sample of that bucket lies in the stretch: that
 * bucket instead of them, the same samples in one row. The running day up to `now` (its hours,
 * minutes and raw tail) is then one day row when nothing is stamped ahead of `now`, and quiet edges of
 * exclusions are not read raw. The coarsest such bucket wins. `also` is a further condition on the
 * bucket `b0`; `olo` is the start of the stretch a row stands for. `laterToo` also takes a bucket
 * holding samples after the stretch (freshness at an instant depends on no later sample): the running
 * minute's bucket already holds samples stamped after `now` once a push lands during the pass.
 */
export const edgedPieces = (
  minuteFrom: string,
  { also = 'true', laterToo = false }: { also?: string; laterToo?: boolean } = {},
) => `${pieceRows('r0')}, g AS MATERIALIZED (
  SELECT p.set_id, p.tag, c.level, c.rank, k.start, k.start + c.span AS stop, min(p.lo) AS lo, max(p.hi) AS hi
    FROM p CROSS JOIN (VALUES (2::smallint, interval '1 day', 3), (1::smallint, interval '1 hour', 2),
                              (4::smallint, interval '1 minute', 1)) AS c(level, span, rank)
    CROSS JOIN LATERAL (SELECT date_bin(c.span, p.lo, timestamptz 'epoch') AS start) k
   WHERE (CASE p.level WHEN 0 THEN 0 WHEN 4 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 3 ELSE 4 END) < c.rank
     AND p.hi <= k.start + c.span AND (c.level <> 4 OR k.start >= ${minuteFrom})
   GROUP BY p.set_id, p.tag, c.level, c.rank, k.start, c.span
  HAVING sum(p.hi - p.lo) = max(p.hi) - min(p.lo)
), stand AS MATERIALIZED (
  SELECT q.i * 2 + g.tag AS req, q.vendor_id, q.metric, g.level, g.rank, g.start, g.stop, g.lo
    FROM q JOIN g USING (set_id)
   WHERE EXISTS (SELECT 1 FROM metric_rollups b0 WHERE b0.vendor_id = q.vendor_id AND b0.metric = q.metric
                    AND b0.level = g.level AND b0.bucket = g.start AND b0.first_ts >= g.lo AND ${laterToo ? 'true' : 'b0.last_ts < g.hi'}
                    AND ${also} OFFSET 0)
), chosen AS MATERIALIZED (
  SELECT * FROM stand s WHERE NOT EXISTS (
    SELECT 1 FROM stand o WHERE o.req = s.req AND o.rank > s.rank AND o.start <= s.start AND s.stop <= o.stop)
), r AS MATERIALIZED (
  SELECT req, vendor_id, metric, level, start AS lo, stop AS hi, lo AS olo FROM chosen
  UNION ALL
  SELECT r0.req, r0.vendor_id, r0.metric, r0.level, r0.lo, r0.hi, r0.lo FROM r0
   WHERE NOT EXISTS (SELECT 1 FROM chosen c WHERE c.req = r0.req AND c.start <= r0.lo AND r0.hi <= c.stop))`;
// Raw samples are read through sla_samples (migration SampleChunks): rows and compacted day chunks.
// LATERAL subqueries fenced with OFFSET 0 run once per piece as index range scans, whatever the
// planner's statistics say: an empty or freshly loaded partition must not tempt it into a hash join
// that reads a whole month of samples.
export const ROLLED = `CROSS JOIN LATERAL (
    SELECT * FROM metric_rollups b0 WHERE b0.vendor_id = r.vendor_id AND b0.metric = r.metric AND b0.level = r.level
       AND b0.bucket >= r.lo AND b0.bucket < r.hi OFFSET 0) b`;
// The series an input reads, resolved and cached by InputSeries (label matching per piece was most
// of a pass): the cached list in parameters $first..$first+2, plus every series row newer than the
// cache's horizon ($first+3), matched here, so the statement sees each series its snapshot holds.
// `requests` names the CTE with the statement's (vendor_id, metric) inputs.
export const inputSeries = (first: number, requests: string) => `inp AS MATERIALIZED (
  SELECT * FROM unnest($${first}::uuid[], $${first + 1}::text[], $${first + 2}::bigint[]) AS i(vendor_id, input, id)
  UNION
  ${seriesOfInputs(`(SELECT DISTINCT vendor_id, metric FROM ${requests}) r`, NEWER_THAN_HORIZON('se', `$${first + 3}`))})`;
const SERIES_OF_INPUT = `JOIN inp se ON se.vendor_id = r.vendor_id AND se.input = r.metric`;
export const rawIn = (from: string, to: string) => `${SERIES_OF_INPUT}
  CROSS JOIN LATERAL (
    SELECT s0.ts, s0.value FROM sla_samples(se.id, ${from}, ${to}) s0 OFFSET 0) s`;
export const RAW = rawIn('r.lo', 'r.hi');
/** A raw piece summarized where it is read: one row per piece instead of one per sample. */
export const RAW_SUMMARY = `${SERIES_OF_INPUT}
  CROSS JOIN LATERAL (
    SELECT count(*)::float8 AS count, ${clampedSum('s0.value')} AS sum, min(s0.value) AS min, max(s0.value) AS max,
           min(s0.ts) AS first_ts, max(s0.ts) AS last_ts,
           (max(ARRAY[extract(epoch FROM s0.ts)::float8, s0.value]))[2] AS last_value
      FROM sla_samples(se.id, r.lo, r.hi) s0) a`;
