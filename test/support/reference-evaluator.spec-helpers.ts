import type { ContractSpec, Indicator, Objective } from '../../src/contracts/domain/contract.types';
import type { RefInput, RefResult, RefSample } from './reference-evaluator';

// Builders and the result check shared by the hand-computed specs of the reference evaluator.

export const at = (iso: string): number => Date.parse(iso);
export const MIN = 60_000;
export const HOUR = 3_600_000;
/** The calendar day 2027-03-10 in UTC, the period of most cases. */
export const day10 = { periodStart: at('2027-03-10T00:00:00Z'), periodEnd: at('2027-03-11T00:00:00Z') };

export function contract(overrides: Partial<ContractSpec> = {}): ContractSpec {
  return {
    key: 'ref',
    title: 'Reference',
    vendor: 'acme',
    timezone: 'UTC',
    weekStart: 'mon',
    effective: { from: '2027-01-01' },
    closeAfterSeconds: 259_200,
    owners: [],
    notifyVendor: true,
    repeatIntervalSeconds: 86_400,
    calendars: {},
    maintenance: [],
    objectives: [],
    deliverables: [],
    ...overrides,
  };
}

export function objective(indicator: Indicator, overrides: Partial<Objective> = {}): Objective {
  return {
    key: 'obj',
    title: 'Objective',
    responsible: 'vendor',
    severity: 'major',
    indicator,
    objective: { op: 'gte', target: 99 },
    period: { type: 'calendar', unit: 'day' },
    excludeMaintenance: true,
    warnAt: 75,
    missingData: 'ignore',
    minEvents: 1,
    credits: [],
    ...overrides,
  };
}

export function input(parts: Partial<RefInput> & Pick<RefInput, 'objective' | 'now'>): RefInput {
  return { contract: contract(), samples: [], items: [], exclusions: [], ...parts };
}

export const s = (metric: string, iso: string, value: number): RefSample => ({ metric, ts: at(iso), value });

/** Exact for statuses, counts and instants; 1e-9 close for fractions; null and Infinity as such. */
export function expectResult(actual: RefResult, expected: RefResult): void {
  expect(actual.status).toBe(expected.status);
  expect(actual.counted).toBe(expected.counted);
  expect(actual.periodStart).toBe(expected.periodStart);
  expect(actual.periodEnd).toBe(expected.periodEnd);
  for (const field of ['attainment', 'budgetConsumed', 'burnRate'] as const) {
    const want = expected[field];
    if (want === null || !Number.isFinite(want)) expect(actual[field]).toBe(want);
    else expect(actual[field]).toBeCloseTo(want, 9);
  }
}
