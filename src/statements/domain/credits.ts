import type {
  CalendarUnit,
  ContractSpec,
  CreditTier,
  Objective,
} from '../../contracts/domain/contract.types';
import { nearlyEqual } from '../../evaluation/domain/compare';

// Service credits (docs/contract-authoring.md, "Credits").

const MONTHS: Partial<Record<CalendarUnit, number>> = { month: 1, quarter: 3, year: 12 };

/** Months in a period: month 1, quarter 3, year 12; none for day, week or rolling periods. */
export function periodMonths(objective: Objective): number | undefined {
  return objective.period.type === 'calendar' ? MONTHS[objective.period.unit] : undefined;
}

/**
 * The credit of the tier with the smallest `below` that the attainment is under; 0 when it meets
 * every tier. Percentage kinds compare attainment × 100 with `below`.
 */
export function tierCredit(
  objective: Objective,
  attainment: number | null,
  tiers: readonly CreditTier[],
): number {
  if (attainment === null || tiers.length === 0) return 0;
  const value = objective.indicator.kind === 'threshold' ? attainment : attainment * 100;
  const under = tiers.filter((t) => value < t.below && !nearlyEqual(value, t.below));
  if (under.length === 0) return 0;
  return under.reduce((best, t) => (t.below < best.below ? t : best)).credit;
}

export interface CreditLine {
  percent: number;
  amount?: number;
}

export interface ContractCredit {
  percent: number;
  amount?: number;
  currency?: string;
  capped: boolean;
}

export function amountOf(percent: number, periodFee: number | undefined): number | undefined {
  return periodFee === undefined ? undefined : Math.round(percent * periodFee) / 100;
}

/** Σ of objective credits, capped at `creditCap` percent of the period fee. */
export function contractCredit(
  lines: readonly CreditLine[],
  creditCap: number | undefined,
  periodFee: number | undefined,
  currency: string | undefined,
): ContractCredit {
  const sum = lines.reduce((n, l) => n + l.percent, 0);
  const capped = creditCap !== undefined && sum > creditCap;
  const percent = capped ? creditCap : sum;
  return { percent, amount: amountOf(percent, periodFee), currency, capped };
}

/**
 * Provisional credit of the current month: each month objective's tier at its attainment so far
 * (none without a figure), summed and capped as a statement would.
 */
export function monthCredit(
  spec: ContractSpec,
  figures: ReadonlyArray<{ key: string; status: string; attainment: number | null }>,
): ContractCredit {
  const fee = spec.fees?.monthly;
  const lines = spec.objectives
    .filter((o) => o.period.type === 'calendar' && o.period.unit === 'month')
    .map((o) => {
      const f = figures.find((x) => x.key === o.key);
      const percent = !f || f.status === 'no_data' ? 0 : tierCredit(o, f.attainment, o.credits);
      return { percent, amount: amountOf(percent, fee) };
    });
  return contractCredit(lines, spec.creditCap, fee, spec.fees?.currency);
}
