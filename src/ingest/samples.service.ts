import { Injectable } from '@nestjs/common';
import type { Principal } from '../access/domain/roles';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain-error';
import { type CheckedSample, checkSample, isRejection, type Rejection } from './domain/samples';
import { IngestGate } from './ingest-gate';
import { IdempotencyService } from './idempotency.service';
import { IngestMetrics } from './ingest.metrics';
import { SamplesRepository, seriesKey, type SeriesRef } from './samples.repository';

export const MAX_SAMPLES = 10_000;
/** Bound on cached series ids; past it the cache starts over (ids are re-read, never wrong). */
const SERIES_CACHE_LIMIT = 500_000;

export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
}

@Injectable()
export class SamplesService {
  private readonly seriesIds = new Map<string, string>();
  private readonly newest = new Map<string, number>();

  constructor(
    private readonly gate: IngestGate,
    private readonly samples: SamplesRepository,
    private readonly idempotency: IdempotencyService,
    private readonly metrics: IngestMetrics,
    private readonly clock: Clock,
  ) {}

  async ingest(
    principal: Principal,
    body: { samples: Array<Record<string, unknown>> },
    idempotencyKey?: string,
  ): Promise<IngestAnswer> {
    const vendorId = this.gate.vendorOf(principal);
    if (body.samples.length > MAX_SAMPLES) {
      throw new DomainError(
        'payload_too_large',
        `At most ${MAX_SAMPLES} samples per request, got ${body.samples.length}`,
      );
    }
    const now = this.clock.now();
    const ctx = {
      nowMs: now.getTime(),
      earliestContractMs: await this.gate.earliestContractMs(vendorId, now.getTime()),
    };
    const rejected: Rejection[] = [];
    const checked: CheckedSample[] = [];
    body.samples.forEach((raw, i) => {
      const result = checkSample(raw, i, ctx);
      if (isRejection(result)) rejected.push(result);
      else checked.push(result);
    });
    const ids = await this.seriesIdsFor(vendorId, checked);
    await this.samples.ensurePartitions(checked.map((s) => s.epochMs));
    const columns = {
      seriesIds: checked.map((s) => ids.get(seriesKey(s.metric, s.labelsKey)) as string),
      timestamps: checked.map((s) => s.timestamp),
      values: checked.map((s) => s.value),
    };
    const store = async (em?: Parameters<SamplesRepository['insertBatch']>[3]): Promise<IngestAnswer> => {
      const accepted = checked.length === 0 ? 0 : await this.samples.insertBatch(vendorId, columns, now, em);
      return { accepted, duplicates: checked.length - accepted, rejected };
    };
    const answer = idempotencyKey
      ? await this.idempotency.once(vendorId, 'samples', idempotencyKey, body, now, store)
      : await store();
    await this.count(vendorId, answer, checked);
    return answer;
  }

  private async seriesIdsFor(vendorId: string, samples: CheckedSample[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    const missing = new Map<string, SeriesRef>();
    for (const s of samples) {
      const key = seriesKey(s.metric, s.labelsKey);
      if (ids.has(key) || missing.has(key)) continue;
      const id = this.seriesIds.get(`${vendorId}\u0003${key}`);
      if (id !== undefined) ids.set(key, id);
      else missing.set(key, { metric: s.metric, labels: s.labels, labelsKey: s.labelsKey });
    }
    if (missing.size > 0) {
      if (this.seriesIds.size > SERIES_CACHE_LIMIT) this.seriesIds.clear();
      for (const [key, id] of await this.samples.resolveSeries(vendorId, [...missing.values()])) {
        ids.set(key, id);
        this.seriesIds.set(`${vendorId}\u0003${key}`, id);
      }
    }
    return ids;
  }

  private async count(vendorId: string, answer: IngestAnswer, checked: CheckedSample[]): Promise<void> {
    this.metrics.samples.inc({ result: 'accepted' }, answer.accepted);
    this.metrics.samples.inc({ result: 'duplicate' }, answer.duplicates);
    this.metrics.samples.inc({ result: 'rejected' }, answer.rejected.length);
    if (answer.accepted > 0) {
      let newest = 0;
      for (const s of checked) if (s.epochMs > newest) newest = s.epochMs;
      // The gauge only moves forward: a late batch must not make a live feed look stale.
      if (newest > (this.newest.get(vendorId) ?? 0)) {
        this.newest.set(vendorId, newest);
        this.metrics.lastSample.set({ vendor: await this.gate.vendorKey(vendorId) }, newest / 1000);
      }
    }
  }
}
