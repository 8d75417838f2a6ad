// The normalized contract: what validation produces from a document and what evaluation reads.
// Durations are seconds, targets are as written (percent for percentage kinds), times ISO strings.

export const OPS = ['gte', 'gt', 'lte', 'lt'] as const;
export type Op = (typeof OPS)[number];

export const CALENDAR_UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type CalendarUnit = (typeof CALENDAR_UNITS)[number];

export type PeriodSpec = { type: 'calendar'; unit: CalendarUnit } | { type: 'rolling'; seconds: number };

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const AGGREGATES = [
  'avg',
  'min',
  'max',
  'sum',
  'count',
  'last',
  'p50',
  'p90',
  'p95',
  'p99',
  'p99.9',
] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export interface Comparison {
  op: Op;
  target: number;
}

export type Indicator =
  | { kind: 'ratio'; good?: string; bad?: string; total: string }
  | { kind: 'threshold'; metric: string; aggregate: Aggregate }
  | { kind: 'timeslice'; metric: string; sliceSeconds: number; aggregate: Aggregate; good: Comparison }
  | {
      kind: 'deadline';
      item: string;
      where: Record<string, string>;
      start: string;
      stop: string;
      withinSeconds: number;
      calendar?: string;
      pause?: string;
      resume?: string;
    }
  | { kind: 'freshness'; metric: string; maxAgeSeconds: number };

export type IndicatorKind = Indicator['kind'];
export const INDICATOR_KINDS: IndicatorKind[] = ['ratio', 'threshold', 'timeslice', 'deadline', 'freshness'];

export interface CreditTier {
  below: number;
  credit: number;
}

export interface Objective {
  key: string;
  title: string;
  responsible: 'vendor' | 'customer' | 'shared';
  severity: 'critical' | 'major' | 'minor';
  indicator: Indicator;
  objective: Comparison;
  period: PeriodSpec;
  serviceHours?: string;
  excludeMaintenance: boolean;
  warnAt: number;
  warn?: Comparison;
  missingData: 'ignore' | 'good' | 'bad';
  minEvents: number;
  credits: CreditTier[];
}

export interface BusinessCalendar {
  weekdays: Weekday[];
  /** Minutes after local midnight, [from, to), sorted, non-overlapping; `to` may be 1440. */
  hours: Array<{ from: number; to: number }>;
  /** Local dates `YYYY-MM-DD`. */
  holidays: string[];
}

export type Maintenance =
  | { title: string; kind: 'once'; from: string; to: string }
  | { title: string; kind: 'recurring'; cron: string; durationSeconds: number };

export interface Deliverable {
  key: string;
  title: string;
  due: string;
  responsible: 'vendor' | 'customer' | 'shared';
}

export interface ContractSpec {
  key: string;
  title: string;
  vendor: string;
  timezone: string;
  weekStart: 'sun' | 'mon';
  effective: { from: string; to?: string };
  fees?: { monthly: number; currency: string };
  creditCap?: number;
  closeAfterSeconds: number;
  owners: string[];
  vendorContacts?: string[];
  notifyVendor: boolean;
  repeatIntervalSeconds: number;
  chronic?: { breaches: number; periods: number };
  calendars: Record<string, BusinessCalendar>;
  maintenance: Maintenance[];
  objectives: Objective[];
  deliverables: Deliverable[];
}

/** Percentage kinds take targets 0–100; threshold targets are in the metric's unit. */
export function isPercentageKind(kind: IndicatorKind): boolean {
  return kind !== 'threshold';
}
