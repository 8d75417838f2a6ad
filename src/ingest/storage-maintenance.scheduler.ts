import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { LOCK_KEYS } from '../database/advisory-lock';
import { Transactions } from '../database/transactions';
import { StorageMaintenanceService } from './storage-maintenance.service';

/** Hourly, and once at start-up: one replica at a time (the others skip), only where scheduling is on. */
@Injectable()
export class StorageMaintenanceScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(StorageMaintenanceScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly maintenance: StorageMaintenanceService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
  }

  @Cron(CronExpression.EVERY_HOUR)
  async tick(): Promise<void> {
    if (!this.config.schedulerEnabled) return;
    try {
      const summary = await this.transactions.ifLockFree(LOCK_KEYS.storageMaintenance, () =>
        this.maintenance.run(this.clock.now()),
      );
      if (summary && (summary.partitionsDropped.length > 0 || summary.idempotencyKeysForgotten > 0)) {
        this.logger.log({ msg: 'Storage maintenance', ...summary });
      }
    } catch (error) {
      this.logger.error({ msg: 'Storage maintenance failed', err: String(error) });
    }
  }
}
