import { Injectable } from '@nestjs/common';
import { IntervalScheduler } from '../common/interval-scheduler';
import { RollupService } from './rollup.service';

/** How often the background fold looks for pending batches. */
export const FOLD_EVERY_MS = 2_000;

/**
 * Where scheduling is on: folds accepted batches every few seconds, between passes. A pass then folds
 * only what arrived since the last tick, so its time does not carry the whole interval's ingest. A
 * tick while another drain runs (the pass's, or another replica's) is skipped, not queued.
 */
@Injectable()
export class FoldScheduler extends IntervalScheduler {
  constructor(private readonly rollup: RollupService) {
    super('fold');
  }

  onApplicationBootstrap(): void {
    if (this.config.schedulerEnabled) this.start(FOLD_EVERY_MS, () => this.tick());
  }

  tick(): Promise<void> {
    return this.run(async () => {
      const folded = await this.rollup.drainIfFree();
      if (folded) this.logger.debug({ msg: 'Folded', batches: folded });
    }, 'Fold failed');
  }

  protected get busy(): boolean {
    return this.rollup.busy;
  }
}
