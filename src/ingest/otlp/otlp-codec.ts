import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { Root, type Type } from 'protobufjs';
import { DomainError } from '../../common/errors/domain-error';
import type { PartialSuccess } from './domain/otlp-answer';
import { PROTO_DIR } from '../proto-dir';

// OTLP/HTTP's two encodings (docs/ingest-otlp.md): binary protobuf and OTLP's JSON mapping. The
// answer (or the error's google.rpc.Status) is written in the encoding of the request, as the
// protocol requires. Messages come from the .proto files in proto/, read once at start-up.

export type OtlpEncoding = 'protobuf' | 'json';
export const PROTOBUF_TYPE = 'application/x-protobuf';
export const JSON_TYPE = 'application/json';

/** The encoding a Content-Type names; anything else is answered like JSON (Fastify refused it already). */
export function encodingOf(contentType: string | undefined): OtlpEncoding {
  return (contentType ?? '').trim().toLowerCase().startsWith(PROTOBUF_TYPE) ? 'protobuf' : 'json';
}

export { PROTO_DIR };

/** `code` of google.rpc.Status for an HTTP status (informative only: OTLP clients go by the HTTP status). */
function grpcCode(status: number): number {
  if (status === 400 || status === 413 || status === 415) return 3; // INVALID_ARGUMENT
  if (status === 401) return 16; // UNAUTHENTICATED
  if (status === 403) return 7; // PERMISSION_DENIED
  if (status === 404) return 5; // NOT_FOUND
  if (status === 429) return 8; // RESOURCE_EXHAUSTED
  if (status === 503) return 14; // UNAVAILABLE
  return status >= 500 ? 13 : 2; // INTERNAL, UNKNOWN
}

@Injectable()
export class OtlpCodec {
  private readonly request: Type;
  private readonly response: Type;
  private readonly status: Type;

  constructor() {
    const root = new Root();
    // Imports name files from the proto/ root, as in the upstream repository.
    root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
    root.loadSync([
      'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
      'google/rpc/status.proto',
    ]);
    root.resolveAll();
    this.request = root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
    this.response = root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse');
    this.status = root.lookupType('google.rpc.Status');
  }

  /** The request as a plain object in the JSON mapping's shape (protobuf decoded, JSON as parsed). */
  readRequest(body: unknown, encoding: OtlpEncoding): unknown {
    if (encoding === 'json') return body;
    if (!Buffer.isBuffer(body)) throw new DomainError('bad_request', 'The body is not protobuf');
    try {
      return this.request.toObject(this.request.decode(body), {
        longs: String,
        enums: Number,
        bytes: String,
      });
    } catch (error) {
      // protobufjs says what is wrong ("index out of range", "invalid wire type 7"), never where it runs.
      const reason =
        error instanceof RangeError && /call stack/i.test(error.message) ? 'nests too deeply' : null;
      throw new DomainError(
        'bad_request',
        `The body is not a valid protobuf ExportMetricsServiceRequest: ${reason ?? (error instanceof Error ? error.message : 'undecodable')}`,
      );
    }
  }

  /** ExportMetricsServiceResponse: empty on full success, partial_success when points were refused. */
  writeResponse(partial: PartialSuccess | undefined, encoding: OtlpEncoding): Buffer | string {
    if (encoding === 'protobuf') {
      const message = this.response.fromObject(partial ? { partialSuccess: partial } : {});
      return Buffer.from(this.response.encode(message).finish());
    }
    // The JSON mapping writes int64 as a decimal string.
    return JSON.stringify(
      partial
        ? { partialSuccess: { ...partial, rejectedDataPoints: String(partial.rejectedDataPoints) } }
        : {},
    );
  }

  /** google.rpc.Status, the body of every OTLP error answer. */
  writeStatus(httpStatus: number, message: string, encoding: OtlpEncoding): Buffer | string {
    const status = { code: grpcCode(httpStatus), message };
    if (encoding === 'protobuf')
      return Buffer.from(this.status.encode(this.status.fromObject(status)).finish());
    return JSON.stringify(status);
  }
}
