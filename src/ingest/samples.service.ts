import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { retryingTransient } from '../database/transient';
import type { Principal } from '../access/domain/roles';
import { type CheckedSample, checkSample, isRejection, type Rejection } from './domain/samples';
import { monthPartitionsOf } from './domain/partitions';
import { IngestGate } from './ingest-gate';
import { VendorFeeds } from './vendor-feeds';
import { CompactionHorizon } from './compaction-horizon';
import { IdempotencyService } from './idempotency.service';
import { type IngestProtocol, IngestMetrics } from './ingest.metrics';
import type { SampleColumns } from './sample-batch.sql';
import { SamplesRepository, seriesKey, type SeriesRef } from './samples.repository';

// Also exported here, where the OTLP and remote-write services read it.
export { MAX_SAMPLES } from './ingest-gate';
/** Bound on cached series ids; past it the least recently used go (ids are re-read, never wrong). */
const SERIES_CACHE_LIMIT = 500_000;

/**
 * A vendor whose push met stored samples sends its next pushes through the conflict-tolerant insert
 * for this long: a sender that resends overlapping windows pays one failed attempt per minute, not
 * one per request.
 */
const OVERLAP_MEMORY_MS = 60_000;

/**
 * Array literals for UNNEST, rows in (series, timestamp) order: concurrent requests holding the same
 * keys then insert them in the same order, so they wait on each other instead of deadlocking.
 * Timestamps passed the RFC 3339 check (no quotes, commas or backslashes), series ids are digits and
 * values are finite numbers, so no element needs escaping beyond the quotes. Series ids are bigserial
 * values far below 2^53, so their numbers order them exactly (cheaper than comparing the strings).
 */
function toColumns(samples: CheckedSample[], seriesOf: string[], protocol: IngestProtocol) {
  const idOf = new Float64Array(samples.length);
  for (let i = 0; i < samples.length; i++) idOf[i] = Number(seriesOf[i]);
  const order = new Uint32Array(samples.length);
  for (let i = 0; i < samples.length; i++) order[i] = i;
  order.sort((a, b) => idOf[a] - idOf[b] || samples[a].epochMs - samples[b].epochMs);
  const series: string[] = new Array<string>(samples.length);
  const stampOf = new Uint32Array(samples.length);
  const positions = new Map<string, number>();
  const stamps: string[] = [];
  const values: string[] = new Array<string>(samples.length);
  let newest = -Infinity;
  let oldest = Infinity;
  order.forEach((k, i) => {
    const s = samples[k];
    series[i] = seriesOf[k];
    let position = positions.get(s.timestamp);
    if (position === undefined) {
      position = stamps.push(`"${s.timestamp}"`);
      positions.set(s.timestamp, position);
    }
    stampOf[i] = position;
    values[i] = Object.is(s.value, -0) ? '-0' : String(s.value); // String(-0) is "0"
    if (s.epochMs > newest) newest = s.epochMs;
    if (s.epochMs < oldest) oldest = s.epochMs;
  });
  return {
    count: samples.length,
    seriesIds: `{${series.join(',')}}`,
    stamps: `{${stamps.join(',')}}`,
    stampOf: `{${stampOf.join(',')}}`,
    values: `{${values.join(',')}}`,
    newest: samples.length > 0 ? new Date(newest).toISOString() : null,
    oldest: samples.length > 0 ? new Date(oldest).toISOString() : null,
    protocol,
  };
}

export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
}

