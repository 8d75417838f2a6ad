import type { Enum, Root, Type } from 'protobufjs';

// Field numbers and enum values of the remote-write messages, read from the upstream .proto files
// (proto/, loaded with keepCase by remote-write.proto.ts) rather than written down a second time. Each
// field's declared type is checked against what the decoders read, so a proto file that drifted fails
// at start-up instead of misreading bodies.

function field(type: Type, name: string, expected: string, repeated = false): number {
  const f = type.fields[name];
  if (!f) throw new Error(`${type.fullName} has no field ${name}`);
  // Messages and enums are named types: tell them apart by what they resolved to.
  const declared = f.resolvedType ? ('fields' in f.resolvedType ? 'message' : 'enum') : f.type;
  if (declared !== expected || f.repeated !== repeated)
    throw new Error(
      `${type.fullName}.${name} is ${f.repeated ? 'repeated ' : ''}${declared}, not ${expected}`,
    );
  return f.id;
}

function enumValue(e: Enum, name: string): number {
  const value = e.values[name];
  if (value === undefined) throw new Error(`${e.fullName} has no value ${name}`);
  return value;
}

/** What a metric family is, as far as counters go (metadata types of both protocol versions). */
export type MetricKind = 'unknown' | 'counter' | 'gauge' | 'histogram' | 'summary' | 'other';

function kindsOf(e: Enum, prefix: string): ReadonlyMap<number, MetricKind> {
  const kinds = new Map<number, MetricKind>();
  for (const value of Object.values(e.values)) kinds.set(value, 'other');
  kinds.set(enumValue(e, `${prefix}${prefix ? 'UNSPECIFIED' : 'UNKNOWN'}`), 'unknown');
  kinds.set(enumValue(e, `${prefix}COUNTER`), 'counter');
  kinds.set(enumValue(e, `${prefix}GAUGE`), 'gauge');
  kinds.set(enumValue(e, `${prefix}HISTOGRAM`), 'histogram');
  kinds.set(enumValue(e, `${prefix}SUMMARY`), 'summary');
  return kinds;
}

export interface SampleFields {
  value: number;
  timestamp: number;
}

/** prometheus.WriteRequest (remote-write 1.0). */
export interface WriteSchemaV1 {
  timeseries: number;
  metadata: number;
  series: { labels: number; samples: number; histograms: number };
  label: { name: number; value: number };
  sample: SampleFields;
  meta: { type: number; family: number };
  kinds: ReadonlyMap<number, MetricKind>;
}

/** io.prometheus.write.v2.Request (remote-write 2.0). */
export interface WriteSchemaV2 {
  symbols: number;
  timeseries: number;
  series: { labelsRefs: number; samples: number; histograms: number; metadata: number };
  sample: SampleFields;
  meta: { type: number };
  kinds: ReadonlyMap<number, MetricKind>;
}

function sampleFields(sample: Type): SampleFields {
  return { value: field(sample, 'value', 'double'), timestamp: field(sample, 'timestamp', 'int64') };
}

export function writeSchemaV1(root: Root): WriteSchemaV1 {
  const request = root.lookupType('prometheus.WriteRequest');
  const series = root.lookupType('prometheus.TimeSeries');
  const label = root.lookupType('prometheus.Label');
  const meta = root.lookupType('prometheus.MetricMetadata');
  return {
    timeseries: field(request, 'timeseries', 'message', true),
    metadata: field(request, 'metadata', 'message', true),
    series: {
      labels: field(series, 'labels', 'message', true),
      samples: field(series, 'samples', 'message', true),
      histograms: field(series, 'histograms', 'message', true),
    },
    label: { name: field(label, 'name', 'string'), value: field(label, 'value', 'string') },
    sample: sampleFields(root.lookupType('prometheus.Sample')),
    meta: { type: field(meta, 'type', 'enum'), family: field(meta, 'metric_family_name', 'string') },
    kinds: kindsOf(root.lookupEnum('prometheus.MetricMetadata.MetricType'), ''),
  };
}

export function writeSchemaV2(root: Root): WriteSchemaV2 {
  const request = root.lookupType('io.prometheus.write.v2.Request');
  const series = root.lookupType('io.prometheus.write.v2.TimeSeries');
  const meta = root.lookupType('io.prometheus.write.v2.Metadata');
  return {
    symbols: field(request, 'symbols', 'string', true),
    timeseries: field(request, 'timeseries', 'message', true),
    series: {
      labelsRefs: field(series, 'labels_refs', 'uint32', true),
      samples: field(series, 'samples', 'message', true),
      histograms: field(series, 'histograms', 'message', true),
      metadata: field(series, 'metadata', 'message'),
    },
    sample: sampleFields(root.lookupType('io.prometheus.write.v2.Sample')),
    meta: { type: field(meta, 'type', 'enum') },
    kinds: kindsOf(root.lookupEnum('io.prometheus.write.v2.Metadata.MetricType'), 'METRIC_TYPE_'),
  };
}
