import { Injectable } from '@nestjs/common';
import { uncompress } from 'snappy';
import type { Principal } from '../../access/domain/roles';
import { DomainError } from '../../common/errors/domain-error';
import { MAX_SAMPLES, SamplesService } from '../samples.service';
import type { WriteVersion } from './domain/content-type';
import { decodeWriteRequest } from './domain/decode-v1';
import { decodeRequestV2 } from './domain/decode-v2';
import type { DecodedWrite, RemoteSample } from './domain/decoded';
import { MalformedWrite, snappyDeclaredLength, WriteTooLarge } from './domain/wire';
import { WRITE_V1, WRITE_V2 } from './remote-write.proto';

/** Bound on the uncompressed body a snappy block may declare (the compressed one is at most 2 MiB). */
export const MAX_UNCOMPRESSED_BYTES = 32 * 1024 * 1024;
/** Rejections listed in the answer; the count covers all of them. */
const LISTED_REJECTIONS = 10;

export interface WriteRejection {
  reason: string;
  message: string;
  metric: string;
  labels: Record<string, string>;
  timestamp: string;
}

export interface WriteAnswer {
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Staleness markers: a series ended, no value. */
  skipped: number;
  /** Native histogram samples, not stored. */
  unsupported: number;
  /** The first few rejected samples and why. */
  rejections: WriteRejection[];
}

const describe = (s: RemoteSample, reason: string, message: string): WriteRejection => ({
  reason,
  message,
  metric: s.metric,
  labels: { ...s.labels },
  timestamp: s.timestamp,
});

/**
 * Prometheus remote-write: snappy, then protobuf, then the samples through SamplesService in chunks
 * of its request limit. Each chunk commits before the next is sent, so a failure answered 5xx or 429
 * may leave earlier chunks stored; the sender's retry then finds them as duplicates (first write wins).
 */
@Injectable()
export class RemoteWriteService {
  constructor(private readonly samples: SamplesService) {}

  async write(principal: Principal, body: Buffer, version: WriteVersion): Promise<WriteAnswer> {
    const decoded = await this.decode(body, version);
    const answer: WriteAnswer = {
      accepted: 0,
      duplicates: 0,
      rejected: decoded.rejected.length,
      skipped: decoded.skipped,
      unsupported: decoded.unsupported,
      rejections: decoded.rejected
        .slice(0, LISTED_REJECTIONS)
        .map((r) => describe(r.sample, r.reason, r.message)),
    };
    for (let i = 0; i < decoded.samples.length; i += MAX_SAMPLES) {
      const chunk = decoded.samples.slice(i, i + MAX_SAMPLES);
      const result = await this.samples.ingest(principal, { samples: chunk }, undefined, 'remote_write');
      answer.accepted += result.accepted;
      answer.duplicates += result.duplicates;
      answer.rejected += result.rejected.length;
      for (const r of result.rejected) {
        if (answer.rejections.length >= LISTED_REJECTIONS) break;
        answer.rejections.push(describe(chunk[r.index], r.reason, r.message));
      }
    }
    return answer;
  }

  private async decode(body: Buffer, version: WriteVersion): Promise<DecodedWrite> {
    try {
      const declared = snappyDeclaredLength(body);
      if (declared > MAX_UNCOMPRESSED_BYTES) {
        throw new WriteTooLarge(
          `The body declares ${declared} bytes uncompressed; at most ${MAX_UNCOMPRESSED_BYTES} are taken`,
        );
      }
      let raw: Buffer;
      try {
        // Off the event loop (napi-rs runs it on the libuv pool).
        raw = (await uncompress(body)) as Buffer;
      } catch (error) {
        const reason = error instanceof Error ? error.message.replace(/^snappy: /, '') : 'corrupt';
        throw new MalformedWrite(`The body is not valid snappy (block format): ${reason}`);
      }
      return version === 'v1' ? decodeWriteRequest(raw, WRITE_V1) : decodeRequestV2(raw, WRITE_V2);
    } catch (error) {
      if (error instanceof MalformedWrite) throw new DomainError('bad_request', error.message);
      if (error instanceof WriteTooLarge) throw new DomainError('payload_too_large', error.message);
      throw error;
    }
  }
}
