import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { isDatabaseUnavailable, isTransientDatabaseError } from '../common/errors/classify';
import { runIsolated } from '../common/isolation';
import { RollupMetrics } from './rollup.metrics';
import { CounterFold } from './counter-fold';
import { BucketRebuilder } from './bucket-rebuilder';
import { Transactions } from '../database/transactions';
import { LOCK_KEYS } from '../database/advisory-lock';
import { VendorFeeds } from '../ingest/vendor-feeds';
import { HOUR_MS, MINUTE_LEVEL, type StoredLevel } from './domain/plan';
import { type DeltaPiece, hourDeltas, mergeDelta } from './domain/rollup';
import { type BucketRow, type KeptExtras, RollupRepository } from './rollup.repository';
import type { Instant } from '../common/time/instant';
import { MinuteLevel } from './minute-level';
import { MinuteLevelRepository } from './minute-level.repository';
import { SampleChunksRepository } from './sample-chunks.repository';
import { SeriesInputs } from './series-inputs';
import { BatchIndexRepository } from './batch-index.repository';

const BATCHES_PER_STEP = 500;
/** Steps one drain takes at most (500 batches each); what is left waits for the next drain. */
const MAX_DRAIN_STEPS = 1_000;
const REPAIRS_PER_STEP = 200;
const REPAIR_EVERY_MS = 10 * 60_000;
/** How often the background fold summarizes new block ranges of the samples' batch index. */
const SUMMARIZE_EVERY_MS = 10_000;
/** A batch whose fold failed alone is tried again after this long. */
const RETRY_FAILED_MS = 60 * 60_000;
/** Hours younger than this may still receive samples (timestamps up to 5 minutes ahead are accepted). */
const SETTLE_MS = 10 * 60_000;

const keyOf = (vendorId: string, metric: string) => `${vendorId}/${metric}`;

/**
 * Folds accepted batches into hour and day buckets. Each step takes the oldest pending batches, adds
 * what they inserted to the hour buckets, rebuilds the touched days from their hours, invalidates the
 * timeslice chunks that read those samples, and deletes the batches, all in one transaction: every
 * sample is counted exactly once, late data included, and only touched buckets change.
 */
@Injectable()
export class RollupService {
  private readonly logger = new Logger(RollupService.name);
  /** The repair scan reads every recent hour row: run it at start-up and then every few minutes. */
  private nextRepairAt = 0;
  private nextSummaryAt = 0;
  /** Batches whose fold failed alone → when to try them again. */
  private readonly failing = new Map<string, number>();

  constructor(
    private readonly repository: RollupRepository,
    private readonly clock: Clock,
    private readonly metrics: RollupMetrics,
    private readonly feeds: VendorFeeds,
    private readonly transactions: Transactions,
    private readonly counters: CounterFold,
    private readonly rebuilder: BucketRebuilder,
    private readonly minutes: MinuteLevelRepository,
    private readonly minuteLevel: MinuteLevel,
    private readonly chunks: SampleChunksRepository,
    private readonly inputs: SeriesInputs,
    private readonly batchIndex: BatchIndexRepository,
  ) {}

  /** How many drains run here now (shutdown waits for them). */
  private draining = 0;

  get busy(): boolean {
    return this.draining > 0;
  }

  /**
   * Folds everything pending, after a drain in progress here or on another replica: what the pass
   * needs before it reads. Returns batches folded.
   */
  drain(maxSteps = MAX_DRAIN_STEPS): Promise<number> {
    return this.counting(() => this.transactions.underLock(LOCK_KEYS.fold, () => this.drainAll(maxSteps)));
  }

  /**
   * The background fold: a drain unless one is running (here or on another replica), so what vendors
   * push is folded as it arrives and the pass folds only the last seconds. Undefined when skipped.
   */
  drainIfFree(): Promise<number | undefined> {
    return this.counting(() =>
      this.transactions.ifLockFree(LOCK_KEYS.fold, () => this.drainAll(MAX_DRAIN_STEPS)),
    );
  }

  /**
   * The index upkeep of a drain (the pass's and the background one), under the fold lock so replicas
   * do not ANALYZE the same partitions at once. A partition a vacuum (or a manual ANALYZE) holds past
   * the lock timeout is left to a later step: the drain itself must not wait for it.
   */
  private async summarizeUnlessLocked(): Promise<void> {
    try {
      await this.summarizeBatchIndex();
    } catch (error) {
      if (!isTransientDatabaseError(error)) throw error;
      this.logger.debug({ msg: 'Batch index upkeep skipped: partition locked', err: String(error) });
    }
  }

