import { Reader } from 'protobufjs';
import { cumulativeBySuffix, isCumulative } from './counters';
import { type DecodedWrite, SampleCollector, SeriesLabels } from './decoded';
import type { MetricKind, WriteSchemaV1 } from './schema';
import {
  asWriteError,
  expectEnd,
  expectWire,
  readTag,
  RepeatedStrings,
  subMessageEnd,
  WIRE_LEN,
  WIRE_VARINT,
} from './wire';

// prometheus.WriteRequest (remote-write 1.0), read field by field with protobufjs' Reader straight
// into the sample objects ingest takes: no intermediate message objects, no Long per timestamp.

export function decodeWriteRequest(body: Uint8Array, schema: WriteSchemaV1): DecodedWrite {
  const out = new SampleCollector(schema.sample);
  const strings = new RepeatedStrings();
  const families = new Map<string, MetricKind>();
  // [start, end) of each series' samples in out.samples, for metadata that comes after them.
  const spans: number[] = [];
  const r = Reader.create(body);
  try {
    while (r.pos < r.len) {
      const tag = readTag(r);
      const id = tag >>> 3;
      if (id === schema.timeseries) {
        expectWire(tag, WIRE_LEN);
        const start = out.samples.length;
        readSeries(r, schema, out, strings, spans.length / 2);
        spans.push(start, out.samples.length);
      } else if (id === schema.metadata) {
        expectWire(tag, WIRE_LEN);
        readMetadata(r, schema, families);
      } else r.skipType(tag & 7);
    }
  } catch (error) {
    throw asWriteError(error, 'The body is not a valid prometheus.WriteRequest');
  }
  if (families.size > 0) {
    for (let i = 0; i < spans.length; i += 2) {
      const [start, end] = [spans[i], spans[i + 1]];
      if (start < end) out.setCumulative(start, end, isCumulative(out.samples[start].metric, families));
    }
  }
  return out;
}

function readSeries(
  r: Reader,
  schema: WriteSchemaV1,
  out: SampleCollector,
  strings: RepeatedStrings,
  index: number,
): void {
  const end = subMessageEnd(r, r.len);
  const labels = new SeriesLabels();
  let slot = 0;
  out.startSeries();
  while (r.pos < end) {
    const tag = readTag(r);
    const id = tag >>> 3;
    if (id === schema.series.samples) {
      expectWire(tag, WIRE_LEN);
      out.readSample(r, end);
    } else if (id === schema.series.labels) {
      expectWire(tag, WIRE_LEN);
      readLabel(r, schema, end, labels, strings, slot);
      slot += 2;
    } else if (id === schema.series.histograms) {
      expectWire(tag, WIRE_LEN);
      out.unsupported++;
      r.skipType(WIRE_LEN);
    } else r.skipType(tag & 7);
  }
  expectEnd(r, end);
  const metric = labels.metricOf(index);
  out.endSeries(metric, labels.labels, cumulativeBySuffix(metric));
}

function readLabel(
  r: Reader,
  schema: WriteSchemaV1,
  limit: number,
  labels: SeriesLabels,
  strings: RepeatedStrings,
  slot: number,
): void {
  const end = subMessageEnd(r, limit);
  let name = '';
  let value = '';
  while (r.pos < end) {
    const tag = readTag(r);
    const id = tag >>> 3;
    if (id === schema.label.name) {
      expectWire(tag, WIRE_LEN);
      name = strings.read(r, slot);
    } else if (id === schema.label.value) {
      expectWire(tag, WIRE_LEN);
      value = strings.read(r, slot + 1);
    } else r.skipType(tag & 7);
  }
  expectEnd(r, end);
  labels.add(name, value);
}

function readMetadata(r: Reader, schema: WriteSchemaV1, families: Map<string, MetricKind>): void {
  const end = subMessageEnd(r, r.len);
  let type = 0;
  let family = '';
  while (r.pos < end) {
    const tag = readTag(r);
    const id = tag >>> 3;
    if (id === schema.meta.type) {
      expectWire(tag, WIRE_VARINT);
      type = r.uint32();
    } else if (id === schema.meta.family) {
      expectWire(tag, WIRE_LEN);
      family = r.string();
    } else r.skipType(tag & 7);
  }
  expectEnd(r, end);
  if (family !== '') families.set(family, schema.kinds.get(type) ?? 'other');
}
