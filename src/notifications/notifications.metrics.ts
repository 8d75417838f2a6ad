import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { METRIC } from '../exposition/metric-names';
import { MetricsRegistry } from '../exposition/metrics.registry';
import { NOTIFICATION_EVENTS, SEND_RESULTS } from './domain/events';

/** `sla_notifications_pending` and `sla_notifications_sent_total{event, result}` (docs/metrics.md). */
@Injectable()
export class NotificationMetrics {
  readonly pending: Gauge;
  readonly sent: Counter<'event' | 'result'>;

  constructor(metrics: MetricsRegistry) {
    this.pending = metrics.gauge(
      METRIC.notificationsPending,
      'Mails in the outbox waiting to be sent (due now or retrying later), as of the last send run',
    );
    this.sent = metrics.counter(
      METRIC.notificationsSent,
      'Tries to send a mail, by event and result (sent; retry: failed for now; failed: given up)',
      ['event', 'result'],
    );
    // Every series from the start, so rates and alerts see a 0 before the first mail.
    for (const event of NOTIFICATION_EVENTS)
      for (const result of SEND_RESULTS) this.sent.inc({ event, result }, 0);
  }
}
