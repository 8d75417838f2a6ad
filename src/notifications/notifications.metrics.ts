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
    const registers = [metrics.registry];
    this.pending = new Gauge({
      name: METRIC.notificationsPending,
      help: 'Mails in the outbox waiting to be sent (due now or retrying later), as of the last send run',
      registers,
    });
    this.sent = new Counter({
      name: METRIC.notificationsSent,
      help: 'Tries to send a mail, by event and result (sent; retry: failed for now; failed: given up)',
      labelNames: ['event', 'result'],
      registers,
    });
    // Every series from the start, so rates and alerts see a 0 before the first mail.
    for (const event of NOTIFICATION_EVENTS)
      for (const result of SEND_RESULTS) this.sent.inc({ event, result }, 0);
  }
}
