import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../access/domain/roles';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain-error';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { VendorsRepository } from '../vendors/vendors.repository';
import { closedTime, type ContractCoverage } from './domain/closed-time';
import { TokenBucket } from './domain/token-bucket';
import { SamplesRepository } from './samples.repository';

/** How long the vendor's contract starts and closed periods are trusted before they are read again. */
const CONTRACT_START_TTL_MS = 5_000;

/** Vendor pushes: who may, how fast, and the shared checks of samples and events. */
@Injectable()
export class IngestGate {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly contexts = new Map<
    string,
    {
      at: number;
      startMs: number | undefined;
      closed: Array<readonly [number, number]>;
      counted: ReadonlySet<string>;
    }
  >();
  private readonly vendorKeys = new Map<string, string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly samples: SamplesRepository,
    private readonly vendors: VendorsRepository,
  ) {}

  /** The vendor of a vendor token; other roles cannot push (the data would belong to nobody). */
  vendorOf(principal: Principal): string {
    if (principal.role !== 'vendor' || !principal.vendorId) {
      throw new DomainError(
        'forbidden',
        'Data is pushed with a vendor API key; the vendor comes from the token',
      );
    }
    const nowMs = this.clock.now().getTime();
    let bucket = this.buckets.get(principal.vendorId);
    if (!bucket)
      this.buckets.set(principal.vendorId, (bucket = new TokenBucket(this.config.ingestRateLimit, nowMs)));
    const wait = bucket.take(nowMs);
    if (wait > 0)
      throw new DomainError('rate_limited', 'Too many ingest requests for this vendor', undefined, wait);
    return principal.vendorId;
  }

  /**
   * The vendor's time rules: its earliest contract start and its closed time (periods every covering
   * contract has closed). Read at most every few seconds per replica, so another replica's period
   * close takes effect here within that delay.
   */
  async timeContext(
    vendorId: string,
    nowMs: number,
  ): Promise<{
    earliestContractMs: number | undefined;
    closed: Array<readonly [number, number]>;
    countedMetrics: ReadonlySet<string>;
  }> {
    let cached = this.contexts.get(vendorId);
    if (!cached || nowMs - cached.at >= CONTRACT_START_TTL_MS) {
      const rows = await this.samples.contractCoverage(vendorId);
      const byContract = new Map<string, ContractCoverage>();
      for (const r of rows) {
        let c = byContract.get(r.id);
        if (!c) byContract.set(r.id, (c = { from: r.from.getTime(), to: r.to?.getTime(), closed: [] }));
        if (r.closedFrom && r.closedTo) c.closed.push([r.closedFrom.getTime(), r.closedTo.getTime()]);
      }
      const starts = [...byContract.values()].map((c) => c.from);
      cached = {
        at: nowMs,
        startMs: starts.length > 0 ? Math.min(...starts) : undefined,
        closed: closedTime([...byContract.values()]),
        counted: new Set(await this.samples.countedMetrics(vendorId)),
      };
      this.contexts.set(vendorId, cached);
    }
    return { earliestContractMs: cached.startMs, closed: cached.closed, countedMetrics: cached.counted };
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
