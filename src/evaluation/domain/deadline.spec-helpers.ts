// Builders shared by the deadline.*.spec.ts suites (not a suite itself: jest runs *.spec.ts only, and the
// build leaves *.spec-helpers.ts out of dist).
import {
  deadlineOutcome,
  type CalendarFn,
  type DeadlineRule,
  type ItemEvent,
  type ItemOutcome,
} from './deadline';

export const t = (iso: string): number => Date.parse(iso);
export const H = 3_600_000;
export const DAY = 24 * H;

/** How a table writes instants: by default as full ISO timestamps. */
export type InstantText = (instant: string) => string;
const asWritten: InstantText = (instant) => instant;

/**
 * Events from a timeline such as `'opened 10:00, paused 11:00, resolved 12:00'`, in (timestamp,
 * arrival) order; `at` turns each written instant into an ISO timestamp.
 */
export function timeline(text: string, at: InstantText = asWritten): ItemEvent[] {
  return text.split(', ').map((step) => {
    const [action, instant, ...rest] = step.split(' ');
    const ts = t(at(instant ?? ''));
    if (!action || Number.isNaN(ts) || rest.length > 0) {
      throw new Error(`not an "action instant" step: "${step}"`);
    }
    return { action, ts };
  });
}

export const allTime: CalendarFn = (from, to) => [[from, to]];

export const ticket = (withinMs: number): DeadlineRule => ({
  start: 'opened',
  stop: 'resolved',
  withinMs,
  pause: 'paused',
  resume: 'resumed',
});

/** Expected outcome with instants written as in the table (see `expected`). */
export type Expected =
  | { state: 'ignored' }
  | { state: 'pending'; due: string | null }
  | { state: 'met' | 'missed'; due: string; stoppedAt: string | null };

export const ignored: Expected = { state: 'ignored' };
export const pending = (due: string | null): Expected => ({ state: 'pending', due });
export const met = (due: string, stoppedAt: string): Expected => ({ state: 'met', due, stoppedAt });
export const missed = (due: string, stoppedAt: string | null): Expected => ({
  state: 'missed',
  due,
  stoppedAt,
});

/** The outcome `e` stands for, each written instant turned into an ISO timestamp by `at`. */
export function expected(e: Expected, at: InstantText = asWritten): ItemOutcome {
  const ms = (instant: string): number => t(at(instant));
  switch (e.state) {
    case 'ignored':
      return e;
    case 'pending':
      return { state: 'pending', due: e.due === null ? null : ms(e.due) };
    case 'met':
    case 'missed':
      return { state: e.state, due: ms(e.due), stoppedAt: e.stoppedAt === null ? null : ms(e.stoppedAt) };
  }
}

/** A row of an outcome table: a ticket with `withinMs` allowed, its timeline, `now` and its outcome. */
export type OutcomeRow = [name: string, events: string, withinMs: number, now: string, outcome: Expected];

/** The test of an `OutcomeRow` on `calendar`, its instants written as `at` reads them. */
export const outcomeCase =
  (calendar: CalendarFn, at: InstantText = asWritten) =>
  (_name: string, events: string, withinMs: number, now: string, outcome: Expected): void => {
    expect(deadlineOutcome(timeline(events, at), ticket(withinMs), calendar, t(at(now)))).toEqual(
      expected(outcome, at),
    );
  };
