import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { AppModule, type AppOptions } from './app.module';
import { sendProblem } from './common/errors/problem.filter';
import { inflateRequestBodies } from './common/http/decompress';
import { limitBodyDepth } from './common/http/depth';
import { secureHeaders } from './common/http/headers';
import { acceptJsonAndYaml, acceptProtobuf } from './common/http/media-types';
import { answerWrongMethods } from './common/http/methods';
import { refuseUnstorableText } from './common/http/text';
import { createLogger, logRequests, PinoNestLogger } from './common/logging';
import type { AppConfig } from './config/config';
import { refuseDuplicateJsonKeys } from './contracts/contract-json';
import { YAML_TYPES } from './contracts/contract.dto';
import { setupOpenApi } from './openapi';

/** 2 MiB: the largest body any endpoint accepts (the ingest limit, docs/api.md). */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** The receivers of vendors' own pipelines: Prometheus remote-write and OTLP/HTTP metrics. */
export const REMOTE_WRITE_ROUTE = 'POST /api/v1/write';
export const OTLP_METRICS_ROUTE = 'POST /v1/metrics';

/** Fastify trusts a hop count at run time, but its types want the function it would build. */
function trustProxyOption(setting: AppConfig['trustProxy']) {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting;
}

/** Builds the whole application, not yet listening; `main.ts` and the e2e tests share it. */
export async function createApp(
  options: AppOptions,
  /** Where log lines go (default stdout); tests read what the service saw. */
  extras: { logDestination?: DestinationStream } = {},
): Promise<NestFastifyApplication> {
  const { config } = options;
  const log = createLogger(config.logLevel, extras.logDestination);
  const timeout = config.requestTimeoutMs;
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // Off by default: otherwise any client could name its own address in X-Forwarded-For.
    trustProxy: trustProxyOption(config.trustProxy),
    // Errors of Fastify's router (a path that is not UTF-8, a 100+ character parameter) are problems
    // like any other, not Fastify's own JSON echoing the path.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(reply, error),
    // A client that stalls in its headers or body is answered 408 and cut off after `timeout`;
    // Node checks every connection at most once a second (its default is every 30 s).
    requestTimeout: timeout,
    http: {
      headersTimeout: timeout,
      requestTimeout: timeout,
      connectionsCheckingInterval: Math.min(1000, timeout / 2),
    },
  });
  const fastify = adapter.getInstance();
  logRequests(fastify, log);
  secureHeaders(fastify);
  answerWrongMethods(fastify);
  inflateRequestBodies(fastify, BODY_LIMIT_BYTES, { snappyRoutes: [REMOTE_WRITE_ROUTE] });
  // Contract documents may be YAML; the service parses them so errors can name lines and fields.
  acceptJsonAndYaml(fastify, { yamlTypes: YAML_TYPES, yamlRoutes: ['PUT /api/v1/contracts/:key'] });
  acceptProtobuf(fastify, [REMOTE_WRITE_ROUTE, OTLP_METRICS_ROUTE]);
  refuseDuplicateJsonKeys(fastify, ['PUT /api/v1/contracts/:key']);
  limitBodyDepth(fastify);
  refuseUnstorableText(fastify, { perElementBodies: ['/api/v1/samples', '/api/v1/events'] });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: new PinoNestLogger(log),
    // Fastify's own JSON parser is the only one: Nest would add a form parser.
    bodyParser: false,
  });
  setupOpenApi(app);
  await app.init();
  return app;
}