@Injectable()
export class SamplesService {
  /** `vendor id NUL series key` → series id. */
  private readonly seriesIds = new LRUCache<string, string>({ max: SERIES_CACHE_LIMIT });
  /**
   * Vendors whose push found them at MAX_SERIES_PER_VENDOR: their new series are refused without
   * the locked count (series are never deleted, so a vendor stays at its limit; entries expire anyway).
   * Otherwise a vendor inventing series would make every one of its requests count all its series.
   */
  private readonly atLimit = new LRUCache<string, true>({ max: 100_000, ttl: 60_000 });
  /** Vendors whose pushes recently met stored samples (bounded, entries expire). */
  private readonly overlapping = new LRUCache<string, true>({ max: 100_000, ttl: OVERLAP_MEMORY_MS });

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly gate: IngestGate,
    private readonly samples: SamplesRepository,
    private readonly idempotency: IdempotencyService,
    private readonly metrics: IngestMetrics,
    private readonly feeds: VendorFeeds,
    private readonly horizon: CompactionHorizon,
  ) {}

  async ingest(
    principal: Principal,
    body: { samples: Array<Record<string, unknown>> },
    idempotencyKey?: string,
    protocol: IngestProtocol = 'json',
  ): Promise<IngestAnswer> {
    const admitted = await this.gate.admit(principal, body.samples, 'samples', checkSample, isRejection);
    const { vendorId, now, rejected } = admitted;
    let checked = admitted.checked;
    const receivedAt = new Date(now);
    const found = await retryingTransient(() => this.seriesIdsFor(vendorId, checked));
    const { checked: kept, seriesOf } = this.withinSeriesLimit(body.samples.length, checked, found, rejected);
    checked = kept;
    const columns = toColumns(checked, seriesOf, protocol);
    if (checked.length > 0) await this.samples.ensureMonths(monthPartitionsOf(checked.map((s) => s.epochMs)));
    const answerOf = (accepted: number): IngestAnswer => ({
      accepted,
      duplicates: checked.length - accepted,
      rejected,
    });
    // A batch reaching into compacted days is checked against the chunks too (INSERT_LATE_BATCH).
    const late =
      columns.oldest !== null &&
      columns.newest !== null &&
      (await this.horizon.reaches(Date.parse(columns.oldest), Date.parse(columns.newest)));
    const answer = await retryingTransient(async () =>
      idempotencyKey
        ? this.idempotency.once(vendorId, 'samples', idempotencyKey, body, now, async (em) =>
            answerOf(
              checked.length === 0
                ? 0
                : await this.samples.insertBatchIn(em, vendorId, columns, receivedAt, late),
            ),
          )
        : answerOf(checked.length === 0 ? 0 : await this.insert(vendorId, columns, receivedAt, late)),
    );
    await this.count(vendorId, answer, checked, protocol);
    return answer;
  }

  /**
   * The fast insert of only-new samples first, unless this vendor's pushes overlap stored ones or
   * the batch reaches into compacted days.
   */
  private async insert(
    vendorId: string,
    columns: SampleColumns,
    receivedAt: Date,
    late: boolean,
  ): Promise<number> {
    if (late) return this.samples.insertBatch(vendorId, columns, receivedAt, true);
    if (!this.overlapping.has(vendorId)) {
      const inserted = await this.samples.insertNewBatch(vendorId, columns, receivedAt);
      if (inserted !== undefined) return inserted;
      this.overlapping.set(vendorId, true);
    }
    return this.samples.insertBatch(vendorId, columns, receivedAt);
  }

  /**
   * The samples whose series exist, with their ids; the others (new series past the vendor's
   * limit) are added to `rejected` under their index in the request, which is then sorted.
   */
  private withinSeriesLimit(
    sent: number,
    checked: CheckedSample[],
    found: Array<string | undefined>,
    rejected: Rejection[],
  ): { checked: CheckedSample[]; seriesOf: string[] } {
    if (!found.includes(undefined)) return { checked, seriesOf: found as string[] };
    // The checked samples are the request's items in order, less the ones already rejected.
    const refused = new Set(rejected.map((r) => r.index));
    const kept: CheckedSample[] = [];
    const seriesOf: string[] = [];
    let j = 0;
    for (let index = 0; index < sent; index++) {
      if (refused.has(index)) continue;
      const id = found[j];
      if (id === undefined) {
        rejected.push({
          index,
          reason: 'series_limit',
          message: `the vendor has ${this.config.maxSeriesPerVendor} series (MAX_SERIES_PER_VENDOR); samples of new series are refused`,
        });
      } else {
        kept.push(checked[j]);
        seriesOf.push(id);
      }
      j++;
    }
    rejected.sort((a, b) => a.index - b.index);
    return { checked: kept, seriesOf };
  }

  /**
   * Each sample's series id: from the cache, the missing ones read (or created while the vendor is
   * under its series limit); undefined for a new series past the limit.
   */
  private async seriesIdsFor(vendorId: string, samples: CheckedSample[]): Promise<Array<string | undefined>> {
    const keys = new Array<string>(samples.length);
    const ids = new Map<string, string>();
    let missing: Map<string, SeriesRef> | undefined;
    samples.forEach((s, i) => {
      const key = (keys[i] = seriesKey(s.metric, s.labelsKey, s.cumulative));
      if (ids.has(key) || missing?.has(key)) return;
      const id = this.seriesIds.get(`${vendorId}\u0000${key}`);
      if (id !== undefined) ids.set(key, id);
      else
        (missing ??= new Map()).set(key, {
          metric: s.metric,
          labels: s.labels,
          labelsKey: s.labelsKey,
          cumulative: s.cumulative,
        });
    });
    if (missing) {
      const refs = [...missing.values()];
      const limit = this.config.maxSeriesPerVendor;
      const found = await this.samples.resolveSeries(vendorId, refs, limit, !this.atLimit.has(vendorId));
      for (const [key, id] of found) {
        ids.set(key, id);
        this.seriesIds.set(`${vendorId}\u0000${key}`, id);
      }
      if (found.size < missing.size) this.atLimit.set(vendorId, true);
    }
    return keys.map((key) => ids.get(key));
  }

  private async count(
    vendorId: string,
    answer: IngestAnswer,
    checked: CheckedSample[],
    protocol: IngestProtocol,
  ): Promise<void> {
    this.metrics.samples.inc({ result: 'accepted', protocol }, answer.accepted);
    this.metrics.samples.inc({ result: 'duplicate', protocol }, answer.duplicates);
    this.metrics.samples.inc({ result: 'rejected', protocol }, answer.rejected.length);
    if (answer.accepted > 0) {
      let newest = 0;
      for (const s of checked) if (s.epochMs > newest) newest = s.epochMs;
      this.feeds.observe(await this.gate.vendorKey(vendorId), newest);
    }
  }
}
