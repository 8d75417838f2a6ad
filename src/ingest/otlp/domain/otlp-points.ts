import type { Labels } from './otlp-labels';
import {
  countOf,
  doubleOf,
  type Fields,
  listAt,
  objectAt,
  type PointTime,
  signedIntegerOf,
  type Temporality,
  temporalityOf,
} from './otlp-values';

// The samples of one data point, per metric type (docs/ingest-otlp.md, "Mapping"):
// - gauge: the value, plain;
// - sum: monotonic and CUMULATIVE → a cumulative counter (the engine turns it into increases, resets
//   included); DELTA → plain (each value is the increase of its interval); not monotonic → plain;
// - histogram: `<name>_count`, `<name>_sum`, `<name>_bucket{le}` (cumulative over `le`, `+Inf`
//   last), counters when CUMULATIVE, plain when DELTA;
// - exponential histogram: `<name>_count` and `<name>_sum` only, as a histogram's;
// - summary: `<name>_count` and `<name>_sum` as counters, each quantile as plain `<name>{quantile}`.

export interface EmittedSample {
  metric: string;
  value: number;
  labels: Labels;
  cumulative: boolean;
}

export interface PointOutput {
  samples: EmittedSample[];
  /** Set when part of the point was left out (its other samples are stored): why. */
  skipped?: string;
}

export interface PointContext {
  name: string;
  labels: Labels;
  time: PointTime;
  /** The metric's data message (its temporality, monotonicity). */
  data: Fields;
  path: string;
}

export interface PointMapping {
  /** Why every point of the metric is refused, when its data message says so. */
  metricProblem?(data: Fields): string | undefined;
  /** Adds the point's samples to `out`, or answers why the point is refused (then it adds none). */
  point(point: Fields, ctx: PointContext, out: PointOutput): string | undefined;
}

const NOT_FINITE = 'the value is NaN or infinite';
const TEMPORALITY = 'aggregationTemporality must be DELTA (1) or CUMULATIVE (2)';

class Refusal {
  constructor(readonly message: string) {}
}

const isSet = (value: unknown) => value !== undefined && value !== null;

/** A NumberDataPoint's value (asDouble or asInt). */
function numberValue(point: Fields): number | Refusal {
  const double = isSet(point.asDouble);
  const int = isSet(point.asInt);
  if (double && int) return new Refusal('the point has both asDouble and asInt');
  if (double) {
    const value = doubleOf(point.asDouble);
    if (value === undefined) return new Refusal('asDouble must be a number');
    return Number.isFinite(value) ? value : new Refusal(NOT_FINITE);
  }
  if (int) {
    const value = signedIntegerOf(point.asInt);
    return value === undefined ? new Refusal('asInt must be an integer (a decimal string in JSON)') : value;
  }
  return new Refusal('the point has no value (asDouble or asInt)');
}

function count(value: unknown, field: string): number | Refusal {
  const n = countOf(value);
  return n === undefined ? new Refusal(`${field} must be an unsigned integer`) : n;
}

/** An optional double (a histogram's sum): undefined when absent. */
function optionalDouble(value: unknown, field: string): number | undefined | Refusal {
  if (!isSet(value)) return undefined;
  const n = doubleOf(value);
  if (n === undefined) return new Refusal(`${field} must be a number`);
  return Number.isFinite(n) ? n : new Refusal(`${field}: ${NOT_FINITE}`);
}

const temporalityProblem = (data: Fields) =>
  temporalityOf(data.aggregationTemporality) === undefined ? TEMPORALITY : undefined;

const cumulativeIn = (data: Fields) =>
  (temporalityOf(data.aggregationTemporality) as Temporality) === 'cumulative';

/** `<name>_count` and, when the point has one, `<name>_sum`. */
function countAndSum(point: Fields, ctx: PointContext, cumulative: boolean, out: PointOutput) {
  const n = count(point.count, 'count');
  if (n instanceof Refusal) return n;
  const sum = optionalDouble(point.sum, 'sum');
  if (sum instanceof Refusal) return sum;
  out.samples.push({ metric: `${ctx.name}_count`, value: n, labels: ctx.labels, cumulative });
  if (sum !== undefined)
    out.samples.push({ metric: `${ctx.name}_sum`, value: sum, labels: ctx.labels, cumulative });
  return undefined;
}

