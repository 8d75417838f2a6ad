import { Injectable } from '@nestjs/common';
import { IntervalScheduler } from '../common/interval-scheduler';
import { CompactionService } from './compaction.service';

/** How often compaction looks for work, and how long one tick may step. */
const EVERY_MS = 15_000;
const BUDGET_MS = 3_000;

/**
 * Where scheduling is on: every few seconds, compaction steps for a bounded time (replicas share the
 * work through the storage lock: a step another replica or the fold holds is skipped, not waited for).
 */
@Injectable()
export class CompactionScheduler extends IntervalScheduler {
  constructor(private readonly compaction: CompactionService) {
    super('compaction');
  }

  onApplicationBootstrap(): void {
    if (this.config.schedulerEnabled) this.start(EVERY_MS, () => this.tick());
  }

  tick(): Promise<void> {
    return this.run(async () => {
      const run = await this.compaction.run(BUDGET_MS);
      if (run.moved > 0) this.logger.debug({ msg: 'Compaction', ...run });
    }, 'Compaction failed');
  }

  protected get busy(): boolean {
    return this.compaction.busy;
  }
}
