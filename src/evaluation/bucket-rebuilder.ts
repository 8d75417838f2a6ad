import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { digestOf } from './domain/digest';
import { HOUR_MS, LEVEL_MS, MINUTE_LEVEL, MINUTE_MS } from './domain/plan';
import { parentFromChildren } from './domain/rollup';
import { summarize } from './domain/summary';
import { RawHoursRepository } from './raw-hours.repository';
import { type BucketRow, type KeptExtras, RollupRepository } from './rollup.repository';
import type { Instant } from '../common/time/instant';

const keyOf = (vendorId: string, metric: string) => `${vendorId}/${metric}`;
/** Hours a selector back-fill builds per statement. */
const BACKFILL_HOURS = 500;

/**
 * Buckets built from what is below them rather than from a delta: days and weeks from their hours,
 * hours from raw samples (repairs, counter corrections, and the history of a selector that a contract
 * started reading).
 */
@Injectable()
export class BucketRebuilder {
  private readonly logger = new Logger(BucketRebuilder.name);

  constructor(
    private readonly repository: RollupRepository,
    private readonly raw: RawHoursRepository,
  ) {}

  /**
   * Builds every new selector's hour buckets (days, weeks, and the minutes of recent hours) from the
   * samples already folded, then
   * marks it ready; the fold adds what arrives later. One selector per transaction. Usually nothing
   * is new: one read of a small table.
   */
  /** Whether a selector waits for its back-fill. */
  async anyUnready(em: EntityManager): Promise<boolean> {
    return (await this.raw.unreadySelectors(em)).length > 0;
  }

  async readySelectors(
    run: <T>(work: (em: EntityManager) => Promise<T>) => Promise<T>,
    keptOf: () => Promise<KeptExtras>,
    now: Instant,
    minuteFromOf: (em: EntityManager) => Promise<number>,
  ): Promise<number> {
    const pending = await run((em) => this.raw.unreadySelectors(em));
    if (pending.length === 0) return 0;
    const kept = await keptOf();
    for (const s of pending) {
      await run(async (em) => {
        const hours = await this.raw.metricHours(em, s.vendorId, s.metric);
        for (let i = 0; i < hours.length; i += BACKFILL_HOURS) {
          const chunk = hours.slice(i, i + BACKFILL_HOURS);
          const received = new Map(chunk.map((h) => [h.hour, h.lastReceivedAt]));
          const built = (
            await this.fromRaw(
              em,
              kept,
              chunk.map((h) => ({
                vendorId: s.vendorId,
                metric: s.input,
                level: 1 as const,
                bucket: h.hour,
              })),
              [],
            )
          ).map((r) => ({ ...r, lastReceivedAt: received.get(r.bucket) ?? null }));
          await this.repository.upsert(em, built);
          await this.rebuildDays(em, built);
        }
        // And the minutes of the recent hours, where evaluation reads minutes.
        const minuteFrom = await minuteFromOf(em);
        const recent = hours
          .filter((h) => h.hour + HOUR_MS > minuteFrom)
          .map((h) => ({ vendorId: s.vendorId, metric: s.input, hour: h.hour }));
        await this.repository.upsert(em, await this.minutesFromRaw(em, kept, recent, minuteFrom, []));
        await this.raw.markReady(em, s.vendorId, s.input, new Date(now));
      });
      this.logger.log({ msg: 'Selector buckets built', input: s.input });
    }
    return pending.length;
  }

  /** Rebuilds the days holding these hours, then the weeks holding those days, each from its children. */
  async rebuildDays(em: EntityManager, hours: BucketRow[]): Promise<void> {
    const days = await this.rebuildParents(em, hours, 1, 2);
    await this.rebuildParents(em, days, 2, 3);
  }

