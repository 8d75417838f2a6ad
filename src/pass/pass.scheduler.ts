import { Injectable } from '@nestjs/common';
import { IntervalScheduler } from '../common/interval-scheduler';
import { PassService } from './pass.service';

/**
 * Every EVALUATION_INTERVAL: a pass where scheduling is on (overlap and locking in the service), else a
 * reload of the stored results so this replica's /metrics matches the evaluating one. On SIGTERM a
 * running pass finishes (bounded by the shutdown timeout).
 */
@Injectable()
export class PassScheduler extends IntervalScheduler {
  constructor(private readonly evaluation: PassService) {
    super('evaluation');
  }

  onApplicationBootstrap(): void {
    // Results of earlier passes are shown from the first scrape, not only after this replica's first pass.
    void this.load();
    const work = this.config.schedulerEnabled ? () => this.tick() : () => this.load();
    this.start(this.config.evaluationIntervalMs, work);
  }

  /** API-only replicas (and every replica at boot) read the last pass's stored results. */
  async load(): Promise<void> {
    try {
      await this.evaluation.loadSnapshot();
    } catch (error) {
      this.logger.warn({ msg: 'Could not load the stored results', err: String(error) });
    }
  }

  tick(): Promise<void> {
    return this.run(async () => {
      const run = await this.evaluation.tick();
      if (run) this.logger.log({ msg: 'Evaluation', ...run });
    }, 'Evaluation failed');
  }

  protected get busy(): boolean {
    return this.evaluation.busy;
  }
}
