import type { Objective } from '../../contracts/domain/contract.types';
import type { Status } from '../../evaluation/domain/judge';

// Breach rules of spec §2.4, pure.

export type BreachStatus = 'open' | 'acknowledged' | 'resolved' | 'final' | 'delivered_late';

/**
 * Recoverable kinds resolve when a later evaluation no longer finds them breached. Timeslices and
 * freshness in calendar periods spend a budget that cannot come back: they stay open to the close.
 */
export function isRecoverable(objective: Objective): boolean {
  const kind = objective.indicator.kind;
  if (kind === 'timeslice' || kind === 'freshness') return objective.period.type === 'rolling';
  return true;
}

export type BreachAction = 'open' | 'resolve' | 'none';

export function breachAction(status: Status, hasOpenBreach: boolean, recoverable: boolean): BreachAction {
  if (status === 'breached') return hasOpenBreach ? 'none' : 'open';
  return hasOpenBreach && recoverable ? 'resolve' : 'none';
}

/** Reminder number due at `now` for a breach opened at `openedAt` (0 = none yet). */
export function reminderNumber(openedAt: number, now: number, repeatIntervalMs: number): number {
  return now > openedAt ? Math.floor((now - openedAt) / repeatIntervalMs) : 0;
}

export const DUE_SOON_MS = 48 * 3_600_000;

/** `deliverable.due_soon`: within 48 h before the due instant of a pending deliverable. */
export function deliverableDueSoon(due: number, delivered: boolean, now: number): boolean {
  return !delivered && now < due && due - now <= DUE_SOON_MS;
}

/** Rolling objectives have no calendar period; their at-risk mail is sent once per UTC day. */
export function atRiskKey(objectiveId: string, periodLabel: string, rolling: boolean, now: number): string {
  const suffix = rolling ? `${periodLabel}@${new Date(now).toISOString().slice(0, 10)}` : periodLabel;
  return `objective.at_risk:${objectiveId}:${suffix}`;
}
