import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type AppOptions } from './app.module';
import { createLogger, logRequests, PinoNestLogger } from './common/logging';
import { setupOpenApi } from './openapi';

/** 2 MiB: the largest body any endpoint accepts (api.md limits for ingest). */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** Builds the whole application, not yet listening; `main.ts` and the e2e tests share it. */
export async function createApp(options: AppOptions): Promise<NestFastifyApplication> {
  const log = createLogger(options.config.logLevel);
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true });
  logRequests(adapter.getInstance(), log);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: new PinoNestLogger(log),
  });
  setupOpenApi(app);
  await app.init();
  return app;
}
