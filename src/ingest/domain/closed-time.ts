import { type Interval, intersect, normalize, subtract } from '../../evaluation/domain/intervals';

// Which instants are frozen for a vendor: those covered by at least one of its contracts, where every
// contract covering them has closed the period (a final statement exists). Data there is rejected
// with `period_closed`; data only one contract has closed still belongs to the others' open periods.

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
