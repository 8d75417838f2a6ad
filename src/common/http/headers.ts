import type { FastifyInstance } from 'fastify';

// Headers every answer carries. `nosniff`: a browser never runs a JSON or text answer as a script or
// page. `no-store` on the API: its answers are per token and some carry new tokens, which no cache
// (browser, proxy) may keep.
export function secureHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('X-Content-Type-Options', 'nosniff');
    if (request.url.startsWith('/api/') && !reply.hasHeader('Cache-Control'))
      void reply.header('Cache-Control', 'no-store');
    done(null, payload);
  });
}
