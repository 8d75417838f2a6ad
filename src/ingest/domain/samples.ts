import { contains, type Interval } from '../../common/time/intervals';
import type { Instant } from '../../common/time/instant';

// Per-sample checks of POST /api/v1/samples (docs/api.md, docs/ingest.md). Pure and allocation-light: this
// runs for every one of up to 10 000 samples of a request.

export const REJECTION_REASONS = [
  'invalid_value',
  'invalid_timestamp',
  'future_timestamp',
  'before_contract',
  'period_closed',
  'invalid_metric',
  'invalid_labels',
  'invalid_cumulative',
  'series_limit',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface Rejection {
  index: number;
  reason: RejectionReason;
  message: string;
}

export interface CheckedSample {
  metric: string;
  value: number;
  /** The timestamp as sent (PostgreSQL parses it, keeping microseconds). */
  timestamp: string;
  epochMs: number;
  labels: Record<string, string>;
  /** Canonical labels (sorted pairs), part of the series identity. */
  labelsKey: string;
  /** A cumulative counter's value (what Prometheus and OTLP cumulative sums send); else a plain value. */
  cumulative: boolean;
}

export const METRIC_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/;
const MAX_LABELS = 16;
const MAX_LABEL_VALUE = 256;
// RFC 3339 with an explicit offset, years 1000-9999 (PostgreSQL and JS agree on those).
const RFC3339 =
  /^[1-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
/**
 * Accepted sample values: finite, |value| ≤ 2^53 − 1. Sums of any number of such values stay far from
 * float8's 1.8e308 (a roll-up of 1.7e308 twice overflowed and stopped every pass), and integers up to
 * it are exact, so counts and counter increases are never rounded.
 */
export const MAX_SAMPLE_MAGNITUDE = Number.MAX_SAFE_INTEGER;
/** A timestamp more than 5 minutes ahead of the server clock is refused. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The last timestamp parsed and its result: the samples of one push (a scrape, an export interval)
 * mostly share one timestamp, and parsing was the largest share of a push's checks in the profile.
 */
let lastText: string | undefined;
let lastMs: number | undefined;

/** Epoch ms of an RFC 3339 timestamp with offset, or undefined (also for impossible dates like 02-30). */
export function parseRfc3339(text: string): number | undefined {
  if (text === lastText) return lastMs;
  lastMs = parseUncached(text);
  lastText = text;
  return lastMs;
}

function parseUncached(text: string): number | undefined {
  if (!RFC3339.test(text)) return undefined;
  // Date.parse would roll 2027-02-30 over to March; check the day against the month first.
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1])) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Canonical labels: the sorted pairs as JSON (unambiguous whatever the label text holds). */
export function labelsKey(labels: Record<string, string>): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  keys.sort();
  return JSON.stringify(keys.map((k) => [k, labels[k]]));
}

function checkLabels(raw: unknown): Record<string, string> | string {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return 'labels must be an object of string pairs';
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > MAX_LABELS) return `at most ${MAX_LABELS} labels, got ${entries.length}`;
  for (const [name, value] of entries) {
    if (!LABEL_NAME.test(name))
      return `label name ${JSON.stringify(name.slice(0, 70))} must match ${LABEL_NAME.source}`;
    if (typeof value !== 'string') return `label ${name} must be a string`;
    if (value.length > MAX_LABEL_VALUE) return `label ${name} is longer than ${MAX_LABEL_VALUE} characters`;
    // PostgreSQL text holds neither NUL nor lone UTF-16 surrogates (they would come back changed).
    if (value.includes('\u0000') || !value.isWellFormed()) return `label ${name} is not valid Unicode text`;
  }
  return raw as Record<string, string>;
}

