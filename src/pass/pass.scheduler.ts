import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { IntervalRunner } from '../common/interval-runner';
import { PassService } from './pass.service';

/**
 * Every EVALUATION_INTERVAL: a pass where scheduling is on (overlap and locking in the service), else a
 * reload of the stored results so this replica's /metrics matches the evaluating one.
 */
@Injectable()
export class PassScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PassScheduler.name);
  private readonly runner: IntervalRunner;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    registry: SchedulerRegistry,
    private readonly evaluation: PassService,
  ) {
    this.runner = new IntervalRunner(registry, 'evaluation', this.logger);
  }

  onApplicationBootstrap(): void {
    // Results of earlier passes are shown from the first scrape, not only after this replica's first pass.
    void this.load();
    const work = this.config.schedulerEnabled ? () => this.tick() : () => this.load();
    this.runner.start(this.config.evaluationIntervalMs, work);
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
    return this.runner.run(async () => {
      const run = await this.evaluation.tick();
      if (run) this.logger.log({ msg: 'Evaluation', ...run });
    }, 'Evaluation failed');
  }

  /** SIGTERM: stop ticking and let a running pass finish (bounded by the shutdown timeout). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop(() => this.evaluation.busy);
  }
}
