import { type Comparison, type Op, OPS } from './contract.types';

const SYMBOLS: Record<string, Op> = { '>=': 'gte', '>': 'gt', '<=': 'lte', '<': 'lt' };
// Matched against the trimmed text: no two adjacent `\s*`, so no polynomial backtracking on long input.
const TEXT = /^(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(%?)$/i;

export type ComparisonResult = { ok: Comparison; percent: boolean } | { error: string };

/** `">= 99.9%"`, `"<= 300"` or `{op: gte, target: 99.9}` (op also as `>=`). */
export function parseComparison(value: unknown): ComparisonResult {
  if (typeof value === 'string') {
    const match = TEXT.exec(value.trim());
    if (!match) return { error: 'must look like ">= 99.9%" or "<= 300", or be {op, target}' };
    const target = Number(match[2]);
    if (!Number.isFinite(target)) return { error: 'target is too large to be a number' };
    return { ok: { op: SYMBOLS[match[1]], target }, percent: match[3] === '%' };
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const { op, target, ...rest } = value as Record<string, unknown>;
    if (Object.keys(rest).length > 0) return { error: `has unknown fields: ${Object.keys(rest).join(', ')}` };
    const resolved =
      typeof op !== 'string'
        ? undefined
        : (SYMBOLS[op] ?? ((OPS as readonly string[]).includes(op) ? op : undefined));
    if (resolved === undefined) return { error: `op must be one of ${OPS.join(', ')} (or >=, >, <=, <)` };
    if (typeof target !== 'number' || !Number.isFinite(target)) return { error: 'target must be a number' };
    return { ok: { op: resolved, target }, percent: false };
  }
  return { error: 'must look like ">= 99.9%" or "<= 300", or be {op, target}' };
}

/** Does `value` satisfy `op target`? */
export function satisfies(value: number, { op, target }: Comparison): boolean {
  switch (op) {
    case 'gte':
      return value >= target;
    case 'gt':
      return value > target;
    case 'lte':
      return value <= target;
    case 'lt':
      return value < target;
  }
}

export const OP_SYMBOL: Record<Op, string> = { gte: '>=', gt: '>', lte: '<=', lt: '<' };
