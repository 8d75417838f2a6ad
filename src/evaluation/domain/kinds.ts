import type { Aggregate, Indicator, IndicatorKind, Objective } from '../../contracts/domain/contract.types';
import { countViolating, type Digest, digestCount, digestOf, nearestRank } from './digest';
import { nearlyEqual } from './compare';
import { allowedFraction, type Figures, hasBudget, safeRatio } from './judge';
import type { Summary, TimedValue } from './summary';

// Each indicator kind's figures (docs/contract-authoring.md, formulas) from data already reduced to measured time. Inputs are
// the window so far and the last hour of measured time (for the burn rate).

/** The objective's indicator, which must be of `kind` (each evaluator is handed only its own kind). */
export function indicatorOf<K extends IndicatorKind>(
  objective: Objective,
  kind: K,
): Extract<Indicator, { kind: K }> {
  const indicator = objective.indicator;
  if (indicator.kind !== kind) throw new Error(`not a ${kind} objective`);
  return indicator as Extract<Indicator, { kind: K }>;
}

export function isPercentile(aggregate: Aggregate): boolean {
  return aggregate.startsWith('p');
}

export function percentileOf(aggregate: Aggregate): number {
  return Number(aggregate.slice(1));
}

/** A mergeable aggregate (avg, min, max, sum, count, last) of a summary. */
export function summaryValue(summary: Summary, aggregate: Aggregate): number {
  switch (aggregate) {
    case 'avg':
      return summary.sum / summary.count;
    case 'min':
      return summary.min;
    case 'max':
      return summary.max;
    case 'sum':
      return summary.sum;
    case 'count':
      return summary.count;
    case 'last':
      return summary.lastValue;
    case 'p50':
    case 'p90':
    case 'p95':
    case 'p99':
    case 'p99.9':
      throw new Error(`${aggregate} is not mergeable: use a digest`);
  }
}

/** Any aggregate of raw samples (timeslice values); undefined for none. */
export function aggregateSamples(samples: readonly TimedValue[], aggregate: Aggregate): number | undefined {
  if (samples.length === 0) return undefined;
  if (isPercentile(aggregate))
    return nearestRank(digestOf(samples.map((s) => s.value)), percentileOf(aggregate));
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let last = samples[0];
  for (const s of samples) {
    sum += s.value;
    if (s.value < min) min = s.value;
    if (s.value > max) max = s.value;
    if (s.ts > last.ts || (s.ts === last.ts && s.value > last.value)) last = s;
  }
  return summaryValue(
    { count: samples.length, sum, min, max, firstTs: 0, lastTs: last.ts, lastValue: last.value, maxGapMs: 0 },
    aggregate,
  );
}

export interface RatioTotals {
  /** Σ of the good (or bad) metric. */
  numerator: number;
  total: number;
}

/**
 * Why a ratio window's sums are impossible for counters, or undefined: a count is never negative and
 * the good (or bad) part never exceeds the total.
 */
export function impossibleCounts(window: RatioTotals, good: boolean): string | undefined {
  if (window.numerator < 0 || window.total < 0) return 'negative_count';
  if (window.numerator > window.total && !nearlyEqual(window.numerator, window.total)) {
    return good ? 'good_exceeds_total' : 'bad_exceeds_total';
  }
  return undefined;
}

export function ratioFigures(
  objective: Objective,
  window: RatioTotals,
  lastHour: RatioTotals,
  measuredMs: number,
): Figures {
  const good = indicatorOf(objective, 'ratio').good !== undefined;
  const badFraction = (t: RatioTotals) => (good ? (t.total - t.numerator) / t.total : t.numerator / t.total);
  const allowed = allowedFraction(objective);
  const dataError = impossibleCounts(window, good);
  if (dataError !== undefined) {
    // Counts no counter can produce never pass for compliance: the window counts as all bad.
    return {
      attainment: 0,
      counted: Math.max(0, window.total),
      measuredMs,
      allowed,
      consumed: allowed === null ? null : safeRatio(1, allowed),
      lastHourBadFraction: lastHour.total > 0 ? 1 : null,
      dataError,
    };
  }
  const attainment = window.total > 0 ? 1 - badFraction(window) : null;
  return {
    attainment,
    counted: window.total,
    measuredMs,
    allowed,
    consumed: allowed === null ? null : safeRatio(attainment === null ? 0 : 1 - attainment, allowed),
    lastHourBadFraction:
      lastHour.total > 0 ? (impossibleCounts(lastHour, good) ? 1 : badFraction(lastHour)) : null,
  };
}

