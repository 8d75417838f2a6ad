import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { Principal } from '../access/domain/roles';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain-error';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { VendorsRepository } from '../vendors/vendors.repository';
import type { Interval } from '../common/time/intervals';
import { closedByInput, closedTime, indicatorInputs, type ObjectiveCoverage } from './domain/closed-time';
import type { SampleContext } from './domain/samples';
import { PeriodCloseSignal } from '../common/period-close-signal';
import { TokenBucket } from './domain/token-bucket';
import { SamplesRepository } from './samples.repository';
import type { Instant } from '../common/time/instant';
import { selectorMetric } from '../contracts/domain/selector';

/** How long the vendor's contract starts and closed periods are trusted before they are read again. */
const CONTRACT_START_TTL_MS = 5_000;
/** Vendors remembered per replica (rate buckets, time rules, keys); the least recently seen go first. */
const MAX_VENDORS = 10_000;
/** Items (samples or events) one request may carry. */
export const MAX_SAMPLES = 10_000;

/** A push after the checks every push shares: its items split into the checked and the rejected. */
export interface Admitted<C, R> {
  vendorId: string;
  now: Instant;
  checked: C[];
  rejected: R[];
}

interface TimeContext {
  at: number;
  startMs: number | undefined;
  closed: readonly Interval[];
  closedByInput: ReadonlyMap<string, readonly Interval[]>;
  counted: ReadonlySet<string>;
}

/** Vendor pushes: who may, how fast, and the shared checks of samples and events. */
@Injectable()
export class IngestGate {
  // lru-cache bounds them; the time rules' 5 s freshness stays on the injected Clock (`at`), which tests move.
  private readonly buckets = new LRUCache<string, TokenBucket>({ max: MAX_VENDORS });
  private readonly contexts = new LRUCache<string, TimeContext>({ max: MAX_VENDORS });
  private readonly vendorKeys = new LRUCache<string, string>({ max: MAX_VENDORS });

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly samples: SamplesRepository,
    private readonly vendors: VendorsRepository,
    signal: PeriodCloseSignal,
  ) {
    signal.onClosed((vendorId) => this.contexts.delete(vendorId));
  }

  /** The vendor of a vendor token; other roles cannot push (the data would belong to nobody). */
  vendorOf(principal: Principal): string {
    if (principal.role !== 'vendor' || !principal.vendorId) {
      throw new DomainError(
        'forbidden',
        'Data is pushed with a vendor API key; the vendor comes from the token',
      );
    }
    const now = this.clock.now();
    let bucket = this.buckets.get(principal.vendorId);
    if (!bucket)
      this.buckets.set(principal.vendorId, (bucket = new TokenBucket(this.config.ingestRateLimit, now)));
    const wait = bucket.take(now);
    if (wait > 0)
      throw new DomainError('rate_limited', 'Too many ingest requests for this vendor', undefined, wait);
    return principal.vendorId;
  }

  /**
   * The start every push shares: the vendor (rate limited), at most MAX_SAMPLES items, then each item
   * checked on its own against the vendor's time rules at one `now`, so a bad one never costs the others.
   */
  async admit<T, R extends T>(
    principal: Principal,
    items: Array<Record<string, unknown>>,
    what: 'samples' | 'events',
    check: (raw: Record<string, unknown>, index: number, ctx: SampleContext) => T,
    isRejected: (result: T) => result is R,
  ): Promise<Admitted<Exclude<T, R>, R>> {
    const vendorId = this.vendorOf(principal);
    if (items.length > MAX_SAMPLES) {
      throw new DomainError(
        'payload_too_large',
        `At most ${MAX_SAMPLES} ${what} per request, got ${items.length}`,
      );
    }
    const now = this.clock.now();
    const ctx = { now, ...(await this.timeContext(vendorId, now)) };
    const admitted: Admitted<Exclude<T, R>, R> = { vendorId, now, checked: [], rejected: [] };
    items.forEach((raw, i) => {
      const result = check(raw, i, ctx);
      if (isRejected(result)) admitted.rejected.push(result);
      else admitted.checked.push(result as Exclude<T, R>);
    });
    return admitted;
  }

  /**
   * The vendor's time rules: its earliest contract start and, per input (metric or work-item type),
   * the time every objective reading it has closed. Read at most every few seconds per replica (at
   * once after this replica closes one of the vendor's periods), so another replica's period close
   * takes effect here within that delay.
   */
  async timeContext(
    vendorId: string,
    now: Instant,
  ): Promise<{
    earliestContractMs: number | undefined;
    closed: readonly Interval[];
    closedByInput: ReadonlyMap<string, readonly Interval[]>;
    countedMetrics: ReadonlySet<string>;
  }> {
    let cached = this.contexts.get(vendorId);
    if (!cached || now - cached.at >= CONTRACT_START_TTL_MS) {
      const [contracts, objectives, closed] = await Promise.all([
        this.samples.contractRanges(vendorId),
        this.samples.objectivesOf(vendorId),
        this.samples.closedPeriods(vendorId),
      ]);
      const ranges = new Map(contracts.map((c) => [c.id, c]));
      const coverage = objectives.flatMap((o): ObjectiveCoverage[] => {
        const range = ranges.get(o.contractId);
        if (!range) return [];
        const unit = o.period?.type === 'calendar' ? o.period.unit : undefined;
        return [
          {
            from: range.from.getTime(),
            to: range.to?.getTime(),
            reads: indicatorInputs(o.indicator),
            closed: closed
              .filter((p) => unit !== undefined && p.contractId === o.contractId && p.unit === unit)
              .map((p): Interval => [p.from.getTime(), p.to.getTime()]),
          },
        ];
      });
      const starts = contracts.map((c) => c.from.getTime());
      cached = {
        at: now,
        startMs: starts.length > 0 ? Math.min(...starts) : undefined,
        // Inputs no objective reads: the time every covering contract closed (in any unit).
        closed: closedTime(
          contracts.map((c) => ({
            from: c.from.getTime(),
            to: c.to?.getTime(),
            closed: closed
              .filter((p) => p.contractId === c.id)
              .map((p): Interval => [p.from.getTime(), p.to.getTime()]),
          })),
        ),
        closedByInput: closedByInput(coverage),
        // Metrics a ratio objective counts (good, bad or total): a count is never negative.
        counted: new Set(
          objectives.flatMap((o) =>
            o.indicator?.kind === 'ratio'
              ? ['good', 'bad', 'total']
                  .map((f) => o.indicator[f])
                  .filter((m): m is string => typeof m === 'string')
                  .map(selectorMetric)
              : [],
          ),
        ),
      };
      this.contexts.set(vendorId, cached);
    }
    return {
      earliestContractMs: cached.startMs,
      closed: cached.closed,
      closedByInput: cached.closedByInput,
      countedMetrics: cached.counted,
    };
  }

  async vendorKey(vendorId: string): Promise<string> {
    let key = this.vendorKeys.get(vendorId);
    if (key === undefined) {
      key = (await this.vendors.findById(vendorId))?.key ?? 'unknown';
      this.vendorKeys.set(vendorId, key);
    }
    return key;
  }
}
