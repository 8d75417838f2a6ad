import { MAX_DOCUMENT_CHARS } from '../../src/contracts/domain/document-limits';
import {
  MAX_CALENDARS,
  MAX_DELIVERABLES,
  MAX_MAINTENANCE,
  MAX_MONTHLY_FEE,
  MAX_OBJECTIVES,
} from '../../src/contracts/domain/spec-parts';

// The largest contract document the validator accepts: every list at its longest, every string at
// its longest, and as many deadline objectives (32 where pairs each) as fit in the size limit. Used
// by the validator's timing test and by the pass's event-loop test (with its longest periods).

export interface LargestOptions {
  /** The period of every objective (`month` by default; `year` is the costliest to evaluate). */
  period?: string;
  /** The timeslice objectives' slice (`1d` by default; `1m` makes the most slices). */
  slice?: string;
}

const text = (n: number, seed: string | number) => `${seed}-`.padEnd(n, 'x');
const slug = (i: number, prefix: string) => `${prefix}${i}-`.padEnd(63, 'k');
const email = (i: number) => `${'m'.repeat(200)}${i}@${'d'.repeat(40)}.example`.slice(-254);
const date = (day: number) => new Date(Date.UTC(2027, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);

function calendar(index: number) {
  return {
    weekdays: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
    hours: Array.from({ length: 24 }, (_, h) => ({
      from: `${String(h).padStart(2, '0')}:00`,
      to: `${String(h + 1).padStart(2, '0')}:00`,
    })),
    holidays: Array.from({ length: 1000 }, (_, d) => date(d + index)),
  };
}

function objective(i: number, deadline: boolean, options: LargestOptions) {
  const base = {
    key: slug(i, 'o'),
    title: text(500, i),
    responsible: 'shared',
    severity: 'critical',
    period: options.period ?? 'month',
    serviceHours: 'c0',
    excludeMaintenance: true,
    warnAt: 90,
    minEvents: 1_000_000,
    objective: '>= 99.5%',
    credits: Array.from({ length: 20 }, (_, t) => ({ below: 99.5 - t, credit: t + 1 })),
  };
  if (deadline) {
    const where = Object.fromEntries(
      Array.from({ length: 32 }, (_, p) => [`a${p}_`.padEnd(64, 'n'), text(256, p)]),
    );
    const word = (w: string) => w.padEnd(64, 'w');
    return {
      ...base,
      indicator: {
        kind: 'deadline',
        item: word('ticket'),
        where,
        start: word('opened'),
        stop: word('resolved'),
        within: '1w1d1h1m1s',
        calendar: 'c1',
        pause: word('paused'),
        resume: word('resumed'),
      },
    };
  }
  const metric = `m${i}_`.padEnd(128, 'x');
  const kinds = [
    { kind: 'ratio', good: metric, total: `${metric.slice(0, 127)}t` },
    {
      kind: 'timeslice',
      metric,
      slice: options.slice ?? '1d',
      aggregate: 'p99.9',
      good: '>= 9007199254740991',
    },
    { kind: 'freshness', metric, maxAge: '30d' },
  ];
  const indicator = kinds[i % kinds.length];
  return indicator.kind === 'timeslice' ? { ...base, indicator, missingData: 'bad' } : { ...base, indicator };
}

export function largestDocument(deadlines: number, options: LargestOptions = {}) {
  return {
    apiVersion: 'sla-sentinel/v1',
    kind: 'Contract',
    metadata: { key: slug(0, 'c'), title: text(300, 'contract') },
    spec: {
      vendor: slug(0, 'v'),
      timezone: 'America/Argentina/ComodRivadavia',
      weekStart: 'sun',
      effective: { from: '2027-01-01', to: '9999-12-31' },
      fees: { monthly: MAX_MONTHLY_FEE, currency: 'EUR' },
      creditCap: 100,
      closeAfter: '90d',
      owners: Array.from({ length: 50 }, (_, i) => email(i)),
      vendorContacts: Array.from({ length: 50 }, (_, i) => email(i + 50)),
      notifyVendor: true,
      notifications: { repeatInterval: '1h' },
      chronic: { breaches: 60, periods: 60 },
      calendars: Object.fromEntries(Array.from({ length: MAX_CALENDARS }, (_, i) => [`c${i}`, calendar(i)])),
      maintenance: Array.from({ length: MAX_MAINTENANCE }, (_, i) =>
        // Recurring windows together start at most MAX_MAINTENANCE_STARTS_PER_DAY times a day: one
        // hourly window (24) and 24 daily ones, the rest one-off.
        i === 0
          ? { title: text(500, i), cron: `0 */1 1-31 jan-dec sun-sat`, duration: '31d' }
          : i <= 24
            ? { title: text(500, i), cron: `${i % 60} ${i - 1} 1-31 jan-dec sun-sat`, duration: '31d' }
            : { title: text(500, i), from: '2027-03-11T22:00:00+02:00', to: '2027-04-11T22:00:00+02:00' },
      ),
      objectives: Array.from({ length: MAX_OBJECTIVES }, (_, i) => objective(i, i < deadlines, options)),
      deliverables: Array.from({ length: MAX_DELIVERABLES }, (_, i) => ({
        key: slug(i, 'd'),
        title: text(500, i),
        due: '2027-03-31T18:00:00+03:00',
        responsible: 'customer',
      })),
    },
  };
}

export const size = (doc: unknown) => JSON.stringify(doc).length;

/** As many deadline objectives as fit under the size limit, the rest at their own longest. */
export function atTheLimit(options: LargestOptions = {}) {
  const none = size(largestDocument(0, options));
  const each = size(largestDocument(1, options)) - none;
  const deadlines = Math.min(MAX_OBJECTIVES, Math.floor((MAX_DOCUMENT_CHARS - none) / each));
  return { doc: largestDocument(deadlines, options), deadlines, each };
}
