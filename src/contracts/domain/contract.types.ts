// The normalized contract: what validation produces from a document and what evaluation reads.
// Durations are seconds, targets are as written (percent for percentage kinds), times ISO strings.

export const OPS = ['gte', 'gt', 'lte', 'lt'] as const;
export type Op = (typeof OPS)[number];

// Calendar units, weekdays and business calendars are time's vocabulary (common/time), used here.
import type { BusinessCalendar, CalendarUnit } from '../../common/time/calendar';
export {
  type BusinessCalendar,
  CALENDAR_UNITS,
  type CalendarUnit,
  WEEKDAYS,
  type Weekday,
} from '../../common/time/calendar';

export type PeriodSpec = { type: 'calendar'; unit: CalendarUnit } | { type: 'rolling'; seconds: number };

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