export interface SampleContext {
  now: Instant;
  /** Start of the vendor's earliest contract; undefined when it has none (every sample is then too early). */
  earliestContractMs: number | undefined;
  /** Time in closed periods (sorted, disjoint [from, to) ms), for every input alike. */
  closed?: readonly Interval[];
  /**
   * Closed time per input some objective reads (`metric:<name>`, `item:<type>`): it decides for those
   * inputs; `closed` decides for the others.
   */
  closedByInput?: ReadonlyMap<string, readonly Interval[]>;
  /** Metrics a ratio objective of the vendor counts (good, bad or total): a count is never negative. */
  countedMetrics?: ReadonlySet<string>;
}

export const VALUE_RANGE = `value must lie within ±${MAX_SAMPLE_MAGNITUDE} (2^53 − 1)`;
export const COUNTER_NEGATIVE = 'value must be ≥ 0: a cumulative counter never goes below zero';
export const COUNT_NEGATIVE = 'value must be ≥ 0: a ratio objective counts this metric (good, bad or total)';

export const INVALID_TIMESTAMP = 'timestamp must be RFC 3339 with an offset, e.g. 2027-03-02T10:15:00+02:00';

/** The time rules shared by samples and events: not too far ahead, not before every contract. */
export function checkTimeWindow(
  epochMs: number,
  ctx: SampleContext,
  input?: string,
): { reason: 'future_timestamp' | 'before_contract' | 'period_closed'; message: string } | undefined {
  if (epochMs > ctx.now + FUTURE_TOLERANCE_MS) {
    return { reason: 'future_timestamp', message: 'timestamp is more than 5 minutes in the future' };
  }
  if (ctx.earliestContractMs === undefined)
    return { reason: 'before_contract', message: 'the vendor has no contract yet' };
  if (epochMs < ctx.earliestContractMs) {
    return { reason: 'before_contract', message: 'timestamp is older than every contract of the vendor' };
  }
  const closed = (input !== undefined ? ctx.closedByInput?.get(input) : undefined) ?? ctx.closed;
  if (closed && contains(closed, epochMs)) {
    return { reason: 'period_closed', message: 'timestamp lies in a closed period: its statement is final' };
  }
  return undefined;
}

/** Checks one element of `samples` (already known to be an object). */
export function checkSample(
  raw: Record<string, unknown>,
  index: number,
  ctx: SampleContext,
): CheckedSample | Rejection {
  const { metric, value, timestamp } = raw;
  if (typeof metric !== 'string' || !METRIC_PATTERN.test(metric)) {
    return { index, reason: 'invalid_metric', message: `metric must match ${METRIC_PATTERN.source}` };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { index, reason: 'invalid_value', message: 'value must be a finite number' };
  }
  if (Math.abs(value) > MAX_SAMPLE_MAGNITUDE) {
    return { index, reason: 'invalid_value', message: VALUE_RANGE };
  }
  const cumulative = raw.cumulative ?? false;
  if (typeof cumulative !== 'boolean') {
    return { index, reason: 'invalid_cumulative', message: 'cumulative must be true or false' };
  }
  if (value < 0 && cumulative) {
    return { index, reason: 'invalid_value', message: COUNTER_NEGATIVE };
  }
  if (value < 0 && ctx.countedMetrics?.has(metric)) {
    return { index, reason: 'invalid_value', message: COUNT_NEGATIVE };
  }
  const epochMs = typeof timestamp === 'string' ? parseRfc3339(timestamp) : undefined;
  if (epochMs === undefined) {
    return { index, reason: 'invalid_timestamp', message: INVALID_TIMESTAMP };
  }
  const labels = checkLabels(raw.labels);
  if (typeof labels === 'string') return { index, reason: 'invalid_labels', message: labels };
  const late = checkTimeWindow(epochMs, ctx, `metric:${metric}`);
  if (late) return { index, ...late };
  return {
    metric,
    value,
    timestamp: timestamp as string,
    epochMs,
    labels,
    labelsKey: labelsKey(labels),
    cumulative,
  };
}

export function isRejection(result: CheckedSample | Rejection): result is Rejection {
  return (result as Rejection).reason !== undefined;
}