/** The explicit buckets as `(le, cumulative count)`, `+Inf` last; none when the point has no buckets. */
function buckets(point: Fields, ctx: PointContext): Array<[string, number]> | Refusal {
  const bounds = listAt(point.explicitBounds, `${ctx.path}.explicitBounds`).map(doubleOf);
  const counts = listAt(point.bucketCounts, `${ctx.path}.bucketCounts`).map(countOf);
  if (counts.length === 0) return [];
  if (bounds.some((b) => b === undefined || !Number.isFinite(b)))
    return new Refusal('explicitBounds must be finite numbers');
  if (bounds.some((b, i) => i > 0 && (b as number) <= (bounds[i - 1] as number)))
    return new Refusal('explicitBounds must be strictly increasing');
  if (counts.some((c) => c === undefined)) return new Refusal('bucketCounts must be unsigned integers');
  if (counts.length !== bounds.length + 1)
    return new Refusal(
      `bucketCounts must have one more element than explicitBounds (${counts.length} and ${bounds.length})`,
    );
  let running = 0;
  return counts.map((c, i) => {
    running += c as number;
    return [i < bounds.length ? String(bounds[i]) : '+Inf', running];
  });
}

const gauge: PointMapping = {
  point(point, ctx, out) {
    const value = numberValue(point);
    if (value instanceof Refusal) return value.message;
    out.samples.push({ metric: ctx.name, value, labels: ctx.labels, cumulative: false });
    return undefined;
  },
};

const sum: PointMapping = {
  metricProblem: temporalityProblem,
  point(point, ctx, out) {
    const value = numberValue(point);
    if (value instanceof Refusal) return value.message;
    const cumulative = ctx.data.isMonotonic === true && cumulativeIn(ctx.data);
    out.samples.push({ metric: ctx.name, value, labels: ctx.labels, cumulative });
    return undefined;
  },
};

const histogram: PointMapping = {
  metricProblem: temporalityProblem,
  point(point, ctx, out) {
    const cumulative = cumulativeIn(ctx.data);
    const les = buckets(point, ctx);
    if (les instanceof Refusal) return les.message;
    const refused = countAndSum(point, ctx, cumulative, out);
    if (refused) return refused.message;
    for (const [le, value] of les) {
      // `le` names the bucket: it wins over a data-point attribute of that name.
      const labels = { ...ctx.labels, le };
      out.samples.push({ metric: `${ctx.name}_bucket`, value, labels, cumulative });
    }
    return undefined;
  },
};

const exponentialHistogram: PointMapping = {
  metricProblem: temporalityProblem,
  point(point, ctx, out) {
    return countAndSum(point, ctx, cumulativeIn(ctx.data), out)?.message;
  },
};

const summary: PointMapping = {
  point(point, ctx, out) {
    const quantiles = listAt(point.quantileValues, `${ctx.path}.quantileValues`).map((q, i) => {
      const pair = objectAt(q, `${ctx.path}.quantileValues[${i}]`);
      return { quantile: doubleOf(pair.quantile ?? 0), value: doubleOf(pair.value ?? 0) };
    });
    if (quantiles.some((q) => q.quantile === undefined || q.value === undefined))
      return 'quantileValues must hold numbers';
    // A summary's count and sum add up from its start time, like a cumulative sum.
    const refused = countAndSum({ count: point.count, sum: point.sum ?? 0 }, ctx, true, out);
    if (refused) return refused.message;
    let skipped = 0;
    for (const { quantile, value } of quantiles) {
      if (!Number.isFinite(value) || !Number.isFinite(quantile)) {
        skipped++;
        continue;
      }
      const labels = { ...ctx.labels, quantile: String(quantile) };
      out.samples.push({ metric: ctx.name, value: value as number, labels, cumulative: false });
    }
    if (skipped > 0)
      out.skipped = `${skipped} quantile value(s) NaN or infinite, skipped (count and sum were stored)`;
    return undefined;
  },
};

export const POINT_MAPPINGS = { gauge, sum, histogram, exponentialHistogram, summary } as const;
