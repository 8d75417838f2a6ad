import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal } from '../access/access.decorators';
import type { Principal } from '../access/domain/roles';
import { type EventsAnswer, EventsService } from './events.service';
import { IngestMetrics } from './ingest.metrics';
import { validateEventsEnvelope, validateSamplesEnvelope } from './ingest.dto';
import { type IngestAnswer, SamplesService } from './samples.service';

@ApiTags('ingest')
@ApiBearerAuth()
@Controller('api/v1')
export class IngestController {
  constructor(
    private readonly samples: SamplesService,
    private readonly events: EventsService,
    private readonly metrics: IngestMetrics,
  ) {}

  @Post('samples')
  @HttpCode(200)
  @Allow('vendor')
  @ApiOperation({
    summary: 'Push metric samples (vendor token); answered after the accepted ones are committed',
  })
  @ApiBody({ schema: validateSamplesEnvelope.schema })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async pushSamples(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<IngestAnswer> {
    const end = this.metrics.duration.startTimer({ endpoint: 'samples' });
    try {
      return await this.samples.ingest(principal, validateSamplesEnvelope(body), key);
    } finally {
      end();
    }
  }

  @Post('events')
  @HttpCode(200)
  @Allow('vendor')
  @ApiOperation({ summary: 'Push work-item events (vendor token)' })
  @ApiBody({ schema: validateEventsEnvelope.schema })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async pushEvents(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<EventsAnswer> {
    const end = this.metrics.duration.startTimer({ endpoint: 'events' });
    try {
      return await this.events.ingest(principal, validateEventsEnvelope(body), key);
    } finally {
      end();
    }
  }
}
