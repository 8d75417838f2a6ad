import { DateTime } from 'luxon';
import type { BusinessCalendar, Indicator } from '../../src/contracts/domain/contract.types';
import type { Frame, RefInput, RefItem } from './reference-evaluator';
import type { KindOutcome } from './reference-kinds';
import {
  budgetShare,
  calendarDay,
  DAY_MS,
  edgesOf,
  inAny,
  type Interval,
  midnightOf,
  requireCalendar,
  segments,
} from './reference-time';

// The deadline kind of the reference evaluator (test/support/reference-evaluator.ts): the clock of each
// work item from its events, straight from docs/contract-authoring.md and docs/evaluation.md.

const DEADLINE_HORIZON_MS = 400 * DAY_MS;

// deadline: per item, the due instant on the clock (calendar, minus pauses); attributed by due.
export function evaluateDeadline(
  indicator: Extract<Indicator, { kind: 'deadline' }>,
  input: RefInput,
  frame: Frame,
  allowed: number | null,
  cutoff: number,
): KindOutcome {
  const { contract, now } = input;
  const calendar = indicator.calendar === undefined ? null : requireCalendar(contract, indicator.calendar);
  let met = 0;
  let missed = 0;
  const lastHour = { bad: 0, of: 0 };
  for (const item of input.items) {
    if (item.item !== indicator.item) continue;
    if (!Object.entries(indicator.where).every(([k, v]) => item.attributes[k] === v)) continue;
    const outcome = itemOutcome(item, indicator, calendar, contract.timezone, now);
    if (outcome === null || !frame.inWindow(outcome.due)) continue;
    if (outcome.met) met++;
    else missed++;
    if (outcome.due >= cutoff) {
      lastHour.of++;
      if (!outcome.met) lastHour.bad++;
    }
  }
  const attainment = met + missed === 0 ? null : met / (met + missed);
  return {
    attainment,
    counted: met + missed,
    consumed: attainment === null || allowed === null ? null : budgetShare(1 - attainment, allowed),
    lastHour,
  };
}

/** Met or missed with its due instant; null while pending (or not started). */
function itemOutcome(
  item: RefItem,
  indicator: Extract<Indicator, { kind: 'deadline' }>,
  calendar: BusinessCalendar | null,
  zone: string,
  now: number,
): { due: number; met: boolean } | null {
  // Ordered by (timestamp, arrival); only what has happened by `now` is known.
  const events = item.events
    .map((e, arrival) => ({ ...e, arrival }))
    .filter((e) => e.ts <= now)
    .sort((a, b) => a.ts - b.ts || a.arrival - b.arrival);
  const startIndex = events.findIndex((e) => e.action === indicator.start);
  if (startIndex < 0) return null;
  const start = events[startIndex].ts;
  const stopIndex = events.findIndex((e, i) => i > startIndex && e.action === indicator.stop);
  const stop = stopIndex < 0 ? null : events[stopIndex].ts;

  // Pauses between start and stop; one still open at the stop ends there, else it never ends.
  const pauses: Interval[] = [];
  let pausedAt: number | null = null;
  for (const e of events.slice(startIndex + 1, stopIndex < 0 ? events.length : stopIndex)) {
    if (pausedAt === null && indicator.pause !== undefined && e.action === indicator.pause) pausedAt = e.ts;
    else if (pausedAt !== null && indicator.resume !== undefined && e.action === indicator.resume) {
      pauses.push({ from: pausedAt, to: e.ts });
      pausedAt = null;
    }
  }
  if (pausedAt !== null) pauses.push({ from: pausedAt, to: stop ?? Infinity });

  const due = dueInstant(start, indicator.withinSeconds * 1000, calendar, pauses, zone);
  if (due === null) return null;
  if (stop !== null) return { due, met: stop <= due };
  return now > due ? { due, met: false } : null;
}

/** First instant at which counted time since `start` reaches `within`; null if not within 400 days. */
function dueInstant(
  start: number,
  within: number,
  calendar: BusinessCalendar | null,
  pauses: Interval[],
  zone: string,
): number | null {
  if (within <= 0) return start;
  const horizon = start + DEADLINE_HORIZON_MS;
  let remaining = within;
  // Walk forward one local day at a time, segment by segment.
  let day = midnightOf(DateTime.fromMillis(start, { zone }));
  while (day.toMillis() < horizon) {
    const next = midnightOf(day.plus({ days: 1 }));
    const open =
      calendar === null ? [{ from: day.toMillis(), to: next.toMillis() }] : calendarDay(calendar, day, next);
    const from = Math.max(start, day.toMillis());
    for (const s of segments(from, next.toMillis(), [...edgesOf(open), ...edgesOf(pauses)])) {
      if (!inAny(open, s.from) || inAny(pauses, s.from)) continue;
      if (remaining <= s.to - s.from) {
        const due = s.from + remaining;
        return due <= horizon ? due : null;
      }
      remaining -= s.to - s.from;
    }
    day = next;
  }
  return null;
}
