import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { IngestModule } from '../ingest.module';
import { OtlpCodec } from './otlp-codec';
import { answerOtlpErrorsAsStatus } from './otlp-errors';
import { OtlpController } from './otlp.controller';
import { OtlpService } from './otlp.service';

/** POST /v1/metrics: OTLP/HTTP metrics into the samples pipeline of IngestModule. */
@Module({
  imports: [IngestModule],
  controllers: [OtlpController],
  providers: [OtlpCodec, OtlpService],
})
export class OtlpModule implements OnModuleInit {
  constructor(
    private readonly adapter: HttpAdapterHost,
    private readonly codec: OtlpCodec,
  ) {}

  onModuleInit(): void {
    answerOtlpErrorsAsStatus(this.adapter.httpAdapter.getInstance<FastifyInstance>(), this.codec);
  }
}
