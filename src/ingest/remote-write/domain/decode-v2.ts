import { Reader } from 'protobufjs';
import { cumulativeByKind, cumulativeBySuffix } from './counters';
import { type DecodedWrite, SampleCollector, SeriesLabels } from './decoded';
import type { MetricKind, WriteSchemaV2 } from './schema';
import {
  asWriteError,
  expectEnd,
  expectWire,
  MalformedWrite,
  readTag,
  subMessageEnd,
  WIRE_LEN,
  WIRE_VARINT,
} from './wire';

// io.prometheus.write.v2.Request (remote-write 2.0): the same reader as 1.0, with labels as pairs
// of references into the request's symbols table and the metric type on each series.

export function decodeRequestV2(body: Uint8Array, schema: WriteSchemaV2): DecodedWrite {
  const out = new SampleCollector(schema.sample);
  const symbols: string[] = [];
  // Byte ranges of the series: symbols may follow them on the wire, so they are read second.
  const ranges: number[] = [];
  const r = Reader.create(body);
  try {
    while (r.pos < r.len) {
      const tag = readTag(r);
      const id = tag >>> 3;
      if (id === schema.symbols) {
        expectWire(tag, WIRE_LEN);
        symbols.push(r.string());
      } else if (id === schema.timeseries) {
        expectWire(tag, WIRE_LEN);
        const end = subMessageEnd(r, r.len);
        ranges.push(r.pos, end);
        r.pos = end;
      } else r.skipType(tag & 7);
    }
    const refs: number[] = [];
    for (let i = 0; i < ranges.length; i += 2) {
      r.pos = ranges[i];
      readSeries(r, ranges[i + 1], schema, out, symbols, refs, i / 2);
    }
  } catch (error) {
    throw asWriteError(error, 'The body is not a valid io.prometheus.write.v2.Request');
  }
  return out;
}

function readSeries(
  r: Reader,
  end: number,
  schema: WriteSchemaV2,
  out: SampleCollector,
  symbols: readonly string[],
  refs: number[],
  index: number,
): void {
  let kind: MetricKind | undefined;
  refs.length = 0;
  out.startSeries();
  while (r.pos < end) {
    const tag = readTag(r);
    const id = tag >>> 3;
    if (id === schema.series.samples) {
      expectWire(tag, WIRE_LEN);
      out.readSample(r, end);
    } else if (id === schema.series.labelsRefs) {
      // Packed (as senders write it) or one varint per element: both are valid proto3.
      if ((tag & 7) === WIRE_VARINT) refs.push(r.uint32());
      else {
        expectWire(tag, WIRE_LEN);
        const refsEnd = subMessageEnd(r, end);
        while (r.pos < refsEnd) refs.push(r.uint32());
        expectEnd(r, refsEnd);
      }
    } else if (id === schema.series.histograms) {
      expectWire(tag, WIRE_LEN);
      out.unsupported++;
      r.skipType(WIRE_LEN);
    } else if (id === schema.series.metadata) {
      expectWire(tag, WIRE_LEN);
      kind = readMetadata(r, schema, end);
    } else r.skipType(tag & 7);
  }
  expectEnd(r, end);
  if (refs.length % 2 !== 0)
    throw new MalformedWrite(`series ${index} has an odd number of label references`);
  const labels = new SeriesLabels();
  for (let i = 0; i < refs.length; i += 2) {
    const name = symbols[refs[i]];
    const value = symbols[refs[i + 1]];
    if (name === undefined || value === undefined)
      throw new MalformedWrite(`series ${index} refers to a symbol past the end of the symbols table`);
    labels.add(name, value);
  }
  const metric = labels.metricOf(index);
  out.endSeries(metric, labels.labels, cumulativeByKind(metric, kind) ?? cumulativeBySuffix(metric));
}

function readMetadata(r: Reader, schema: WriteSchemaV2, limit: number): MetricKind {
  const end = subMessageEnd(r, limit);
  let type = 0;
  while (r.pos < end) {
    const tag = readTag(r);
    if (tag >>> 3 === schema.meta.type) {
      expectWire(tag, WIRE_VARINT);
      type = r.uint32();
    } else r.skipType(tag & 7);
  }
  expectEnd(r, end);
  return schema.kinds.get(type) ?? 'other';
}
