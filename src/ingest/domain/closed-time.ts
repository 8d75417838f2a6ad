import { type Interval, intersect, normalize, subtract } from '../../common/time/intervals';
import { indicatorSelectors, selectorMetric } from '../../contracts/domain/selector';

// Which instants are frozen for an input (a metric, or a work-item type) of a vendor: those inside the
// range of at least one objective that reads it, where every such objective has closed the period
// (its contract wrote the final statement of the objective's unit). Data there is rejected with
// `period_closed`; data that a quarter objective still reads is accepted although January is closed
// for the month objectives.

export interface ContractCoverage {
  from: number;
  /** undefined = open-ended. */
  to: number | undefined;
  closed: Interval[];
}

const FOREVER = Number.MAX_SAFE_INTEGER;

export function closedTime(contracts: readonly ContractCoverage[]): Interval[] {
  if (contracts.length === 0) return [];
  let frozen: Interval[] = normalize(contracts.map((c) => [c.from, c.to ?? FOREVER] as const));
  for (const c of contracts) {
    const covered: Interval[] = [[c.from, c.to ?? FOREVER]];
    // Where this contract is not closed, it keeps the instant open (outside its range it has no say).
    const open = subtract(covered, normalize(c.closed));
    frozen = subtract(frozen, intersect(open, frozen));
  }
  return frozen;
}

/** One objective of the vendor: what it reads, its contract's range and its unit's closed periods. */
export interface ObjectiveCoverage extends ContractCoverage {
  /** Input keys it reads: `metric:<name>` or `item:<type>`. */
  reads: readonly string[];
}

/**
 * Frozen time per input key that some objective reads (possibly empty). Inputs no objective reads are
 * absent: for them every objective that could read them has, vacuously, closed, so the caller falls
 * back to the time the covering contracts closed (`closedTime`).
 */
export function closedByInput(objectives: readonly ObjectiveCoverage[]): Map<string, Interval[]> {
  const byInput = new Map<string, ObjectiveCoverage[]>();
  for (const o of objectives) {
    for (const key of new Set(o.reads)) {
      const list = byInput.get(key);
      if (list) list.push(o);
      else byInput.set(key, [o]);
    }
  }
  const out = new Map<string, Interval[]>();
  for (const [key, list] of byInput) {
    out.set(key, closedTime(list));
  }
  return out;
}

/**
 * The inputs an indicator reads, as samples and events arrive: `metric:<name>` per metric field (a
 * selector's metric: which of its series a selector keeps is decided when it is read), or
 * `item:<type>`.
 */
export function indicatorInputs(indicator: Record<string, unknown> | null | undefined): string[] {
  if (!indicator) return [];
  if (indicator.kind === 'deadline')
    return typeof indicator.item === 'string' ? [`item:${indicator.item}`] : [];
  return indicatorSelectors(indicator).map((key) => `metric:${selectorMetric(key)}`);
}
