import type { ContractSpec, Objective } from './contract.types';
import { maintenanceWindows } from './exclusion-windows';
import { endOfLocalDate, startOfLocalDate } from './time';
import { businessIntervals, calendarPeriodAt, clipPeriod, type Period } from '../../common/time/calendar';
import { periodText } from './durations';
import { type Interval, normalize, subtract, totalLength } from '../../common/time/intervals';
import type { Instant } from '../../common/time/instant';

// The window an objective is judged on at `now`, and its measured time (docs/evaluation.md, "Conventions").

export interface ExclusionSpan {
  from: number;
  to: number;
  /** Objective keys; null = all objectives of the contract. */
  objectives: string[] | null;
}

export interface ObjectiveWindow {
  period: Period;
  /** Samples and events in [window[0], window[1]) count (when also in measured time). */
  window: Interval;
  /** The whole period: budget denominators. Equal to the window for rolling objectives. */
  whole: Interval;
  measured: Interval[];
  measuredWhole: Interval[];
  /** Window time inside service hours that exclusions removed. */
  excludedMs: number;
}

/** Effective ranges by contract version (a spec object never changes): one zone lookup each. */
const ranges = new WeakMap<ContractSpec, Interval>();

export function effectiveRange(contract: ContractSpec): Interval {
  let range = ranges.get(contract);
  if (!range) ranges.set(contract, (range = computeEffectiveRange(contract)));
  return range;
}

function computeEffectiveRange(contract: ContractSpec): Interval {
  const from = startOfLocalDate(contract.effective.from, contract.timezone).getTime();
  const to = contract.effective.to
    ? endOfLocalDate(contract.effective.to, contract.timezone).getTime()
    : Number.MAX_SAFE_INTEGER;
  return [from, to];
}

/** The period and window of the objective at `now` (not yet reduced to measured time). */
export function objectivePeriod(
  contract: ContractSpec,
  objective: Objective,
  now: Instant,
  fixed?: Period,
): { period: Period; window: Interval; whole: Interval } {
  const [effFrom, effTo] = effectiveRange(contract);
  if (fixed) {
    // A given (already clipped) calendar period, e.g. one being closed at now ≥ its end.
    const end = Math.max(fixed.start, Math.min(now + 1, fixed.end));
    return { period: fixed, window: [fixed.start, end], whole: [fixed.start, fixed.end] };
  }
  if (objective.period.type === 'rolling') {
    const length = objective.period.seconds * 1000;
    const from = Math.max(now - length + 1, effFrom);
    const to = Math.max(from, Math.min(now + 1, effTo));
    const window: Interval = [from, to];
    return {
      period: { label: periodText(objective.period), start: from, end: to },
      window,
      whole: window,
    };
  }
  const at = Math.min(Math.max(now, effFrom), effTo - 1);
  const raw = calendarPeriodAt(objective.period.unit, contract.timezone, contract.weekStart, at);
  const period = clipPeriod(raw, effFrom, effTo === Number.MAX_SAFE_INTEGER ? undefined : effTo) ?? raw;
  const end = Math.max(period.start, Math.min(now + 1, period.end));
  return { period, window: [period.start, end], whole: [period.start, period.end] };
}

/** The contract's maintenance over [from, to) as intervals (merged or not). */
export type MaintenanceOf = (from: number, to: number) => readonly Interval[];

/** Maintenance occurrences of the contract overlapping [from, to), merged into disjoint intervals. */
export function maintenanceIntervals(contract: ContractSpec, from: number, to: number): Interval[] {
  return normalize(
    maintenanceWindows(contract.maintenance, contract.timezone, new Date(from), new Date(to)).map(
      (w): Interval => [w.from.getTime(), w.to.getTime()],
    ),
  );
}

/**
 * Exclusions that apply to the objective, as a normalized set over [from, to). `maintenance` answers
 * the contract's maintenance (callers cache it per contract version and range: every objective of a
 * contract shares it, and expanding a cron over a year is the costly part).
 */
export function exclusionSet(
  contract: ContractSpec,
  objective: Objective,
  approved: readonly ExclusionSpan[],
  from: number,
  to: number,
  maintenance: MaintenanceOf = (f, t) => maintenanceIntervals(contract, f, t),
): Interval[] {
  const spans: Interval[] = [];
  if (objective.excludeMaintenance) for (const m of maintenance(from, to)) spans.push(m);
  for (const e of approved) {
    if (e.objectives === null || e.objectives.includes(objective.key)) spans.push([e.from, e.to]);
  }
  return normalize(spans);
}

/** A calendar's business hours over [from, to), by calendar name (callers cache it). */
export type BusinessOf = (calendar: string, from: number, to: number) => Interval[];

/** Business hours straight from the contract's calendars (no cache). */
export const contractBusiness =
  (contract: ContractSpec): BusinessOf =>
  (name, from, to) => {
    const calendar = contract.calendars[name];
    return calendar ? businessIntervals(calendar, contract.timezone, from, to) : [];
  };

/** Where an objective's window reads its time-zone-heavy sets from (defaults: computed directly). */
export interface WindowSources {
  maintenance?: MaintenanceOf;
  business?: BusinessOf;
}

/** Measured time of an interval: inside service hours (if any), minus the exclusions. */
export function measuredTime(
  contract: ContractSpec,
  objective: Objective,
  range: Interval,
  excluded: readonly Interval[],
  business: BusinessOf = contractBusiness(contract),
): { measured: Interval[]; excludedMs: number } {
  let base: Interval[] = range[1] > range[0] ? [range] : [];
  if (objective.serviceHours !== undefined) base = business(objective.serviceHours, range[0], range[1]);
  const measured = subtract(base, excluded);
  return { measured, excludedMs: totalLength(base) - totalLength(measured) };
}

/** The range whose exclusions an objective's window reads (what callers cache maintenance by). */
export function exclusionRange(window: Interval, whole: Interval): Interval {
  return [whole[0], Math.max(whole[1], window[1])];
}

export function objectiveWindow(
  contract: ContractSpec,
  objective: Objective,
  approved: readonly ExclusionSpan[],
  now: Instant,
  fixed?: Period,
  sources: WindowSources = {},
): ObjectiveWindow {
  const { period, window, whole } = objectivePeriod(contract, objective, now, fixed);
  const [from, to] = exclusionRange(window, whole);
  const excluded = exclusionSet(contract, objective, approved, from, to, sources.maintenance);
  const inWindow = measuredTime(contract, objective, window, excluded, sources.business);
  const measuredWhole =
    whole === window
      ? inWindow.measured
      : measuredTime(contract, objective, whole, excluded, sources.business).measured;
  return {
    period,
    window,
    whole,
    measured: inWindow.measured,
    measuredWhole,
    excludedMs: inWindow.excludedMs,
  };
}
