import { DateTime } from 'luxon';
import type { Comparison, ContractSpec, Objective } from '../../src/contracts/domain/contract.types';
import { maintenanceWindows } from '../../src/contracts/domain/exclusion-windows';
import { evaluateKind } from './reference-kinds';
import {
  calendarIntervals,
  calendarPeriod,
  edgesOf,
  type Interval,
  inUnion,
  lastHourStart,
  measure,
  midnightOf,
  midnightOfDate,
  passes,
  percentileOf,
  requireCalendar,
  unionOf,
} from './reference-time';

// A deliberately naive evaluator of one objective at one instant, written straight from the formulas
// of docs/contract-authoring.md and the "Conventions" of docs/evaluation.md. Used only by the differential tests against the engine
// in src/evaluation, which it must never import: it cuts time into elementary segments between every
// instant where anything can change, and asks simple predicates at each segment's start. The kinds are
// in reference-kinds.ts, the arithmetic in reference-time.ts, label selectors in reference-selectors.ts.

export interface RefSample {
  metric: string;
  /** The labels of the sample's series (none when absent); metric fields may select on them. */
  labels?: Record<string, string>;
  ts: number; // Unix ms
  value: number;
}
export interface RefItem {
  item: string;
  id: string;
  attributes: Record<string, string>;
  events: Array<{ action: string; ts: number }>; // in arrival order
}
export interface RefExclusion {
  from: number;
  to: number;
  objectives: string[] | null;
}
export interface RefInput {
  contract: ContractSpec;
  objective: Objective;
  samples: RefSample[];
  items: RefItem[];
  exclusions: RefExclusion[];
  now: number;
}
export interface RefResult {
  status: 'met' | 'at_risk' | 'breached' | 'no_data';
  /** Fraction for percentage kinds, metric unit for threshold; null when nothing to compute. */
  attainment: number | null;
  counted: number;
  /** Fraction (0.69 = 69 %), Infinity allowed; null without a budget or with nothing to compute. */
  budgetConsumed: number | null;
  burnRate: number | null;
  periodStart: number;
  periodEnd: number;
}

// ---------------------------------------------------------------------------------------------------
// The evaluation.

export interface Frame {
  /** The window [from, to) judged now. */
  window: Interval;
  /** The whole period for budget denominators (the window itself for rolling). */
  whole: Interval;
  /** Instant in measured time of the whole period (calendar ∩ − exclusions). */
  inWhole: (t: number) => boolean;
  /** Instant in measured time of the window. */
  inWindow: (t: number) => boolean;
  /** Every instant where either predicate may change. */
  breakpoints: number[];
}

function frameFor(input: RefInput): Frame {
  const { contract, objective, now } = input;
  const zone = contract.timezone;
  let window: Interval;
  let whole: Interval;
  const effFrom = midnightOfDate(contract.effective.from, zone);
  const effTo =
    contract.effective.to === undefined
      ? Infinity
      : midnightOf(DateTime.fromISO(contract.effective.to, { zone }).plus({ days: 1 })).toMillis();
  if (objective.period.type === 'rolling') {
    // Rolling windows are clipped to the effective range too (docs/evaluation.md).
    const length = objective.period.seconds * 1000;
    const from = Math.max(now - length + 1, effFrom);
    window = { from, to: Math.max(from, Math.min(now + 1, effTo)) };
    whole = window;
  } else {
    const clamped = Math.min(Math.max(now, effFrom), effTo - 1);
    const period = calendarPeriod(objective.period.unit, contract.weekStart, zone, clamped);
    whole = { from: Math.max(period.from, effFrom), to: Math.min(period.to, effTo) };
    window = { from: whole.from, to: Math.max(whole.from, Math.min(now + 1, whole.to)) };
  }

  const calendar =
    objective.serviceHours === undefined
      ? null
      : unionOf(
          calendarIntervals(requireCalendar(contract, objective.serviceHours), zone, whole.from, whole.to),
        );
  const exclusions: Interval[] = input.exclusions
    .filter((e) => e.objectives === null || e.objectives.includes(objective.key))
    .map((e) => ({ from: e.from, to: e.to }));
  if (objective.excludeMaintenance && whole.to > whole.from) {
    for (const w of maintenanceWindows(contract.maintenance, zone, new Date(whole.from), new Date(whole.to)))
      exclusions.push({ from: w.from.getTime(), to: w.to.getTime() });
  }
  const excluded = unionOf(exclusions);

  const inWhole = (t: number) =>
    t >= whole.from && t < whole.to && (calendar === null || inUnion(calendar, t)) && !inUnion(excluded, t);
  const inWindow = (t: number) => t >= window.from && t < window.to && inWhole(t);
  const breakpoints = [
    whole.from,
    whole.to,
    window.from,
    window.to,
    now,
    now + 1,
    ...edgesOf(calendar ?? []),
    ...edgesOf(excluded),
  ];
  return { window, whole, inWhole, inWindow, breakpoints };
}

/** Allowed bad fraction, or null when the objective has no budget. */
function allowedOf(objective: Objective): number | null {
  const { indicator } = objective;
  if (indicator.kind === 'threshold') {
    const q = percentileOf(indicator.aggregate);
    return q === null ? null : 1 - q / 100;
  }
  const { op, target } = objective.objective;
  return op === 'gte' || op === 'gt' ? 1 - target / 100 : null;
}

export function referenceEvaluate(input: RefInput): RefResult {
  const { objective } = input;
  const frame = frameFor(input);
  const allowed = allowedOf(objective);
  const measuredMs = measure(frame.window.from, frame.window.to, frame.breakpoints, frame.inWindow);
  const cutoff = lastHourStart(frame.window.from, frame.window.to, frame.breakpoints, frame.inWindow);

  const outcome = evaluateKind(objective.indicator, input, frame, allowed, cutoff);
  const { attainment, counted } = outcome;
  const budgetConsumed = allowed === null || attainment === null ? null : outcome.consumed;
  const burnRate =
    allowed === null || allowed === 0 || outcome.lastHour.of === 0
      ? null
      : outcome.lastHour.bad / outcome.lastHour.of / allowed;

  const result = {
    attainment,
    counted,
    budgetConsumed,
    burnRate,
    periodStart: frame.whole.from,
    periodEnd: frame.whole.to,
  };
  if (outcome.impossible) return { status: 'breached', ...result };
  if (attainment === null || counted < objective.minEvents || measuredMs === 0)
    return { status: 'no_data', ...result };

  const kind = objective.indicator.kind;
  // Percentage kinds compare attainment × 100 with targets written in percent.
  const value = kind === 'threshold' ? attainment : attainment * 100;
  let breached: boolean;
  if (budgetConsumed !== null && (kind === 'timeslice' || kind === 'freshness')) {
    // Breached once the whole period can no longer be met: consumed > 1 (a `gt` objective: ≥ 1).
    const line: Comparison =
      objective.objective.op === 'gt' ? { op: 'gte', target: 1 } : { op: 'gt', target: 1 };
    breached = passes(budgetConsumed, line);
  } else {
    breached = !passes(value, objective.objective);
  }
  if (breached) return { status: 'breached', ...result };

  const atRisk =
    allowed !== null
      ? budgetConsumed !== null && passes(budgetConsumed, { op: 'gte', target: objective.warnAt / 100 })
      : objective.warn !== undefined && !passes(value, objective.warn);
  return { status: atRisk ? 'at_risk' : 'met', ...result };
}
