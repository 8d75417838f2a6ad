import type { Comparison } from '../../contracts/domain/contract.types';

// Comparisons with a tolerance: two numbers within 1e-9 × max(1, |target|) are equal, so that
// 999/1000 meets ">= 99.9%" although 99.9/100 is not exactly 0.999 in binary floating point.

const RELATIVE = 1e-9;

export function nearlyEqual(value: number, target: number): boolean {
  return Math.abs(value - target) <= RELATIVE * Math.max(1, Math.abs(target));
}

export function meets(value: number, { op, target }: Comparison): boolean {
  const equal = nearlyEqual(value, target);
  switch (op) {
    case 'gte':
      return equal || value > target;
    case 'gt':
      return !equal && value > target;
    case 'lte':
      return equal || value < target;
    case 'lt':
      return !equal && value < target;
  }
}
