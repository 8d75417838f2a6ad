import type { Instant } from '../common/time/instant';
// The events that state changes record for mail, as one discriminated union: each writer builds its
// event with the function named after it, so a payload that drifts from what the mails read is a
// compile error, and each event's unique key is built in one place. Stored as `notifications` rows.

/** The mail-worthy events, in the order of the alert table. */
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

export interface PeriodText {
  label: string;
  /** ISO instants. */
  start: string;
  end: string;
}

/** An objective's figure when the event happened. */
export interface ObjectivePayload {
  contract: string;
  contractTitle: string;
  vendor: string;
  objective: string;
  title: string;
  kind: string;
  severity: string;
  responsible: string;
  period: PeriodText;
  attainment: number | null;
  target: number;
  op: string;
  breachId?: string;
}

/** A one-off deliverable when the event happened. */
export interface DeliverablePayload {
  contract: string;
  contractTitle: string;
  vendor: string;
  deliverable: string;
  title: string;
  responsible: string;
  due: string;
  deliveredAt: string | null;
  breachId?: string;
}

export interface ReminderPayload {
  contract: string;
  vendor: string;
  breachId: string;
  period: string;
  reminder: number;
  openedAt: string;
}

export interface StatementPayload {
  contract: string;
  vendor: string;
  period: PeriodText;
  version: number;
  sha256: string;
  credit: { percent: number; amount?: number | null; currency?: string | null; capped?: boolean };
  unit: string;
  /** The reason of a restatement (version > 1). */
  restatement?: string;
}

export interface ChronicPayload {
  contract: string;
  vendor: string;
  objective: string;
  title: string;
  period: PeriodText;
  rule: { breaches: number; periods: number };
  breachedPeriods: number;
}

export type OutboxEvent =
  | { event: 'breach.opened'; key: string; breachId: string; payload: ObjectivePayload | DeliverablePayload }
  | {
      event: 'breach.resolved';
      key: string;
      breachId: string;
      payload: ObjectivePayload | DeliverablePayload;
    }
  | { event: 'breach.reminder'; key: string; breachId: string; payload: ReminderPayload }
  | { event: 'objective.at_risk'; key: string; payload: ObjectivePayload }
  | { event: 'deliverable.due_soon'; key: string; payload: DeliverablePayload }
  | { event: 'period.statement'; key: string; payload: StatementPayload }
  | { event: 'contract.chronic_breach'; key: string; payload: ChronicPayload };

export type OutboxPayload = OutboxEvent['payload'];

type RecordOf<E> = E extends OutboxEvent ? { event: E['event']; payload: E['payload'] } : never;
/** An event as stored and read back (without its key): `event` says which payload it carries. */
export type OutboxRecord = RecordOf<OutboxEvent>;

/**
 * The period part of an at-risk event's key: the period label, and for rolling windows (one label
 * forever) the UTC day too, so a rolling objective warns at most once a day.
 */
export function atRiskPeriodKey(periodLabel: string, rolling: boolean, now: Instant): string {
  return rolling ? `${periodLabel}@${new Date(now).toISOString().slice(0, 10)}` : periodLabel;
}

/** Each event with its unique key: a second record of the same key is a no-op. */
export const outboxEvent = {
  breachOpened: (breachId: string, payload: ObjectivePayload | DeliverablePayload): OutboxEvent => ({
    event: 'breach.opened',
    key: `breach.opened:${breachId}`,
    breachId,
    payload,
  }),
  breachResolved: (breachId: string, payload: ObjectivePayload | DeliverablePayload): OutboxEvent => ({
    event: 'breach.resolved',
    key: `breach.resolved:${breachId}`,
    breachId,
    payload,
  }),
  breachReminder: (payload: ReminderPayload): OutboxEvent => ({
    event: 'breach.reminder',
    key: `breach.reminder:${payload.breachId}:${payload.reminder}`,
    breachId: payload.breachId,
    payload,
  }),
  atRisk: (objectiveId: string, periodKey: string, payload: ObjectivePayload): OutboxEvent => ({
    event: 'objective.at_risk',
    key: `objective.at_risk:${objectiveId}:${periodKey}`,
    payload,
  }),
  deliverableDueSoon: (deliverableId: string, payload: DeliverablePayload): OutboxEvent => ({
    event: 'deliverable.due_soon',
    key: `deliverable.due_soon:${deliverableId}`,
    payload,
  }),
  statement: (contractId: string, payload: StatementPayload): OutboxEvent => ({
    event: 'period.statement',
    key: `period.statement:${contractId}:${payload.period.label}:v${payload.version}`,
    payload,
  }),
  chronic: (objectiveKeyOrId: string, payload: ChronicPayload): OutboxEvent => ({
    event: 'contract.chronic_breach',
    key: `contract.chronic_breach:${objectiveKeyOrId}:${payload.period.label}`,
    payload,
  }),
};
