import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppOptions } from './app.module';
import { setupOpenApi } from './openapi';

/** 2 MiB: the largest body any endpoint accepts (api.md limits for ingest). */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** Builds the whole application, not yet listening; `main.ts` and the e2e tests share it. */
export async function createApp(options: AppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  setupOpenApi(app);
  await app.init();
  return app;
}
