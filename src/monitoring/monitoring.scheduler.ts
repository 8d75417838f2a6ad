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
import { MonitoringService } from './monitoring.service';

/**
 * Every EVALUATION_INTERVAL: a pass where scheduling is on (overlap and locking in the service), else a
 * reload of the stored results so this replica's /metrics matches the evaluating one.
 */
@Injectable()
export class MonitoringScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MonitoringScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly evaluation: MonitoringService,
  ) {}

  onApplicationBootstrap(): void {
    // Results of earlier passes are shown from the first scrape, not only after this replica's first pass.
    void this.load();
    const work = this.config.schedulerEnabled ? () => this.tick() : () => this.load();
    this.registry.addInterval(
      'evaluation',
      setInterval(() => void work(), this.config.evaluationIntervalMs),
    );
  }

  /** API-only replicas (and every replica at boot) read the last pass's stored results. */
  async load(): Promise<void> {
    try {
      await this.evaluation.loadSnapshot();
    } catch (error) {
      this.logger.warn({ msg: 'Could not load the stored results', err: String(error) });
    }
  }

  async tick(): Promise<void> {
    try {
      const run = await this.evaluation.tick();
      if (run) this.logger.log({ msg: 'Evaluation', ...run });
    } catch (error) {
      this.logger.error({ msg: 'Evaluation failed', err: String(error) });
    }
  }

  /** SIGTERM: stop ticking and let a running pass finish (bounded by the shutdown timeout). */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', 'evaluation')) this.registry.deleteInterval('evaluation');
    while (this.evaluation.busy) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
