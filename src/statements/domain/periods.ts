import type { CalendarUnit, ContractSpec } from '../../contracts/domain/contract.types';
import { calendarPeriodAt, clipPeriod, type Period } from '../../common/time/calendar';
import { effectiveRange } from '../../contracts/domain/window';
import type { Instant } from '../../common/time/instant';

// Which calendar periods of a contract can close at `now`: those whose end + closeAfter has passed.

/** Units that get statements: every calendar unit an objective uses, and always the month (fees are monthly). */
export function statementUnits(spec: ContractSpec): CalendarUnit[] {
  const units = new Set<CalendarUnit>(['month']);
  for (const o of spec.objectives) if (o.period.type === 'calendar') units.add(o.period.unit);
  return [...units];
}

/**
 * Periods of `unit`, clipped to the effective range, closable at `now` and starting at or after
 * `after` (the end of the last closed one: periods close in order), oldest first, at most `limit`.
 */
export function closablePeriods(
  spec: ContractSpec,
  unit: CalendarUnit,
  now: Instant,
  after: number | undefined,
  limit: number,
): Period[] {
  const [from, to] = effectiveRange(spec);
  const out: Period[] = [];
  let at = Math.max(from, after ?? from);
  while (at < to && out.length < limit) {
    const raw = calendarPeriodAt(unit, spec.timezone, spec.weekStart, at);
    const period = clipPeriod(raw, from, to === Number.MAX_SAFE_INTEGER ? undefined : to);
    if (!period || period.end + spec.closeAfterSeconds * 1000 > now) break;
    out.push(period);
    at = raw.end;
  }
  return out;
}
