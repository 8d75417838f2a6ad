import { Transform, type Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

// `Content-Encoding: gzip` (or deflate) request bodies are inflated before parsing, and the limit
// counts decompressed bytes, so a small bomb cannot become a large body (2 MiB decompressed, docs/api.md).

function httpError(message: string, statusCode: number, code: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

/**
 * `snappyRoutes` (`METHOD /route` as registered) take `Content-Encoding: snappy` bodies as they come:
 * Prometheus remote-write compresses whole messages in snappy's block format, which the handler
 * decodes after reading the uncompressed length it declares.
 */
export function inflateRequestBodies(
  fastify: FastifyInstance,
  limitBytes: number,
  { snappyRoutes = [] }: { snappyRoutes?: string[] } = {},
): void {
  const snappy = new Set(snappyRoutes);
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding === 'identity') return payload;
    if (encoding === 'snappy' && snappy.has(`${request.method} ${request.routeOptions.url ?? ''}`))
      return payload;
    if (encoding !== 'gzip' && encoding !== 'deflate') {
      throw httpError(`Content-Encoding ${encoding} is not supported`, 415, 'SLA_UNSUPPORTED_ENCODING');
    }
    let inflated = 0;
    const limiter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        inflated += chunk.length;
        if (inflated > limitBytes)
          done(httpError('The decompressed body is too large', 413, 'FST_ERR_CTP_BODY_TOO_LARGE'));
        else done(null, chunk);
      },
    });
    const inflate = encoding === 'gzip' ? createGunzip() : createInflate();
    const out = limiter as Transform & { receivedEncodedLength?: number };
    let encoded = 0;
    // Fastify checks Content-Length against the bytes that came over the wire, not the inflated ones.
    (payload as Readable).on('data', (chunk: Buffer) => {
      encoded += chunk.length;
      out.receivedEncodedLength = encoded;
    });
    inflate.on('error', (error) => {
      limiter.destroy(
        httpError(`The body is not valid ${encoding}: ${error.message}`, 400, 'FST_ERR_CTP_INVALID_ENCODING'),
      );
    });
    (payload as Readable).pipe(inflate).pipe(limiter);
    return out;
  });
}
