import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../access/domain/roles';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain-error';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { VendorsRepository } from '../vendors/vendors.repository';
import { TokenBucket } from './domain/token-bucket';
import { SamplesRepository } from './samples.repository';

/** How long the vendor's earliest contract start is trusted before it is read again. */
const CONTRACT_START_TTL_MS = 5_000;

/** Vendor pushes: who may, how fast, and the shared checks of samples and events. */
@Injectable()
export class IngestGate {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly contractStarts = new Map<string, { at: number; startMs: number | undefined }>();
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

  async earliestContractMs(vendorId: string, nowMs: number): Promise<number | undefined> {
    const cached = this.contractStarts.get(vendorId);
    if (cached && nowMs - cached.at < CONTRACT_START_TTL_MS) return cached.startMs;
    const start = await this.samples.earliestContractStart(vendorId);
    const startMs = start?.getTime();
    this.contractStarts.set(vendorId, { at: nowMs, startMs });
    return startMs;
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
