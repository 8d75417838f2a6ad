import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { partitionsAhead } from './domain/partitions';
import { IDEMPOTENCY_TTL_MS } from './idempotency.service';
import { IdempotencyRepository } from './idempotency.repository';
import { SamplesRepository } from './samples.repository';
import type { Instant } from '../common/time/instant';

export interface MaintenanceSummary {
  partitionsEnsured: string[];
  partitionsDropped: string[];
  idempotencyKeysForgotten: number;
}

/** Keeps sample storage in shape: partitions ahead of time, retention by whole partitions, old keys. */
@Injectable()
export class StorageMaintenanceService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly samples: SamplesRepository,
    private readonly idempotency: IdempotencyRepository,
  ) {}

  async run(now: Instant): Promise<MaintenanceSummary> {
    const ahead = partitionsAhead(now, 2);
    await this.samples.ensureMonths(ahead);
    const dropped =
      this.config.sampleRetentionMs === undefined
        ? []
        : await this.dropExpired(now, this.config.sampleRetentionMs);
    const forgotten = await this.idempotency.deleteOlderThan(new Date(now - IDEMPOTENCY_TTL_MS));
    return {
      partitionsEnsured: ahead.map((p) => p.name),
      partitionsDropped: dropped,
      idempotencyKeysForgotten: forgotten,
    };
  }

  /**
   * Drops whole months older than the retention, but never one an open period still reads: a period
   * not yet closed (its statement not written) or a rolling window would lose samples it counts.
   */
  private async dropExpired(now: Instant, retentionMs: number): Promise<string[]> {
    const cut = now - retentionMs;
    const needed = await this.samples.neededSince(now);
    return this.samples.dropPartitionsBefore(
      new Date(needed === undefined ? cut : Math.min(cut, needed.getTime())),
    );
  }
}
