// Readers for the fields of an OTLP metrics request, in the shape both encodings arrive in: JSON as
// sent (OTLP's JSON mapping) and protobuf decoded to a plain object (64-bit integers as decimal
// strings, enums as numbers). JSON is untrusted, so every field is type-checked here.

/** The body does not have the shape of an ExportMetricsServiceRequest: the whole request is refused (400). */
export class OtlpShapeError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path} ${problem}`);
    this.name = 'OtlpShapeError';
  }
}

export type Fields = Record<string, unknown>;

export function objectAt(value: unknown, path: string): Fields {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new OtlpShapeError(path, 'must be an object');
  return value as Fields;
}

/** A message field: absent (proto3 default) or an object. */
export function optionalObject(value: unknown, path: string): Fields | undefined {
  return value === undefined || value === null ? undefined : objectAt(value, path);
}

/** A repeated field: absent means empty. */
export function listAt(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpShapeError(path, 'must be a list');
  return value;
}

export function stringAt(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new OtlpShapeError(path, 'must be a string');
  return value;
}

const UNSIGNED = /^\d{1,20}$/;
const SIGNED = /^-?\d{1,20}$/;
const MAX_U64 = (1n << 64n) - 1n;

/** An integer field (int64 as a string or a number, as the JSON mapping allows), or undefined if it is not one. */
function integerOf(value: unknown, signed: boolean): bigint | undefined {
  if (typeof value === 'number')
    return Number.isInteger(value) && (signed || value >= 0) ? BigInt(value) : undefined;
  if (typeof value === 'string' && (signed ? SIGNED : UNSIGNED).test(value)) return BigInt(value);
  return undefined;
}

/** A count (fixed64/uint64) as a number; absent is 0. Counts above 2^53 lose precision and are refused later. */
export function countOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return 0;
  const n = integerOf(value, false);
  return n === undefined || n > MAX_U64 ? undefined : Number(n);
}

/** A sfixed64/int64 value as a number (refused later when beyond ±2^53 − 1). */
export function signedIntegerOf(value: unknown): number | undefined {
  const n = integerOf(value, true);
  return n === undefined ? undefined : Number(n);
}

/** A double: a JSON number, or a string as proto3's JSON mapping allows ("NaN", "Infinity", "1.5"). */
export function doubleOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  const n = Number(value);
  return Number.isNaN(n) ? undefined : n;
}

/** A uint32 bit field; absent is 0. */
export function flagsOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

/** Bit 0 of a data point's flags (DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK): a staleness marker, no value. */
export const NO_RECORDED_VALUE = 1;

export interface PointTime {
  /** RFC 3339 in UTC with milliseconds, as the samples API takes it. */
  timestamp: string;
  epochMs: number;
}

/** Nanoseconds of a fixed64 that fits: 2^64 − 1 has 20 digits, and larger 20-digit values do not fit. */
const MAX_U64_TEXT = MAX_U64.toString();

/**
 * `timeUnixNano` (fixed64 nanoseconds, a string or a number) as an RFC 3339 instant, truncated to the
 * millisecond; undefined when absent, 0 (the protocol's "unset") or not an integer.
 */
export function timeOf(value: unknown): PointTime | undefined {
  let epochMs: number;
  if (typeof value === 'string') {
    // Every point has one: whole milliseconds are the digits but the last six (no BigInt needed).
    if (!UNSIGNED.test(value) || (value.length === 20 && value > MAX_U64_TEXT)) return undefined;
    epochMs = value.length > 6 ? Number(value.slice(0, -6)) : 0;
    if (epochMs === 0 && /^0+$/.test(value)) return undefined;
  } else if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 2 ** 64) {
    // A JSON number this large is already rounded (to 256 ns near today): well below a millisecond.
    epochMs = Math.floor(value / 1e6);
  } else return undefined;
  return { timestamp: new Date(epochMs).toISOString(), epochMs };
}

export type Temporality = 'delta' | 'cumulative';

/** AggregationTemporality: an enum number (the JSON mapping's form) or, leniently, its name. */
export function temporalityOf(value: unknown): Temporality | undefined {
  if (value === 1 || value === 'AGGREGATION_TEMPORALITY_DELTA') return 'delta';
  if (value === 2 || value === 'AGGREGATION_TEMPORALITY_CUMULATIVE') return 'cumulative';
  return undefined;
}
