import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { StatementsModule } from '../statements/statements.module';
import { DeliveryRepository } from './delivery.repository';
import { MailContextRepository } from './mail-context.repository';
import { MailTemplatesProvider } from './mail-templates';
import { MailTransport } from './mail-transport';
import { NotificationQueriesRepository } from './notification-queries.repository';
import { NotificationSender } from './notification-sender.service';
import { NotificationScheduler } from './notification.scheduler';
import { NotificationsController } from './notifications.controller';
import { NotificationMetrics } from './notifications.metrics';

/** Mail: the sender over the outbox, its schedule and metrics, and the outbox API. */
@Module({
  imports: [AccessModule, StatementsModule],
  controllers: [NotificationsController],
  providers: [
    DeliveryRepository,
    MailContextRepository,
    MailTemplatesProvider,
    MailTransport,
    NotificationQueriesRepository,
    NotificationSender,
    NotificationScheduler,
    NotificationMetrics,
  ],
  exports: [NotificationSender],
})
export class NotificationsModule {}
