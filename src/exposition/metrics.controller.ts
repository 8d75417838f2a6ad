import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../access/access.decorators';
import { bearerToken, hashesEqual } from '../access/domain/tokens';
import { DomainError } from '../common/errors/domain-error';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { MetricsRegistry } from './metrics.registry';
import { createHash } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Prometheus exposition; open unless METRICS_TOKEN is set. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly expected?: Buffer;

  constructor(
    private readonly metrics: MetricsRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.expected = config.metricsToken === undefined ? undefined : digest(config.metricsToken);
  }

  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    if (this.expected) {
      const token = bearerToken(authorization);
      // Compare digests so the comparison is constant-time whatever the lengths.
      if (token === undefined || !hashesEqual(digest(token), this.expected)) {
        throw new DomainError(
          'unauthorized',
          'METRICS_TOKEN is set: scrape with Authorization: Bearer <token>',
        );
      }
    }
    void reply.header('Content-Type', this.metrics.registry.contentType);
    return this.metrics.exposition();
  }
}
