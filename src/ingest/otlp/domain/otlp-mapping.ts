import { METRIC_PATTERN } from '../../domain/samples';
import { attributeLabels, type Labels, scopeLabels } from './otlp-labels';
import { type PointMapping, type PointOutput, POINT_MAPPINGS } from './otlp-points';
import {
  type Fields,
  flagsOf,
  listAt,
  NO_RECORDED_VALUE,
  objectAt,
  optionalObject,
  OtlpShapeError,
  type PointTime,
  stringAt,
  timeOf,
} from './otlp-values';

// An ExportMetricsServiceRequest (either encoding, as a plain object) → samples for SamplesService,
// each tagged with the data point it came from, and the data points refused before storage.
// The rules are in docs/ingest-otlp.md; the per-type ones are in otlp-points.ts.

/** One sample as POST /api/v1/samples takes it, plus where it came from. */
export type OtlpSample = {
  metric: string;
  value: number;
  timestamp: string;
  labels: Labels;
  cumulative: boolean;
  /** Index of its data point, in request order. */
  point: number;
  /**
   * A zero at a cumulative series' start time, which the sender did not send as a point: the
   * counter's baseline. Its own refusal (an old start time, a resent one) is no refusal of the point.
   */
  baseline?: true;
};

export interface PointRejection {
  point: number;
  message: string;
}

export interface MappedRequest {
  samples: OtlpSample[];
  /** Data points in the request. */
  points: number;
  rejected: PointRejection[];
}

const KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

/** Display form of a metric name in messages (bounded, quoted). */
const quoted = (name: string) => JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);

/** Why a metric name (or a name derived from it, like `<name>_bucket`) cannot be stored, if it cannot. */
export function nameProblem(name: string): string | undefined {
  if (METRIC_PATTERN.test(name)) return undefined;
  return `metric name ${quoted(name)} is not accepted: it must match ${METRIC_PATTERN.source}`;
}

/** Distinct timestamps remembered per request; then the memo starts over. */
const TIME_MEMO_LIMIT = 4096;

class Collector {
  readonly samples: OtlpSample[] = [];
  readonly rejected: PointRejection[] = [];
  points = 0;
  private readonly times = new Map<unknown, PointTime | undefined>();

  /** timeOf, remembered: a collection gives many points the same time (and start), and formatting costs. */
  time(raw: unknown): PointTime | undefined {
    if (this.times.has(raw)) return this.times.get(raw);
    if (this.times.size >= TIME_MEMO_LIMIT) this.times.clear();
    const time = timeOf(raw);
    this.times.set(raw, time);
    return time;
  }

  reject(point: number, metric: string, message: string): void {
    this.rejected.push({ point, message: `${quoted(metric)}: ${message}` });
  }
}

/** Maps the request; throws OtlpShapeError when the body does not have the request's shape. */
export function mapExportRequest(body: unknown): MappedRequest {
  const out = new Collector();
  const request = objectAt(body, 'the body');
  listAt(request.resourceMetrics, 'resourceMetrics').forEach((value, i) => {
    const path = `resourceMetrics[${i}]`;
    const resourceMetrics = objectAt(value, path);
    const resource = optionalObject(resourceMetrics.resource, `${path}.resource`);
    const fromResource = attributeLabels(resource?.attributes, `${path}.resource.attributes`);
    listAt(resourceMetrics.scopeMetrics, `${path}.scopeMetrics`).forEach((value, j) => {
      const scopePath = `${path}.scopeMetrics[${j}]`;
      const scopeMetrics = objectAt(value, scopePath);
      const scope = optionalObject(scopeMetrics.scope, `${scopePath}.scope`);
      // Scope labels override resource ones; the data point's own override both (in mapMetric).
      const inherited = { ...fromResource, ...scopeLabels(scope, `${scopePath}.scope`) };
      listAt(scopeMetrics.metrics, `${scopePath}.metrics`).forEach((metric, k) =>
        mapMetric(
          objectAt(metric, `${scopePath}.metrics[${k}]`),
          inherited,
          out,
          `${scopePath}.metrics[${k}]`,
        ),
      );
    });
  });
  return { samples: out.samples, points: out.points, rejected: out.rejected };
}

function mapMetric(metric: Fields, inherited: Labels, out: Collector, path: string): void {
  const name = stringAt(metric.name, `${path}.name`);
  const present = KINDS.filter((kind) => metric[kind] !== undefined && metric[kind] !== null);
  // A metric without data has no points: nothing to store, nothing to refuse.
  if (present.length === 0) return;
  if (present.length > 1)
    throw new OtlpShapeError(path, `has ${present.join(' and ')}: a metric carries one kind of data`);
  const kind = present[0];
  const data = objectAt(metric[kind], `${path}.${kind}`);
  const mapping: PointMapping = POINT_MAPPINGS[kind];
  const points = listAt(data.dataPoints, `${path}.${kind}.dataPoints`);
  const refused = nameProblem(name) ?? mapping.metricProblem?.(data);
  points.forEach((value, i) => {
    const pointPath = `${path}.${kind}.dataPoints[${i}]`;
    const point = objectAt(value, pointPath);
    const index = out.points++;
    // Attributes are read (and their shape checked) even for a point that is refused.
    const labels = { ...inherited, ...attributeLabels(point.attributes, `${pointPath}.attributes`) };
    if (refused !== undefined) return out.reject(index, name, refused);
    if ((flagsOf(point.flags) & NO_RECORDED_VALUE) !== 0)
      return out.reject(index, name, 'the point has no recorded value (flag NO_RECORDED_VALUE); skipped');
    const time = out.time(point.timeUnixNano);
    if (!time) return out.reject(index, name, 'timeUnixNano must be a non-zero count of nanoseconds');
    const start = out.time(point.startTimeUnixNano);
    const emitted: PointOutput = { samples: [] };
    const problem = mapping.point(point, { name, labels, time, data, path: pointPath }, emitted);
    if (problem !== undefined) return out.reject(index, name, problem);
    for (const s of emitted.samples) {
      const derived = s.metric === name ? undefined : nameProblem(s.metric);
      if (derived !== undefined) return out.reject(index, name, derived);
    }
    for (const s of emitted.samples) {
      // A cumulative series counts from its start time: a zero there makes the first point's whole
      // value an increase, instead of only the baseline for the next one.
      if (s.cumulative && start && start.epochMs < time.epochMs)
        out.samples.push({ ...s, value: 0, timestamp: start.timestamp, point: index, baseline: true });
      out.samples.push({ ...s, timestamp: time.timestamp, point: index });
    }
    // Stored in part (a summary's NaN quantile): the point still counts as refused, with why.
    if (emitted.skipped !== undefined) out.reject(index, name, emitted.skipped);
  });
}
