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
import { NotificationSender } from './notification-sender.service';

/**
 * Every MAIL_INTERVAL: a send run where scheduling is on (replicas share the outbox through row locks),
 * else a count of the pending mail for `sla_notifications_pending`.
 */
@Injectable()
export class NotificationScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NotificationScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly sender: NotificationSender,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulerEnabled) return;
    this.registry.addInterval(
      'mail',
      setInterval(() => void this.tick(), this.config.mailIntervalMs),
    );
  }

  async tick(): Promise<void> {
    try {
      await this.sender.run();
    } catch (error) {
      this.logger.error({ msg: 'Mail run failed', err: String(error) });
    }
  }

  /** SIGTERM: no new runs; the mail being sent finishes and is recorded. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', 'mail')) this.registry.deleteInterval('mail');
    this.sender.stop();
    while (this.sender.busy) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
