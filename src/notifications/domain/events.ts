/** The mail-worthy events of alerts.md, in the table's order. */
export const NOTIFICATION_EVENTS = [
  'breach.opened',
  'breach.resolved',
  'breach.reminder',
  'objective.at_risk',
  'deliverable.due_soon',
  'period.statement',
  'contract.chronic_breach',
] as const;

export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Outcomes counted in `sla_notifications_sent_total{result}`. */
export const SEND_RESULTS = ['sent', 'retry', 'failed'] as const;
export type SendResult = (typeof SEND_RESULTS)[number];
