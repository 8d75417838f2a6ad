import { Injectable } from '@nestjs/common';
import { IntervalScheduler } from '../common/interval-scheduler';
import { NotificationSender } from './notification-sender.service';

/**
 * Every MAIL_INTERVAL: a send run where scheduling is on (replicas share the outbox through row locks),
 * else a count of the pending mail for `sla_notifications_pending`.
 */
@Injectable()
export class NotificationScheduler extends IntervalScheduler {
  constructor(private readonly sender: NotificationSender) {
    super('mail');
  }

  onApplicationBootstrap(): void {
    if (this.config.schedulerEnabled) this.start(this.config.mailIntervalMs, () => this.tick());
  }

  tick(): Promise<void> {
    return this.run(async () => void (await this.sender.run()), 'Mail run failed');
  }

  protected get busy(): boolean {
    return this.sender.busy;
  }

  /** SIGTERM: no new runs; the mail being sent finishes and is recorded. */
  override async beforeApplicationShutdown(): Promise<void> {
    this.sender.stop();
    await super.beforeApplicationShutdown();
  }
}
