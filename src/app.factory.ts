import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type AppOptions } from './app.module';
import { inflateRequestBodies } from './common/http/decompress';
import { limitBodyDepth } from './common/http/depth';
import { createLogger, logRequests, PinoNestLogger } from './common/logging';
import { YAML_TYPES } from './contracts/contract.dto';
import { setupOpenApi } from './openapi';

/** 2 MiB: the largest body any endpoint accepts (api.md limits for ingest). */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** Builds the whole application, not yet listening; `main.ts` and the e2e tests share it. */
export async function createApp(options: AppOptions): Promise<NestFastifyApplication> {
  const log = createLogger(options.config.logLevel);
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true });
  logRequests(adapter.getInstance(), log);
  inflateRequestBodies(adapter.getInstance(), BODY_LIMIT_BYTES);
  limitBodyDepth(adapter.getInstance());
  // Contract documents may be YAML; the service parses them so errors can name lines and fields.
  adapter
    .getInstance()
    .addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: new PinoNestLogger(log),
  });
  setupOpenApi(app);
  await app.init();
  return app;
}
