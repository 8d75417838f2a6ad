import type { Objective } from '../../contracts/domain/contract.types';
import type { Status } from '../../evaluation/domain/judge';
import type { Instant } from '../../common/time/instant';

// Breach rules, pure: at most one open breach per objective and period; a recoverable one resolves
// when the objective recovers; all become final when their period closes (docs/decisions.md).

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
export function reminderNumber(openedAt: number, now: Instant, repeatIntervalMs: number): number {
  return now > openedAt ? Math.floor((now - openedAt) / repeatIntervalMs) : 0;
}

export const DUE_SOON_MS = 48 * 3_600_000;

/** `deliverable.due_soon`: within 48 h before the due instant of a pending deliverable. */
export function deliverableDueSoon(due: number, delivered: boolean, now: Instant): boolean {
  return !delivered && now < due && due - now <= DUE_SOON_MS;
}
