import { compressSync } from 'snappy';
import { loadProto } from './remote-write.proto';

// A remote-write sender for tests: protobufjs encodes from the same upstream .proto files the
// receiver reads, snappy compresses (block format), as Prometheus does.

const v1 = loadProto('prometheus/remote.proto');
const v2 = loadProto('io/prometheus/write/v2/types.proto');
export const WriteRequest = v1.lookupType('prometheus.WriteRequest');
export const RequestV2 = v2.lookupType('io.prometheus.write.v2.Request');

export interface SeriesInput {
  labels: Record<string, string>;
  samples: Array<{ value: number; timestamp: number }>;
}

/** Marks a sample value to be replaced by Prometheus' staleness marker (see `withStaleMarkers`). */
export const STALE = 1.2345678901234567e300;
const STALE_BYTES = Buffer.alloc(8);
STALE_BYTES.writeDoubleLE(STALE);
const MARKER = Buffer.from([0x02, 0, 0, 0, 0, 0, 0xf0, 0x7f]);

/**
 * The encoded message with every STALE value's bytes swapped for the marker's: a NaN payload does
 * not reliably survive a JS number, so the bits are written directly, as Prometheus writes them.
 */
function withStaleMarkers(bytes: Uint8Array): Buffer {
  const buf = Buffer.from(bytes);
  for (let at = buf.indexOf(STALE_BYTES); at >= 0; at = buf.indexOf(STALE_BYTES, at + 8))
    MARKER.copy(buf, at);
  return buf;
}

export const METRIC_TYPE = { unknown: 0, counter: 1, gauge: 2, histogram: 3, summary: 5 } as const;

/** An uncompressed prometheus.WriteRequest. */
export function encodeV1(
  series: SeriesInput[],
  metadata: Array<{ family: string; type: keyof typeof METRIC_TYPE }> = [],
): Buffer {
  const message = WriteRequest.fromObject({
    timeseries: series.map((s) => ({
      labels: Object.entries(s.labels).map(([name, value]) => ({ name, value })),
      samples: s.samples,
    })),
    metadata: metadata.map((m) => ({ type: METRIC_TYPE[m.type], metric_family_name: m.family })),
  });
  return withStaleMarkers(WriteRequest.encode(message).finish());
}

/** An uncompressed io.prometheus.write.v2.Request; `types` gives a series' metadata type by metric. */
export function encodeV2(
  series: SeriesInput[],
  types: Record<string, keyof typeof METRIC_TYPE> = {},
): Buffer {
  const symbols = [''];
  const ref = (text: string) => {
    let i = symbols.indexOf(text);
    if (i < 0) i = symbols.push(text) - 1;
    return i;
  };
  const timeseries = series.map((s) => {
    const type = types[s.labels.__name__];
    return {
      labels_refs: Object.entries(s.labels)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .flatMap(([name, value]) => [ref(name), ref(value)]),
      samples: s.samples,
      ...(type ? { metadata: { type: METRIC_TYPE[type] } } : {}),
    };
  });
  const message = RequestV2.fromObject({ symbols, timeseries });
  return withStaleMarkers(RequestV2.encode(message).finish());
}

/** Snappy block format, as remote-write sends bodies. */
export const snappy = (bytes: Uint8Array): Buffer => compressSync(Buffer.from(bytes));
