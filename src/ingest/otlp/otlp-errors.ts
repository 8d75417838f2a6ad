import type { FastifyInstance } from 'fastify';
import type { Problem } from '../../common/errors/problem';
import { encodingOf, JSON_TYPE, type OtlpCodec, PROTOBUF_TYPE } from './otlp-codec';

/** The receiver's path (OtlpController), the OTLP standard one. */
export const OTLP_METRICS_PATH = '/v1/metrics';

const UNSUPPORTED_TYPE = `The Content-Type of the request is not supported here: send ${PROTOBUF_TYPE} or ${JSON_TYPE}`;

/**
 * Error answers of POST /v1/metrics as OTLP/HTTP wants them: a google.rpc.Status in the request's
 * encoding instead of problem+json, which collectors cannot read. Every error of the route is
 * first a problem (from the handler, the auth guard or Fastify's body parsing, with the status and
 * Retry-After the service's classification gives: 429 rate limit, 503 database unavailable, both
 * retried by OTLP senders), so one hook on the way out covers them all.
 */
export function answerOtlpErrorsAsStatus(fastify: FastifyInstance, codec: OtlpCodec): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const problem =
      reply.statusCode >= 400 &&
      request.method === 'POST' &&
      request.routeOptions.url === OTLP_METRICS_PATH &&
      typeof payload === 'string' &&
      String(reply.getHeader('content-type')).startsWith('application/problem+json');
    if (!problem) return done(null, payload);
    const parsed = JSON.parse(payload) as Problem;
    const { errors } = parsed;
    // The service-wide 415 text names the JSON API's types; this route takes two others as well.
    const detail =
      reply.statusCode === 415 && /Content-Type/.test(parsed.detail) ? UNSUPPORTED_TYPE : parsed.detail;
    const fields = (errors ?? []).map((e) => `${e.path}: ${e.message}`);
    const message = fields.length > 0 ? `${detail}: ${fields.join('; ')}` : detail;
    // OTLP names 400 for data that cannot be used (a field the text check refused is a 422 elsewhere).
    if (reply.statusCode === 422) void reply.code(400);
    const encoding = encodingOf(request.headers['content-type']);
    void reply.header('Content-Type', encoding === 'protobuf' ? PROTOBUF_TYPE : JSON_TYPE);
    done(null, codec.writeStatus(reply.statusCode, message, encoding));
  });
}
