import type { IndicatorKind, Objective } from '../../contracts/domain/contract.types';
import { meets, nearlyEqual } from './compare';

// Status, budget, burn rate and time to exhaustion from an indicator's figures (docs/contract-authoring.md,
// "Status, budget and burn rate", and the conventions in docs/evaluation.md). Kinds compute their figures; this file judges them alike.

export type Status = 'met' | 'at_risk' | 'breached' | 'no_data';

export interface Figures {
  /** Fraction for percentage kinds, the metric's unit for thresholds; null when nothing to compute. */
  attainment: number | null;
  counted: number;
  /** Measured time of the window so far, ms. */
  measuredMs: number;
  /** Budget consumed as a fraction (Infinity allowed); null = the objective has no budget. */
  consumed: number | null;
  /** Bad fraction over the last hour of measured time; null when that hour counts nothing. */
  lastHourBadFraction: number | null;
  /** allowed = 1 − target/100 (percentile thresholds 1 − q/100); null without a budget. */
  allowed: number | null;
  /** Timeslice and freshness: remaining allowed bad time in seconds (may be negative). */
  remainingBadSeconds?: number;
  /** Inputs no real source can produce (e.g. good > total): the figure is breached whatever it says. */
  dataError?: string;
  /** Deadline items counted as met whose stop was reported only after their due instant. */
  lateReported?: number;
}

export interface Judgement {
  status: Status;
  attainment: number | null;
  counted: number;
  budget: { consumed: number; remaining: number } | null;
  burnRate: number | null;
  timeToExhaustionSeconds: number | null;
  /** Set when the inputs were impossible (`good_exceeds_total`, `negative_count`, …). */
  dataError?: string;
  /** Deadline items counted as met whose stop was reported only after their due instant. */
  lateReported?: number;
}

/** Budget kinds: percentage kinds with gte/gt, and percentile thresholds. */
export function hasBudget(objective: Objective): boolean {
  const { indicator, objective: target } = objective;
  if (indicator.kind === 'threshold') return indicator.aggregate.startsWith('p');
  return target.op === 'gte' || target.op === 'gt';
}

/** A budget reckoned on the whole period: breached once it is overspent (it cannot be met any more). */
function budgetBreach(kind: IndicatorKind): boolean {
  return kind === 'timeslice' || kind === 'freshness';
}

export function allowedFraction(objective: Objective): number | null {
  if (!hasBudget(objective)) return null;
  const { indicator } = objective;
  if (indicator.kind === 'threshold') return 1 - Number(indicator.aggregate.slice(1)) / 100;
  return 1 - objective.objective.target / 100;
}

/** The value compared with the target: percent for percentage kinds. */
function compared(objective: Objective, attainment: number): number {
  return objective.indicator.kind === 'threshold' ? attainment : attainment * 100;
}

/** bad ÷ denominator, with 0/0 = 0 and x/0 = ∞. */
export function safeRatio(bad: number, denominator: number): number {
  if (denominator > 0) return bad / denominator;
  return bad > 0 ? Infinity : 0;
}

function atLeast(value: number, line: number): boolean {
  return value > line || nearlyEqual(value, line);
}

export function judge(objective: Objective, f: Figures): Judgement {
  const kind = objective.indicator.kind;
  const budget = f.consumed === null ? null : { consumed: f.consumed, remaining: 1 - f.consumed };
  const burnRate =
    f.allowed !== null && f.allowed > 0 && f.lastHourBadFraction !== null
      ? f.lastHourBadFraction / f.allowed
      : null;
  let tte: number | null = null;
  if (f.remainingBadSeconds !== undefined && f.lastHourBadFraction !== null && f.lastHourBadFraction > 0) {
    tte = Math.max(0, f.remainingBadSeconds) / f.lastHourBadFraction;
  }
  const base = {
    attainment: f.attainment,
    counted: f.counted,
    budget,
    burnRate,
    timeToExhaustionSeconds: tte,
    ...(f.dataError !== undefined ? { dataError: f.dataError } : {}),
    ...(f.lateReported ? { lateReported: f.lateReported } : {}),
  };

  if (f.dataError !== undefined) return { ...base, status: 'breached' };
  if (f.measuredMs <= 0 || f.counted < objective.minEvents || f.attainment === null) {
    return { ...base, status: 'no_data' };
  }
  let breached: boolean;
  if (budgetBreach(kind) && f.consumed !== null) {
    breached =
      objective.objective.op === 'gt'
        ? atLeast(f.consumed, 1)
        : f.consumed > 1 && !nearlyEqual(f.consumed, 1);
  } else {
    breached = !meets(compared(objective, f.attainment), objective.objective);
  }
  if (breached) return { ...base, status: 'breached' };
  const atRisk =
    f.consumed !== null
      ? atLeast(f.consumed, objective.warnAt / 100)
      : objective.warn !== undefined && !meets(f.attainment, objective.warn);
  return { ...base, status: atRisk ? 'at_risk' : 'met' };
}
