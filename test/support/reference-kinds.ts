import type { Indicator } from '../../src/contracts/domain/contract.types';
import { evaluateDeadline } from './reference-deadline';
import type { Frame, RefInput, RefSample } from './reference-evaluator';
import { selected } from './reference-selectors';
import { aggregateOf, budgetShare, measure, passes } from './reference-time';

// The indicator kinds of the reference evaluator (test/support/reference-evaluator.ts), each straight
// from its formula in docs/contract-authoring.md over the raw samples its metric fields select (the
// deadline kind, over work items, is in reference-deadline.ts).

/** What a kind computes before status: the bad share of the last hour feeds the burn rate. */
export interface KindOutcome {
  attainment: number | null;
  counted: number;
  /** Budget consumed per the kind's formula, before the "nothing to compute" rule; null without budget. */
  consumed: number | null;
  lastHour: { bad: number; of: number };
  /** Sums no counter can produce (good or bad above total, a negative sum): breached, attainment 0. */
  impossible?: boolean;
}

export function evaluateKind(
  indicator: Indicator,
  input: RefInput,
  frame: Frame,
  allowed: number | null,
  cutoff: number,
): KindOutcome {
  switch (indicator.kind) {
    case 'ratio':
      return evaluateRatio(indicator, input, frame, allowed, cutoff);
    case 'threshold':
      return evaluateThreshold(indicator, input, frame, allowed, cutoff);
    case 'timeslice':
      return evaluateTimeslice(indicator, input, frame, allowed, cutoff);
    case 'freshness':
      return evaluateFreshness(indicator, input, frame, allowed, cutoff);
    case 'deadline':
      return evaluateDeadline(indicator, input, frame, allowed, cutoff);
  }
}

/**
 * Σ of the values of the series a metric field selects (every series of a bare name), over the samples
 * that count (timestamp in measured time) and `also`.
 */
function sumOf(input: RefInput, frame: Frame, field: string, also: (ts: number) => boolean): number {
  let sum = 0;
  for (const s of selected(input.samples, field)) if (frame.inWindow(s.ts) && also(s.ts)) sum += s.value;
  return sum;
}

// ratio: attainment = Σgood / Σtotal (or 1 − Σbad / Σtotal); counted = Σtotal.
function evaluateRatio(
  indicator: Extract<Indicator, { kind: 'ratio' }>,
  input: RefInput,
  frame: Frame,
  allowed: number | null,
  cutoff: number,
): KindOutcome {
  const badOf = (also: (ts: number) => boolean) => {
    const total = sumOf(input, frame, indicator.total, also);
    const bad =
      indicator.good !== undefined
        ? total - sumOf(input, frame, indicator.good, also)
        : sumOf(input, frame, indicator.bad ?? '', also);
    return { total, bad };
  };
  const all = badOf(() => true);
  const hour = badOf((ts) => ts >= cutoff);
  const impossible = (t: { total: number; bad: number }) => t.total < 0 || t.bad < 0 || t.bad > t.total;
  // docs/evaluation.md: good > total (bad < 0 here), bad > total or a negative sum is a data error.
  if (impossible(all)) {
    return {
      attainment: 0,
      counted: Math.max(0, all.total),
      consumed: allowed === null ? null : budgetShare(1, allowed),
      lastHour: { bad: hour.total > 0 ? hour.total : 0, of: hour.total },
      impossible: true,
    };
  }
  let attainment: number | null = null;
  if (all.total > 0) {
    attainment =
      indicator.good !== undefined
        ? sumOf(input, frame, indicator.good, () => true) / all.total
        : 1 - all.bad / all.total;
  }
  return {
    attainment,
    counted: all.total,
    consumed: attainment === null || allowed === null ? null : budgetShare(1 - attainment, allowed),
    lastHour: { bad: impossible(hour) ? hour.total : hour.bad, of: hour.total },
  };
}

