import type { FastifyInstance } from 'fastify';

// Only JSON bodies are read, and YAML where a route takes documents: any other body (text/plain, a
// form, CSV) is answered 415 before it is parsed, instead of reaching a handler as a string.

export interface BodyTypes {
  /** Media types parsed as text and handed to the handler as is. */
  yamlTypes: string[];
  /** `METHOD /route` (as registered) that accept those types. */
  yamlRoutes: string[];
}

function unsupported(): Error {
  return Object.assign(new Error('Unsupported Content-Type'), {
    statusCode: 415,
    code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  });
}

export function acceptJsonAndYaml(fastify: FastifyInstance, types: BodyTypes): void {
  // Fastify parses text/plain by default; nothing here takes it.
  fastify.removeContentTypeParser('text/plain');
  const yamlRoutes = new Set(types.yamlRoutes);
  fastify.addContentTypeParser(types.yamlTypes, { parseAs: 'string' }, (request, body, done) => {
    if (yamlRoutes.has(`${request.method} ${request.routeOptions.url ?? ''}`)) done(null, body);
    else done(unsupported(), undefined);
  });
}

/**
 * `application/x-protobuf` bodies (Prometheus remote-write, OTLP) reach `routes` as a Buffer; any
 * other route answers them 415 like every other type it does not take.
 */
export function acceptProtobuf(fastify: FastifyInstance, routes: string[]): void {
  const accepted = new Set(routes);
  fastify.addContentTypeParser('application/x-protobuf', { parseAs: 'buffer' }, (request, body, done) => {
    if (accepted.has(`${request.method} ${request.routeOptions.url ?? ''}`)) done(null, body);
    else done(unsupported(), undefined);
  });
}
