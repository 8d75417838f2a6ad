import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentPrincipal } from '../../access/access.decorators';
import type { Principal } from '../../access/domain/roles';
import { IngestMetrics } from '../ingest.metrics';
import { encodingOf, JSON_TYPE, OtlpCodec, PROTOBUF_TYPE } from './otlp-codec';
import { OtlpService } from './otlp.service';

/**
 * OTLP/HTTP metrics receiver on the protocol's standard path, outside /api/v1, so a collector's
 * `otlphttp` exporter needs only the service's address and a vendor token (docs/ingest-otlp.md).
 * Its errors are answered as google.rpc.Status by answerOtlpErrorsAsStatus (otlp-errors.ts).
 */
@ApiTags('ingest')
@ApiBearerAuth()
@Controller('v1')
export class OtlpController {
  constructor(
    private readonly otlp: OtlpService,
    private readonly codec: OtlpCodec,
    private readonly metrics: IngestMetrics,
  ) {}

  @Post('metrics')
  @HttpCode(200)
  @Allow('vendor')
  @ApiOperation({
    summary:
      'OTLP/HTTP metrics export (vendor token): ExportMetricsServiceRequest in, ExportMetricsServiceResponse out',
  })
  @ApiConsumes(PROTOBUF_TYPE, JSON_TYPE)
  @ApiProduces(PROTOBUF_TYPE, JSON_TYPE)
  async export(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    const end = this.metrics.duration.startTimer({ endpoint: 'otlp_metrics' });
    try {
      const encoding = encodingOf(contentType);
      const partial = await this.otlp.export(principal, this.codec.readRequest(body, encoding));
      void reply.header('Content-Type', encoding === 'protobuf' ? PROTOBUF_TYPE : JSON_TYPE);
      return this.codec.writeResponse(partial, encoding);
    } finally {
      end();
    }
  }
}