// threshold: the aggregate of the counted samples; percentiles carry a budget of 1 − q/100.
function evaluateThreshold(
  indicator: Extract<Indicator, { kind: 'threshold' }>,
  input: RefInput,
  frame: Frame,
  allowed: number | null,
  cutoff: number,
): KindOutcome {
  const counted = selected(input.samples, indicator.metric).filter((s) => frame.inWindow(s.ts));
  const violating = (samples: RefSample[]) =>
    samples.filter((s) => !passes(s.value, input.objective.objective)).length;
  const attainment = counted.length === 0 ? null : aggregateOf(indicator.aggregate, counted);
  const lastHour = counted.filter((s) => s.ts >= cutoff);
  return {
    attainment,
    counted: counted.length,
    consumed:
      allowed === null || counted.length === 0
        ? null
        : budgetShare(violating(counted) / counted.length, allowed),
    lastHour: { bad: violating(lastHour), of: lastHour.length },
  };
}

// timeslice: epoch-aligned slices; eligible when the start is in measured time, counted once ended.
function evaluateTimeslice(
  indicator: Extract<Indicator, { kind: 'timeslice' }>,
  input: RefInput,
  frame: Frame,
  allowed: number | null,
  cutoff: number,
): KindOutcome {
  const slice = indicator.sliceSeconds * 1000;
  const firstSliceAtOrAfter = (t: number) => Math.ceil(t / slice) * slice;

  let eligibleWhole = 0;
  for (let s = firstSliceAtOrAfter(frame.whole.from); s < frame.whole.to; s += slice)
    if (frame.inWhole(s)) eligibleWhole++;

  const bySlice = new Map<number, RefSample[]>();
  for (const sample of selected(input.samples, indicator.metric)) {
    if (!frame.inWindow(sample.ts)) continue;
    const start = Math.floor(sample.ts / slice) * slice;
    const inSlice = bySlice.get(start) ?? [];
    inSlice.push(sample);
    bySlice.set(start, inSlice);
  }

  let good = 0;
  let bad = 0;
  const lastHour = { bad: 0, of: 0 };
  for (let s = firstSliceAtOrAfter(frame.window.from); s < frame.window.to; s += slice) {
    if (!frame.inWindow(s) || s + slice > input.now) continue; // not eligible, or not ended
    const samples = bySlice.get(s) ?? [];
    let isGood: boolean;
    if (samples.length > 0) isGood = passes(aggregateOf(indicator.aggregate, samples), indicator.good);
    else if (input.objective.missingData === 'ignore') continue;
    else isGood = input.objective.missingData === 'good';
    if (isGood) good++;
    else bad++;
    if (s >= cutoff) {
      lastHour.of++;
      if (!isGood) lastHour.bad++;
    }
  }
  const counted = good + bad;
  return {
    attainment: counted === 0 ? null : good / counted,
    counted,
    consumed: allowed === null ? null : budgetShare(bad, allowed * eligibleWhole),
    lastHour,
  };
}

// freshness: an instant t is fresh when some sample has ts in (t − maxAge, t], i.e. t in [ts, ts + maxAge).
function evaluateFreshness(
  indicator: Extract<Indicator, { kind: 'freshness' }>,
  input: RefInput,
  frame: Frame,
  allowed: number | null,
  cutoff: number,
): KindOutcome {
  const maxAge = indicator.maxAgeSeconds * 1000;
  // Every sample of the selected series counts here, even one stamped outside measured time.
  const stamps = selected(input.samples, indicator.metric)
    .map((s) => s.ts)
    .sort((a, b) => a - b);
  const isFresh = (t: number) => {
    // Binary search for the latest stamp ≤ t.
    let lo = 0;
    let hi = stamps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (stamps[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && stamps[lo - 1] > t - maxAge;
  };
  const breakpoints = [...frame.breakpoints, ...stamps, ...stamps.map((ts) => ts + maxAge), cutoff];
  const { from, to } = frame.window;

  const measured = measure(from, to, breakpoints, frame.inWindow);
  const fresh = measure(from, to, breakpoints, (t) => frame.inWindow(t) && isFresh(t));
  const wholeMeasured = measure(frame.whole.from, frame.whole.to, breakpoints, frame.inWhole);
  const hourMeasured = measure(cutoff, to, breakpoints, frame.inWindow);
  const hourFresh = measure(cutoff, to, breakpoints, (t) => frame.inWindow(t) && isFresh(t));
  return {
    attainment: measured === 0 ? null : fresh / measured,
    counted: Math.floor(measured / 1000),
    consumed: allowed === null ? null : budgetShare(measured - fresh, allowed * wholeMeasured),
    lastHour: { bad: hourMeasured - hourFresh, of: hourMeasured },
  };
}
