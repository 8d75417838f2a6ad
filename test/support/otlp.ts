import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { OTLPMetricExporter as JsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtobufExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { AggregationTemporalityPreference } from '@opentelemetry/exporter-metrics-otlp-http';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { Meter } from '@opentelemetry/api';
import { Root, type Type } from 'protobufjs';
import { PROTO_DIR } from '../../src/ingest/otlp/otlp-codec';
import type { TestApp } from './test-app';

// OTLP helpers for the e2e suites: the real OpenTelemetry JS SDK exporting to the running service,
// and hand-built requests (protobuf through the repository's .proto files, or JSON) for the cases an
// SDK never sends.

/** Collects only when asked, so a test decides exactly which points exist. */
class ManualReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

export interface SdkPipeline {
  meter: Meter;
  /** Collects and exports once; resolves with the exporter's result (code 0 = success). */
  flush(): Promise<{ code: number; error?: Error }>;
  shutdown(): Promise<void>;
}

/** A MeterProvider whose one reader exports through the SDK's own OTLP/HTTP exporter. */
export function sdkPipeline(options: {
  url: string;
  token: string;
  encoding: 'protobuf' | 'json';
  temporality: 'cumulative' | 'delta';
}): SdkPipeline {
  const config = {
    url: options.url,
    headers: { Authorization: `Bearer ${options.token}` },
    temporalityPreference:
      options.temporality === 'delta'
        ? AggregationTemporalityPreference.DELTA
        : AggregationTemporalityPreference.CUMULATIVE,
  };
  const exporter = options.encoding === 'protobuf' ? new ProtobufExporter(config) : new JsonExporter(config);
  const reader = new ManualReader({
    aggregationTemporalitySelector: (type) => exporter.selectAggregationTemporality(type),
  });
  const provider = new MeterProvider({ readers: [reader] });
  return {
    meter: provider.getMeter('sla-sentinel-e2e', '1.2.3'),
    async flush() {
      const { resourceMetrics } = await reader.collect();
      return new Promise((resolve) => exporter.export(resourceMetrics, resolve));
    },
    async shutdown() {
      await provider.shutdown();
      await exporter.shutdown();
    },
  };
}

/** Starts the test app on a free local port (the SDK needs a socket): its /v1/metrics URL. */
export async function listenLocally(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}/v1/metrics`;
}

let types: { request: Type; response: Type; status: Type } | undefined;

/** The OTLP messages from the repository's .proto files. */
export function otlpTypes() {
  if (!types) {
    const root = new Root();
    root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
    root.loadSync([
      'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
      'google/rpc/status.proto',
    ]);
    types = {
      request: root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'),
      response: root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse'),
      status: root.lookupType('google.rpc.Status'),
    };
  }
  return types;
}

/** A request object (JSON mapping shape) as protobuf bytes. */
export function encodeRequest(request: object): Buffer {
  const { request: type } = otlpTypes();
  return Buffer.from(type.encode(type.fromObject(request)).finish());
}

/** A protobuf answer body as a plain object (int64 as strings), of the response or of a Status. */
export function decodeAnswer(body: Buffer, as: 'response' | 'status'): Record<string, any> {
  const type = otlpTypes()[as];
  return type.toObject(type.decode(body), { longs: String, enums: Number });
}

/** Nanoseconds since the epoch of `ms`, as OTLP's JSON mapping writes fixed64 (a decimal string). */
export const nanos = (ms: number) => (BigInt(ms) * 1_000_000n).toString();

/** One gauge data point per value of `points` (`[epoch ms, value]`), in one request of `metric`. */
export function gaugeRequest(
  metric: string,
  points: Array<[number, number]>,
  attributes: Array<{ key: string; value: Record<string, unknown> }> = [],
) {
  return {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'portal' } }] },
        scopeMetrics: [
          {
            scope: { name: 'e2e' },
            metrics: [
              {
                name: metric,
                gauge: {
                  dataPoints: points.map(([ms, value]) => ({
                    timeUnixNano: nanos(ms),
                    asDouble: value,
                    attributes,
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

function varint(n: number): number[] {
  const bytes: number[] = [];
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  bytes.push(n);
  return bytes;
}

/**
 * A one-point gauge request whose resource has an attribute nested `depth` key-value lists deep,
 * written byte by byte (an encoder would overflow its own stack first).
 */
export function deepAttributeRequest(depth: number, metric: string, ms: number): Buffer {
  const leaf = Buffer.from([0x0a, 4, ...Buffer.from('leaf')]); // AnyValue{string_value: "leaf"}
  const headers: Buffer[] = [];
  let inner = leaf.length;
  for (let i = 0; i < depth; i++) {
    const kv = 4 + varint(inner).length + inner; // KeyValue{key: "k", value: <inner>}
    const list = 1 + varint(kv).length + kv; // KeyValueList{values: [<kv>]}
    headers.push(
      Buffer.from([0x32, ...varint(list), 0x0a, ...varint(kv), 0x0a, 1, 0x6b, 0x12, ...varint(inner)]),
    );
    inner = 1 + varint(list).length + list; // AnyValue{kvlist_value: <list>}
  }
  const value = Buffer.concat([...headers.reverse(), leaf]);
  const attribute = Buffer.concat([
    Buffer.from([0x0a, 4, ...Buffer.from('deep'), 0x12, ...varint(value.length)]),
    value,
  ]);
  const resource = Buffer.concat([Buffer.from([0x0a, ...varint(attribute.length)]), attribute]); // Resource{attributes}
  // The rest of the ResourceMetrics (its scope metrics) from an ordinary request; the resource comes
  // after its own, which it replaces (protobufjs keeps the last of a singular field).
  const plain = encodeRequest(gaugeRequest(metric, [[ms, 1]]));
  let at = 1;
  while (plain[at] & 0x80) at++;
  const rest = plain.subarray(at + 1);
  const resourceMetrics = Buffer.concat([rest, Buffer.from([0x0a, ...varint(resource.length)]), resource]);
  return Buffer.concat([Buffer.from([0x0a, ...varint(resourceMetrics.length)]), resourceMetrics]);
}
