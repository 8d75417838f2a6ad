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
import { NotificationSender } from './notification-sender.service';

/**
 * Every MAIL_INTERVAL: a send run where scheduling is on (replicas share the outbox through row locks),
 * else a count of the pending mail for `sla_notifications_pending`.
 */
@Injectable()
export class NotificationScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runner: IntervalRunner;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    registry: SchedulerRegistry,
    private readonly sender: NotificationSender,
  ) {
    this.runner = new IntervalRunner(registry, 'mail', new Logger(NotificationScheduler.name));
  }

  onApplicationBootstrap(): void {
    if (this.config.schedulerEnabled) this.runner.start(this.config.mailIntervalMs, () => this.tick());
  }

  tick(): Promise<void> {
    return this.runner.run(async () => void (await this.sender.run()), 'Mail run failed');
  }

  /** SIGTERM: no new runs; the mail being sent finishes and is recorded. */
  async beforeApplicationShutdown(): Promise<void> {
    this.sender.stop();
    await this.runner.stop(() => this.sender.busy);
  }
}
