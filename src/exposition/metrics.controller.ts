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
import { Readable } from 'node:stream';

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
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
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
    const gzip = /\bgzip\b/i.test(acceptEncoding ?? '');
    const body = await this.metrics.exposition(gzip);
    void reply.header('Content-Type', this.metrics.registry.contentType);
    void reply.header('Vary', 'Accept-Encoding');
    if (body.gzip) void reply.header('Content-Encoding', 'gzip');
    void reply.header('Content-Length', String(body.chunks.reduce((n, c) => n + c.length, 0)));
    // The chunks as they are: a large scrape is written, not first copied into one buffer.
    return Readable.from(body.chunks, { objectMode: false });
  }
}
