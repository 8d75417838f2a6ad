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

/** Every EVALUATION_INTERVAL where scheduling is on: one call, logged; overlap and locking in the service. */
@Injectable()
export class MonitoringScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MonitoringScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly evaluation: MonitoringService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulerEnabled) return;
    this.registry.addInterval(
      'evaluation',
      setInterval(() => void this.tick(), this.config.evaluationIntervalMs),
    );
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