export function thresholdFigures(
  objective: Objective,
  window: Summary | undefined,
  measuredMs: number,
): Figures {
  const { aggregate } = indicatorOf(objective, 'threshold');
  return {
    attainment: window ? summaryValue(window, aggregate) : null,
    counted: window?.count ?? 0,
    measuredMs,
    allowed: null,
    consumed: null,
    lastHourBadFraction: null,
  };
}

export function percentileFigures(
  objective: Objective,
  window: Digest,
  lastHour: Digest,
  measuredMs: number,
): Figures {
  const q = percentileOf(indicatorOf(objective, 'threshold').aggregate);
  const n = digestCount(window);
  const nHour = digestCount(lastHour);
  const allowed = allowedFraction(objective) ?? 0;
  return {
    attainment: nearestRank(window, q) ?? null,
    counted: n,
    measuredMs,
    allowed,
    consumed: safeRatio(n > 0 ? countViolating(window, objective.objective) / n : 0, allowed),
    lastHourBadFraction: nHour > 0 ? countViolating(lastHour, objective.objective) / nHour : null,
  };
}

export interface SliceCounts {
  good: number;
  bad: number;
  /** Counted slices without samples (before missingData applies). */
  empty: number;
}

export const NO_SLICES: SliceCounts = { good: 0, bad: 0, empty: 0 };

export function addSlices(a: SliceCounts, b: SliceCounts): SliceCounts {
  return { good: a.good + b.good, bad: a.bad + b.bad, empty: a.empty + b.empty };
}

function sliceTotals(objective: Objective, c: SliceCounts) {
  const good = c.good + (objective.missingData === 'good' ? c.empty : 0);
  const bad = c.bad + (objective.missingData === 'bad' ? c.empty : 0);
  return { good, bad, counted: good + bad };
}

export function timesliceFigures(
  objective: Objective,
  window: SliceCounts,
  lastHour: SliceCounts,
  eligibleWhole: number,
  measuredMs: number,
): Figures {
  const { sliceSeconds } = indicatorOf(objective, 'timeslice');
  const w = sliceTotals(objective, window);
  const h = sliceTotals(objective, lastHour);
  const allowed = allowedFraction(objective);
  const budgetSlices = allowed === null ? 0 : allowed * eligibleWhole;
  return {
    attainment: w.counted > 0 ? w.good / w.counted : null,
    counted: w.counted,
    measuredMs,
    allowed,
    consumed: allowed === null ? null : safeRatio(w.bad, budgetSlices),
    lastHourBadFraction: h.counted > 0 ? h.bad / h.counted : null,
    remainingBadSeconds: hasBudget(objective) ? (budgetSlices - w.bad) * sliceSeconds : undefined,
  };
}

export interface FreshTimes {
  freshMs: number;
  measuredMs: number;
}

export function freshnessFigures(
  objective: Objective,
  window: FreshTimes,
  lastHour: FreshTimes,
  measuredWholeMs: number,
): Figures {
  const allowed = allowedFraction(objective);
  const staleMs = window.measuredMs - window.freshMs;
  const budgetMs = allowed === null ? 0 : allowed * measuredWholeMs;
  return {
    attainment: window.measuredMs > 0 ? window.freshMs / window.measuredMs : null,
    counted: Math.floor(window.measuredMs / 1000),
    measuredMs: window.measuredMs,
    allowed,
    consumed: allowed === null ? null : safeRatio(staleMs, budgetMs),
    lastHourBadFraction:
      lastHour.measuredMs > 0 ? (lastHour.measuredMs - lastHour.freshMs) / lastHour.measuredMs : null,
    remainingBadSeconds: hasBudget(objective) ? (budgetMs - staleMs) / 1000 : undefined,
  };
}

export interface DeadlineCounts {
  met: number;
  missed: number;
}

export function deadlineFigures(
  objective: Objective,
  window: DeadlineCounts,
  lastHour: DeadlineCounts,
  measuredMs: number,
): Figures {
  const n = window.met + window.missed;
  const attainment = n > 0 ? window.met / n : null;
  const allowed = allowedFraction(objective);
  const nHour = lastHour.met + lastHour.missed;
  return {
    attainment,
    counted: n,
    measuredMs,
    allowed,
    consumed: allowed === null ? null : safeRatio(attainment === null ? 0 : 1 - attainment, allowed),
    lastHourBadFraction: nHour > 0 ? lastHour.missed / nHour : null,
  };
}