  /**
   * Summarizes the samples' batch index over what was written since the last call, and refreshes the
   * statistics of partitions that grew (at most every SUMMARIZE_EVERY_MS): keeps a fold step's reads
   * proportional to its batches. Returns ranges added.
   */
  async summarizeBatchIndex(): Promise<number> {
    const now = this.clock.now();
    if (now < this.nextSummaryAt && now >= this.nextSummaryAt - SUMMARIZE_EVERY_MS) return 0;
    this.nextSummaryAt = now + SUMMARIZE_EVERY_MS;
    const ranges = await this.transactions.run((em) => this.batchIndex.summarizeNew(em));
    const analyzed = await this.transactions.run((em) => this.batchIndex.analyzeGrown(em));
    if (analyzed.length > 0) this.logger.debug({ msg: 'Samples statistics refreshed', partitions: analyzed });
    return ranges;
  }

  private async counting<T>(work: () => Promise<T>): Promise<T> {
    this.draining++;
    try {
      return await work();
    } finally {
      this.draining--;
    }
  }

  /**
   * Steps until nothing is pending (callers hold the fold lock). Returns batches folded. A step
   * that fails is split until the failing batches stand alone: they stay pending (retried alone an
   * hour later), are counted in `sla_rollup_errors_total{vendor}` and logged, and every other
   * vendor's data is folded: one vendor's bad batch never stops the pass.
   */
  private async drainAll(maxSteps: number): Promise<number> {
    let total = 0;
    const kept = await this.transactions.run((em) => this.repository.keptExtras(em));
    // Minute buckets are kept for the recent hours: move their start forward (pruning older ones).
    const minuteFrom = await this.transactions.run((em) =>
      this.minutes.advance(em, MinuteLevel.keepFrom(this.clock.now())),
    );
    this.minuteLevel.refreshed(minuteFrom);
    for (let i = 0; i < maxSteps; i++) {
      // Before every step (at most every SUMMARIZE_EVERY_MS): a long drain appends rows itself (a
      // counter's increases, thawed chunks), and the pass's drain is often the only one (no
      // scheduler). Summarized only at a drain's start, a cold pass over 60 000 batches read every
      // range written since at each step: 5.8 s for a statement that takes 0.34 s on a summarized index.
      await this.summarizeUnlessLocked();
      const now = this.clock.now();
      const skip = [...this.failing].filter(([, retryAt]) => retryAt > now).map(([id]) => id);
      const ids = await this.transactions.run((em) =>
        this.repository.pendingBatches(em, BATCHES_PER_STEP, skip),
      );
      if (ids.length === 0) break;
      const outcome = await runIsolated(
        ids,
        async (group) => {
          await this.transactions.run((em) => this.step(em, kept, group, minuteFrom));
          return group.length;
        },
        // A batch that failed before is folded alone, so it never costs a group a bisection again.
        { suspect: (id) => this.failing.has(id), abort: isDatabaseUnavailable },
      );
      total += outcome.results.reduce((a, b) => a + b, 0);
      for (const id of ids) this.failing.delete(id);
      if (outcome.failed.length > 0) await this.recordFailures(outcome.failed, now);
      if (ids.length < BATCHES_PER_STEP) break;
    }
    const now = this.clock.now();
    if (now >= this.nextRepairAt) {
      const repaired = await this.transactions.run((em) =>
        this.rebuilder.repair(em, kept, now - HOUR_MS - SETTLE_MS, REPAIRS_PER_STEP),
      );
      // A full batch of repairs means more may wait: look again next pass.
      this.nextRepairAt = repaired < REPAIRS_PER_STEP ? now + REPAIR_EVERY_MS : 0;
    }
    return total;
  }

  /**
   * Builds the buckets of selectors a contract started reading (the pass calls it once, after reading
   * the active contracts, so none is evaluated before its history is in). A back-fill replaces each
   * hour from its raw samples, so it does not matter whether the fold before it added the selector's
   * deltas already.
   */
  async readySelectors(): Promise<number> {
    if (!(await this.transactions.run((em) => this.rebuilder.anyUnready(em)))) return 0;
    // A back-fill rebuilds buckets from folded samples: a fold step between its read and its write
    // would be lost (or counted twice), so it holds the fold lock like a drain.
    return this.counting(() =>
      this.transactions.underLock(LOCK_KEYS.fold, () =>
        this.rebuilder.readySelectors(
          (work) => this.transactions.run(work),
          () => this.transactions.run((em) => this.repository.keptExtras(em)),
          this.clock.now(),
          (em) => this.minutes.completeFrom(em),
        ),
      ),
    );
  }

  private async recordFailures(failed: Array<{ item: string; error: unknown }>, now: Instant) {
    const vendors = await this.repository.batchVendors(failed.map((f) => f.item));
    for (const { item: batchId, error } of failed) {
      this.failing.set(batchId, now + RETRY_FAILED_MS);
      const vendor = vendors.get(batchId) ?? 'unknown';
      this.metrics.rollupErrors.inc({ vendor });
      this.logger.error({
        msg: 'A batch could not be folded; it stays pending',
        batch: batchId,
        vendor,
        err: String(error),
      });
    }
  }

