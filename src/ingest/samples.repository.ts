import { Injectable } from '@nestjs/common';
import { compareText } from '../common/values';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQuery, preparedRowCount } from '../database/prepared';
import { Transactions, type Tx } from '../database/transactions';
import { type MonthPartition, monthPartitionsBetween, partitionUpperBound } from './domain/partitions';
import type { Instant } from '../common/time/instant';
import { REACHED } from '../evaluation/sample-chunks.repository';
import {
  batchParams,
  INSERT_BATCH,
  INSERT_LATE_BATCH,
  INSERT_NEW_BATCH,
  type SampleColumns,
} from './sample-batch.sql';

export interface SeriesRef {
  metric: string;
  labels: Record<string, string>;
  labelsKey: string;
  /** A cumulative counter: its raw values are kept, the roll-up derives its increases. */
  cumulative: boolean;
}

const PARTITION_LOCK = 7_310_002;
/** With the vendor's hash: the creators of one vendor's series, one at a time. */
const SERIES_LOCK = 7_310_011;

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class SamplesRepository {
  /** Month partitions known to exist; a miss costs one CREATE … IF NOT EXISTS under a lock. */
  private readonly partitions = new Set<string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Ids of the vendor's series, creating the missing ones while the vendor has fewer than `limit`
   * (plain and cumulative; a counter's increase series comes with it). Series past the limit are
   * not created and have no id in the answer. Concurrent creators settle on the unique key, and
   * every creator inserts in one order (metric, then labels key): two requests that create
   * overlapping series in different orders would otherwise wait on each other's keys (a deadlock).
   * `create` false: only reads the ids (a vendor known to be at its limit creates nothing).
   */
  async resolveSeries(
    vendorId: string,
    refs: SeriesRef[],
    limit: number,
    create = true,
  ): Promise<Map<string, string>> {
    const sorted = [...refs].sort(
      (a, b) =>
        compareText(a.metric, b.metric) ||
        compareText(a.labelsKey, b.labelsKey) ||
        Number(a.cumulative) - Number(b.cumulative),
    );
    if (create) await this.createSeries(vendorId, sorted, limit);
    const rows: Array<{ id: string; metric: string; labels_key: string; kind: SeriesKind }> =
      await this.dataSource.query(
        `SELECT s.id, s.metric, s.labels_key, s.kind FROM series s
           JOIN unnest($2::text[], $3::text[], $4::text[]) AS t(m, k, kd)
             ON s.metric = t.m AND s.labels_key = t.k AND s.kind = t.kd
          WHERE s.vendor_id = $1`,
        [
          vendorId,
          sorted.map((r) => r.metric),
          sorted.map((r) => r.labelsKey),
          sorted.map((r) => kindOf(r.cumulative)),
        ],
      );
    return new Map(rows.map((r) => [seriesKey(r.metric, r.labels_key, r.kind === 'cumulative'), r.id]));
  }

  /** Creates the missing series of `sorted` while the vendor has fewer than `limit`. */
  private async createSeries(vendorId: string, sorted: SeriesRef[], limit: number): Promise<void> {
    await this.transactions.run(async (em) => {
      // One creator per vendor at a time, so two requests cannot both fill the room left under the
      // limit. Only requests naming series this replica has not cached get here.
      await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SERIES_LOCK, vendorId]);
      // A counter's increase series is created with it (same identity, kind 'increase'), so the
      // roll-up never creates series.
      await em.query(
        `WITH fresh AS (
           SELECT t.m, t.l, t.k, t.kd, t.n FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t(m, l, k, kd, n)
            WHERE NOT EXISTS (SELECT 1 FROM series s WHERE s.vendor_id = $1 AND s.metric = t.m AND s.labels_key = t.k AND s.kind = t.kd)
            ORDER BY t.n
            LIMIT greatest(0, $6 - (SELECT count(*) FROM series WHERE vendor_id = $1 AND kind <> 'increase'))
         ), ins AS (
           INSERT INTO series (vendor_id, metric, labels, labels_key, kind)
           SELECT $1, m, l::jsonb, k, kd FROM fresh ORDER BY n
           ON CONFLICT (vendor_id, metric, labels_key, kind) DO NOTHING
           RETURNING id, vendor_id, metric, labels, labels_key, kind
         )
         INSERT INTO series (vendor_id, metric, labels, labels_key, kind, source_id)
         SELECT vendor_id, metric, labels, labels_key, 'increase', id FROM ins WHERE kind = 'cumulative'
          ORDER BY id
         ON CONFLICT (vendor_id, metric, labels_key, kind) DO NOTHING`,
        [
          vendorId,
          sorted.map((r) => r.metric),
          sorted.map((r) => JSON.stringify(r.labels)),
          sorted.map((r) => r.labelsKey),
          sorted.map((r) => kindOf(r.cumulative)),
          limit,
        ],
      );
    });
  }

  /** Creates the month partitions covering [minMs, maxMs], if missing (one check per month, not per sample). */
  ensurePartitions(minMs: number, maxMs: number): Promise<void> {
    return this.ensureMonths(monthPartitionsBetween(minMs, maxMs));
  }

  /** Creates these month partitions (samples and chunks), if missing. */
  async ensureMonths(months: MonthPartition[]): Promise<void> {
    const missing = months.filter((p) => !this.partitions.has(p.name));
    if (missing.length === 0) return;
    await this.transactions.run(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
      for (const p of missing) {
        const bounds = `FOR VALUES FROM ('${p.from}') TO ('${p.to}')`;
        await em.query(`CREATE TABLE IF NOT EXISTS ${p.name} PARTITION OF samples ${bounds}`);
        // Its samples' compacted form (migration SampleChunks) lives and is dropped with it.
        await em.query(
          `CREATE TABLE IF NOT EXISTS ${chunkPartition(p.name)} PARTITION OF sample_chunks ${bounds}`,
        );
      }
    });
    for (const p of missing) this.partitions.add(p.name);
  }

  /**
   * Stores one request's samples: one statement, atomic on its own, prepared once per connection.
   * `late`: the batch reaches into compacted days (INSERT_LATE_BATCH).
   */
  async insertBatch(
    vendorId: string,
    columns: SampleColumns,
    receivedAt: Date,
    late = false,
  ): Promise<number> {
    const rows = await preparedQuery<{ inserted: string }>(
      this.dataSource,
      late ? 'insert_late_sample_batch_v1' : 'insert_sample_batch_v4',
      late ? INSERT_LATE_BATCH : INSERT_BATCH,
      batchParams(vendorId, columns, receivedAt),
    );
    return Number(rows[0].inserted);
  }

  /**
   * Stores one request's samples if none of them is stored yet (nor repeated within it): answers
   * the number inserted, or undefined (and stores nothing) when one is; the caller then uses
   * insertBatch, which skips them.
   */
  async insertNewBatch(
    vendorId: string,
    columns: SampleColumns,
    receivedAt: Date,
  ): Promise<number | undefined> {
    try {
      return await preparedRowCount(
        this.dataSource,
        'insert_new_sample_batch_v2',
        INSERT_NEW_BATCH,
        batchParams(vendorId, columns, receivedAt),
      );
    } catch (error) {
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) return undefined;
      throw error;
    }
  }

  /** The same inside the caller's transaction (an Idempotency-Key request), on its connection. */
  async insertBatchIn(
    em: Tx,
    vendorId: string,
    columns: SampleColumns,
    receivedAt: Date,
    late = false,
  ): Promise<number> {
    const rows: Array<{ inserted: string }> = await em.query(
      late ? INSERT_LATE_BATCH : INSERT_BATCH,
      batchParams(vendorId, columns, receivedAt),
    );
    return Number(rows[0].inserted);
  }

  /**
   * Where pushed samples may repeat ones a day chunk holds: from the earliest chunk day to
   * compaction's cursor (as the fold reads it), epoch ms; without a cursor but with chunks (a
   * migration made them), to +infinity. An empty range (from > to) when there is no chunk.
   */
  async compactedRange(): Promise<{ from: number; to: number }> {
    const [row]: Array<{ from: number | null; to: number | null }> = await this.dataSource.query(
      `SELECT extract(epoch FROM (SELECT min(day) FROM sample_chunks)) * 1000 AS "from",
              extract(epoch FROM ${REACHED}::timestamptz) * 1000 AS "to"`,
    );
    return row.from === null
      ? { from: Infinity, to: -Infinity }
      : { from: Number(row.from), to: Number(row.to) };
  }

  /** The range of each contract of the vendor (samples before the earliest are refused). */
  async contractRanges(vendorId: string): Promise<Array<{ id: string; from: Date; to: Date | null }>> {
    return this.dataSource.query(
      `SELECT id, starts_at AS "from", ends_at AS "to" FROM contracts WHERE vendor_id = $1`,
      [vendorId],
    );
  }

  /** Each live objective of the vendor: its contract, indicator and period. */
  async objectivesOf(
    vendorId: string,
  ): Promise<
    Array<{ contractId: string; indicator: Record<string, unknown>; period: Record<string, unknown> }>
  > {
    return this.dataSource.query(
      `SELECT o.contract_id AS "contractId", o.definition->'indicator' AS indicator, o.definition->'period' AS period
         FROM objectives o JOIN contracts c ON c.id = o.contract_id
        WHERE c.vendor_id = $1 AND o.removed_at IS NULL`,
      [vendorId],
    );
  }

  /** The periods the vendor's contracts closed (final statements, version 1), by contract and unit. */
  async closedPeriods(
    vendorId: string,
  ): Promise<Array<{ contractId: string; unit: string; from: Date; to: Date }>> {
    return this.dataSource.query(
      `SELECT s.contract_id AS "contractId", s.unit, s.period_start AS "from", s.period_end AS "to"
         FROM statements s JOIN contracts c ON c.id = s.contract_id
        WHERE c.vendor_id = $1 AND s.version = 1`,
      [vendorId],
    );
  }

  /**
   * The earliest instant an open period still reads: per live contract and statement unit, the end
   * of its last closed period (its start when none closed yet), and now minus the longest rolling
   * window. Retention never drops what this says is still needed. Undefined when nothing is open.
   */
  async neededSince(now: Instant): Promise<Date | undefined> {
    const [row]: Array<{ calendar: Date | null; rolling: number | null }> = await this.dataSource.query(
      `WITH live AS (
         SELECT o.contract_id, o.definition->'period' AS period FROM objectives o WHERE o.removed_at IS NULL
       ), units AS (
         SELECT DISTINCT contract_id, period->>'unit' AS unit FROM live WHERE period->>'type' = 'calendar'
       ), closed AS (
         SELECT contract_id, unit, max(period_end) AS until FROM statements WHERE version = 1 GROUP BY 1, 2
       )
       SELECT (SELECT min(coalesce(cl.until, c.starts_at))
                 FROM units u JOIN contracts c ON c.id = u.contract_id
                 LEFT JOIN closed cl ON cl.contract_id = u.contract_id AND cl.unit = u.unit
                WHERE c.ends_at IS NULL OR coalesce(cl.until, c.starts_at) < c.ends_at) AS calendar,
              (SELECT max((period->>'seconds')::float8) FROM live WHERE period->>'type' = 'rolling') AS rolling`,
    );
    const candidates = [
      row.calendar?.getTime(),
      row.rolling === null ? undefined : now - row.rolling * 1000,
    ].filter((t): t is number => t !== undefined);
    return candidates.length === 0 ? undefined : new Date(Math.min(...candidates));
  }

  /**
   * Drops month partitions (samples and their chunks) that end at or before `before` (retention);
   * returns the samples partitions' names.
   */
  async dropPartitionsBefore(before: Date): Promise<string[]> {
    const rows: Array<{ name: string; bound: string }> = await this.dataSource.query(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'samples'::regclass`,
    );
    const dropped: string[] = [];
    for (const row of rows) {
      const to = partitionUpperBound(row.bound);
      if (to && to <= before) {
        await this.dataSource.query(`DROP TABLE IF EXISTS ${row.name}, ${chunkPartition(row.name)}`);
        this.partitions.delete(row.name);
        dropped.push(row.name);
      }
    }
    return dropped;
  }
}

/** The chunk partition of a samples partition: `samples_y2027m03` → `sample_chunks_y2027m03`. */
const chunkPartition = (samplesPartition: string) => samplesPartition.replace(/^samples_/, 'sample_chunks_');

export type SeriesKind = 'plain' | 'cumulative' | 'increase';

const kindOf = (cumulative: boolean): SeriesKind => (cumulative ? 'cumulative' : 'plain');

/** A series' identity within its vendor: metric, labels and whether it is a cumulative counter. */
export function seriesKey(metric: string, labelsKey: string, cumulative: boolean): string {
  return `${metric}\u0002${labelsKey}${cumulative ? '\u0002c' : ''}`;
}
