// Deadline indicator (docs/contract-authoring.md, docs/evaluation.md "Conventions" → Deadline): the outcome of
// one work item at `now`. The clock starts at the first `start` action and stops at the first `stop`
// action after it. Counted time is time inside the calendar and outside pauses; `due` is the instant
// counted time reaches `withinMs`. After the stop, pauses no longer apply and the clock runs on the
// calendar alone, so an item stopped early still has a due instant (used to attribute it to a window).

import { contains, intersect, normalize, subtract, type Interval } from '../../common/time/intervals';
import type { Instant } from '../../common/time/instant';

export interface ItemEvent {
  action: string;
  ts: number;
  /** When the event reached the service (Unix ms); absent where unknown. */
  receivedAt?: number;
}

/** Clock skew allowed between a vendor's tracker and this server. */
export const REPORT_SKEW_MS = 5 * 60_000;

export interface DeadlineRule {
  start: string;
  stop: string;
  withinMs: number;
  pause?: string;
  resume?: string;
}

/** Calendar intervals (sorted, disjoint, half-open) inside [from, to); when the indicator has no calendar the caller passes () => [[from, to]]. */
export type CalendarFn = (from: number, to: number) => Interval[];

export type ItemOutcome =
  | { state: 'ignored' }
  | { state: 'pending'; due: number | null }
  | { state: 'met' | 'missed'; due: number; stoppedAt: number | null };

const DAY_MS = 86_400_000;
/** The calendar is walked forward this much at a time. */
export const DEADLINE_CHUNK_MS = 7 * DAY_MS;
/** No due instant is searched for further than this after the start. */
export const DEADLINE_HORIZON_MS = 400 * DAY_MS;

interface Clock {
  startedAt: number;
  stoppedAt: number | null;
  /** Closed pauses, in order (possibly empty ones). */
  pauses: Interval[];
  /** Start of a pause still open at the end of the events (only when not stopped). */
  openPauseAt: number | null;
}

/** Replays the events into start, stop and pauses; null when there is no start action. */
function replay(events: readonly ItemEvent[], rule: DeadlineRule, now: Instant): Clock | null {
  // Stable sort: equal timestamps keep their arrival order.
  const seen = events.filter((e) => e.ts <= now).sort((a, b) => a.ts - b.ts);
  const startIndex = seen.findIndex((e) => e.action === rule.start);
  if (startIndex < 0) return null;
  const startedAt = seen[startIndex].ts;
  const pauses: Interval[] = [];
  let pausedAt: number | null = null;
  for (let i = startIndex + 1; i < seen.length; i++) {
    const { action, ts } = seen[i];
    if (action === rule.stop) {
      if (pausedAt !== null) pauses.push([pausedAt, ts]);
      return { startedAt, stoppedAt: ts, pauses, openPauseAt: null };
    }
    if (pausedAt === null) {
      if (rule.pause !== undefined && action === rule.pause) pausedAt = ts;
    } else if (rule.resume !== undefined && action === rule.resume) {
      pauses.push([pausedAt, ts]);
      pausedAt = null;
    }
  }
  return { startedAt, stoppedAt: null, pauses, openPauseAt: pausedAt };
}

/**
 * The instant counted time reaches `withinMs`, walking the calendar forward from the start in chunks,
 * or null when it is not reached before `limit`.
 */
function findDue(clock: Clock, withinMs: number, calendar: CalendarFn): number | null {
  const { startedAt } = clock;
  if (withinMs <= 0) return startedAt;
  const limit = Math.min(startedAt + DEADLINE_HORIZON_MS, clock.openPauseAt ?? Infinity);
  const pauses = normalize(clock.pauses);
  let remaining = withinMs;
  for (let from = startedAt; from < limit; from += DEADLINE_CHUNK_MS) {
    const to = Math.min(from + DEADLINE_CHUNK_MS, limit);
    // Clip defensively: the calendar may hand back intervals reaching outside [from, to).
    const counted = subtract(intersect(normalize(calendar(from, to)), [[from, to]]), pauses);
    for (const [a, b] of counted) {
      if (b - a >= remaining) return a + remaining;
      remaining -= b - a;
    }
  }
  return null;
}

/** Outcome of one item at `now`. */
export function deadlineOutcome(
  events: ItemEvent[],
  rule: DeadlineRule,
  calendar: CalendarFn,
  now: Instant,
): ItemOutcome {
  const clock = replay(events, rule, now);
  if (clock === null) return { state: 'ignored' };
  const due = findDue(clock, rule.withinMs, calendar);
  const { stoppedAt } = clock;
  // A stopped item whose due lies beyond the horizon cannot be judged (nor attributed): pending.
  if (due === null) return { state: 'pending', due: null };
  if (stoppedAt !== null) return { state: stoppedAt <= due ? 'met' : 'missed', due, stoppedAt };
  if (now > due) return { state: 'missed', due, stoppedAt: null };
  return { state: 'pending', due };
}

/**
 * A `met` item whose stop was reported only after its due instant had passed (beyond the clock skew):
 * the vendor claims it stopped in time, but nobody could know until after the deadline. Counted and
 * shown (status, breach timeline), not refused: a tracker that was down reports late honestly too.
 */
export function reportedLate(
  events: readonly ItemEvent[],
  outcome: ItemOutcome,
  rule: DeadlineRule,
): boolean {
  if (outcome.state !== 'met' || outcome.stoppedAt === null) return false;
  const stop = events.find((e) => e.action === rule.stop && e.ts === outcome.stoppedAt);
  return stop?.receivedAt !== undefined && stop.receivedAt > outcome.due + REPORT_SKEW_MS;
}

/** True when the outcome has a numeric due instant inside the measured set (sorted, disjoint, half-open). */
export function dueInside(outcome: ItemOutcome, measured: Interval[]): boolean {
  return outcome.state !== 'ignored' && outcome.due !== null && contains(measured, outcome.due);
}