  private async step(
    em: EntityManager,
    kept: KeptExtras,
    batchIds: string[],
    minuteFrom: number,
  ): Promise<number> {
    if (batchIds.length === 0) return 0;
    // Compacted days the batches reach come back as rows (a compaction step in progress finishes
    // first): the fold, its corrections and rebuilds then work on rows alone.
    await this.chunks.lock(em);
    const reached = await this.chunks.reached(em, batchIds);
    if (reached) await this.chunks.thawForBatches(em, batchIds);
    // Counters first: their increase points are written under the same batches, so the deltas below
    // fold them; hours whose folded increases a late point changed are rebuilt whole instead (their
    // recent minutes too).
    const corrected = await this.counters.derive(em, batchIds);
    const redoHours = new Set(corrected.map((c) => `${keyOf(c.vendorId, c.metric)}@${c.hour}`));
    const hourOf = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;
    const inputs = await this.inputs.of(em, batchIds);
    const pieces = await this.repository.deltas(em, batchIds, kept, inputs, minuteFrom);
    const deltas = hourDeltas(pieces, HOUR_MS);
    const minuteDeltas = pieces.filter(
      (d) => d.minute && !redoHours.has(`${keyOf(d.vendorId, d.metric)}@${hourOf(d.hour)}`),
    );
    const hours = await this.merged(
      em,
      kept,
      deltas.filter((d) => !redoHours.has(`${keyOf(d.vendorId, d.metric)}@${d.hour}`)),
      1,
    );
    const minutes = await this.merged(em, kept, minuteDeltas, MINUTE_LEVEL);
    const stored = await this.repository.buckets(
      em,
      corrected.map((c) => ({ vendorId: c.vendorId, metric: c.metric, level: 1 as const, bucket: c.hour })),
    );
    // A rebuilt hour keeps the latest receipt of what it held and of what this step adds to it.
    const received = new Map<string, number>();
    for (const d of [...stored, ...deltas.map((x) => ({ ...x, bucket: x.hour }))]) {
      const key = `${keyOf(d.vendorId, d.metric)}@${d.bucket}`;
      received.set(key, Math.max(received.get(key) ?? 0, d.lastReceivedAt ?? 0));
    }
    const rebuilt = (
      await this.rebuilder.fromRaw(
        em,
        kept,
        corrected.map((c) => ({ ...c, level: 1 as const, bucket: c.hour })),
        batchIds,
      )
    ).map((r) => ({
      ...r,
      lastReceivedAt: received.get(`${keyOf(r.vendorId, r.metric)}@${r.bucket}`) || null,
    }));
    const rebuiltMinutes = await this.rebuilder.minutesFromRaw(em, kept, corrected, minuteFrom, batchIds);
    await this.repository.upsert(em, [...hours, ...rebuilt, ...minutes, ...rebuiltMinutes]);
    await this.rebuilder.rebuildDays(em, [...hours, ...rebuilt]);
    await this.repository.invalidateChunks(em, [
      ...deltas.map((d) => ({
        vendorId: d.vendorId,
        metric: d.metric,
        from: d.summary.firstTs,
        to: d.summary.lastTs,
      })),
      ...corrected.map((c) => ({
        vendorId: c.vendorId,
        metric: c.metric,
        from: c.hour,
        to: c.hour + HOUR_MS,
      })),
    ]);
    const newest = new Map<string, number>();
    for (const d of deltas) newest.set(d.vendorId, Math.max(newest.get(d.vendorId) ?? 0, d.summary.lastTs));
    await this.feeds.advance(em, newest);
    await this.feeds.advanceProtocols(em, batchIds);
    if (reached) await this.chunks.queueLate(em, batchIds);
    await this.repository.finishBatches(em, batchIds);
    return batchIds.length;
  }

  /** Buckets of `level` after adding the deltas to what is stored. */
  private async merged(
    em: EntityManager,
    kept: KeptExtras,
    deltas: DeltaPiece[],
    level: StoredLevel,
  ): Promise<BucketRow[]> {
    const stored = await this.repository.buckets(
      em,
      deltas.map((d) => ({ vendorId: d.vendorId, metric: d.metric, level, bucket: d.hour })),
    );
    const byKey = new Map(stored.map((b) => [`${keyOf(b.vendorId, b.metric)}@${b.bucket}`, b]));
    return deltas.map((d) => {
      const current = byKey.get(`${keyOf(d.vendorId, d.metric)}@${d.hour}`);
      const merged = mergeDelta(current, d, kept.digests.has(keyOf(d.vendorId, d.metric)));
      const lastReceivedAt = Math.max(current?.lastReceivedAt ?? 0, d.lastReceivedAt);
      return { vendorId: d.vendorId, metric: d.metric, level, bucket: d.hour, ...merged, lastReceivedAt };
    });
  }
}
