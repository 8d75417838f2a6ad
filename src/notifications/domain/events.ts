// The events themselves (names, payloads, keys) are the outbox's: notifications only read them.
export { NOTIFICATION_EVENTS, type NotificationEvent } from '../../outbox/outbox.events';

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Outcomes counted in `sla_notifications_sent_total{result}`. */
export const SEND_RESULTS = ['sent', 'retry', 'failed'] as const;
export type SendResult = (typeof SEND_RESULTS)[number];