  private async rebuildParents(
    em: EntityManager,
    children: BucketRow[],
    childLevel: 1 | 2,
    parentLevel: 2 | 3,
  ): Promise<BucketRow[]> {
    const span = LEVEL_MS[parentLevel];
    const startOf = (t: number) => Math.floor(t / span) * span;
    const parents = new Map<string, { vendorId: string; metric: string; start: number }>();
    for (const c of children) {
      const start = startOf(c.bucket);
      parents.set(`${keyOf(c.vendorId, c.metric)}@${start}`, {
        vendorId: c.vendorId,
        metric: c.metric,
        start,
      });
    }
    const rows = await this.repository.children(em, childLevel, span, [...parents.values()]);
    const grouped = new Map<string, BucketRow[]>();
    for (const r of rows) {
      const key = `${keyOf(r.vendorId, r.metric)}@${startOf(r.bucket)}`;
      grouped.set(key, [...(grouped.get(key) ?? []), r]);
    }
    const out: BucketRow[] = [];
    for (const [key, p] of parents) {
      const children = grouped.get(key) ?? [];
      const state = parentFromChildren(children);
      const received = children.map((c) => c.lastReceivedAt).filter((t): t is number => t !== null);
      const lastReceivedAt = received.length > 0 ? Math.max(...received) : null;
      if (state)
        out.push({
          vendorId: p.vendorId,
          metric: p.metric,
          level: parentLevel,
          bucket: p.start,
          ...state,
          lastReceivedAt,
        });
    }
    await this.repository.upsert(em, out);
    return out;
  }

  /** Recomputes settled hours (before `before`) whose largest gap or digest became unknown, and their days. */
  async repair(em: EntityManager, kept: KeptExtras, before: number, limit: number): Promise<number> {
    const broken = await this.raw.hoursToRepair(em, before, limit, kept);
    if (broken.length === 0) return 0;
    const fixed = (
      await this.fromRaw(
        em,
        kept,
        broken.map((b) => ({ vendorId: b.vendorId, metric: b.metric, level: 1 as const, bucket: b.bucket })),
        [],
      )
    ).map((r) => ({
      ...r,
      lastReceivedAt: broken.find(
        (h) => h.vendorId === r.vendorId && h.metric === r.metric && h.bucket === r.bucket,
      )!.lastReceivedAt,
    }));
    await this.repository.upsert(em, fixed);
    await this.rebuildDays(em, fixed);
    this.logger.debug(`repaired ${fixed.length} hour buckets`);
    return broken.length;
  }

  /**
   * Hour (or minute) buckets summarized from their raw samples (folded, or in the batches being
   * folded); a bucket without any is left out.
   */
  async fromRaw(
    em: EntityManager,
    kept: KeptExtras,
    buckets: Array<{ vendorId: string; metric: string; level: 1 | 4; bucket: number }>,
    folding: string[],
  ): Promise<BucketRow[]> {
    const raw = await this.raw.rawBuckets(
      em,
      buckets.map((b) => ({ ...b, spanMs: LEVEL_MS[b.level] })),
      folding,
    );
    const samples = buckets.map(() => [] as Array<{ ts: number; value: number }>);
    for (const r of raw) samples[r.index].push(r);
    const out: BucketRow[] = [];
    buckets.forEach((b, i) => {
      const summary = summarize(samples[i]);
      if (!summary) return;
      const digest = kept.digests.has(keyOf(b.vendorId, b.metric))
        ? digestOf(samples[i].map((s) => s.value))
        : null;
      out.push({
        vendorId: b.vendorId,
        metric: b.metric,
        level: b.level,
        bucket: b.bucket,
        summary,
        digest,
        lastReceivedAt: null,
      });
    });
    return out;
  }

  /** The minute buckets of these hours from `minuteFrom` on, rebuilt from raw like `fromRaw`. */
  async minutesFromRaw(
    em: EntityManager,
    kept: KeptExtras,
    hours: Array<{ vendorId: string; metric: string; hour: number }>,
    minuteFrom: number,
    folding: string[],
  ): Promise<BucketRow[]> {
    const minutes = hours.flatMap((h) =>
      Array.from({ length: HOUR_MS / MINUTE_MS }, (_, k) => h.hour + k * MINUTE_MS)
        .filter((m) => m >= minuteFrom)
        .map((m) => ({ vendorId: h.vendorId, metric: h.metric, level: MINUTE_LEVEL, bucket: m })),
    );
    return this.fromRaw(em, kept, minutes, folding);
  }
}
