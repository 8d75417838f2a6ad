import { Injectable } from '@nestjs/common';
import type { Principal } from '../../access/domain/roles';
import { DomainError } from '../../common/errors/domain-error';
import { MAX_SAMPLES, SamplesService } from '../samples.service';
import { type PartialSuccess, partialSuccess, sampleRefusal } from './domain/otlp-answer';
import { mapExportRequest, type MappedRequest, type PointRejection } from './domain/otlp-mapping';
import { OtlpShapeError } from './domain/otlp-values';

/** OTLP metrics → the samples pipeline: map, store in chunks, answer what was refused. */
@Injectable()
export class OtlpService {
  constructor(private readonly samples: SamplesService) {}

  async export(principal: Principal, request: unknown): Promise<PartialSuccess | undefined> {
    const mapped = this.map(request);
    const rejected: PointRejection[] = [...mapped.rejected];
    // SamplesService takes at most MAX_SAMPLES a call. Each call is one batch, committed on its own:
    // if a later one fails (503, 429) the sender retries the whole request, and the samples already
    // stored come back as duplicates, which are not stored twice. One call even for no samples, so
    // the vendor-only rule and the rate limit apply to every request alike.
    for (let from = 0; from === 0 || from < mapped.samples.length; from += MAX_SAMPLES) {
      const chunk = mapped.samples.slice(from, from + MAX_SAMPLES);
      const answer = await this.samples.ingest(principal, { samples: chunk }, undefined, 'otlp');
      for (const r of answer.rejected) {
        const sample = chunk[r.index];
        if (!sample.baseline)
          rejected.push({ point: sample.point, message: sampleRefusal(sample.metric, r.reason, r.message) });
      }
    }
    return partialSuccess(mapped.points, rejected);
  }

  private map(request: unknown): MappedRequest {
    try {
      return mapExportRequest(request);
    } catch (error) {
      if (error instanceof OtlpShapeError)
        throw new DomainError(
          'bad_request',
          `The body is not an OTLP ExportMetricsServiceRequest: ${error.message}`,
        );
      throw error;
    }
  }
}
