import { applyDecorators, Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal } from '../access/access.decorators';
import type { Principal } from '../access/domain/roles';
import type { Validator } from '../common/validation/json-schema';
import { type EventsAnswer, EventsService } from './events.service';
import { IngestMetrics } from './ingest.metrics';
import { validateEventsEnvelope, validateSamplesEnvelope } from './ingest.dto';
import { type IngestAnswer, SamplesService } from './samples.service';

/** A vendor push: answered 200 (after the commit), vendor tokens only, an optional Idempotency-Key. */
const Push = (path: string, summary: string, envelope: Validator<unknown>) =>
  applyDecorators(
    Post(path),
    HttpCode(200),
    Allow('vendor'),
    ApiOperation({ summary }),
    ApiBody({ schema: envelope.schema }),
    ApiHeader({ name: 'Idempotency-Key', required: false }),
  );

@ApiTags('ingest')
@ApiBearerAuth()
@Controller('api/v1')
export class IngestController {
  constructor(
    private readonly samples: SamplesService,
    private readonly events: EventsService,
    private readonly metrics: IngestMetrics,
  ) {}

  @Push(
    'samples',
    'Push metric samples (vendor token); answered after the accepted ones are committed',
    validateSamplesEnvelope,
  )
  pushSamples(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<IngestAnswer> {
    return this.timed('samples', () => this.samples.ingest(principal, validateSamplesEnvelope(body), key));
  }

  @Push('events', 'Push work-item events (vendor token)', validateEventsEnvelope)
  pushEvents(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<EventsAnswer> {
    return this.timed('events', () => this.events.ingest(principal, validateEventsEnvelope(body), key));
  }

  /** `sla_ingest_request_duration_seconds{endpoint}`, rejected requests included. */
  private async timed<T>(endpoint: 'samples' | 'events', handle: () => Promise<T>): Promise<T> {
    const end = this.metrics.duration.startTimer({ endpoint });
    try {
      return await handle();
    } finally {
      end();
    }
  }
}
