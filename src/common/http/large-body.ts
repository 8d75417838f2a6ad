import type { FastifyRequest } from 'fastify';

/** Bodies larger than this are walked on a later turn of the event loop. */
const LARGE_BODY_BYTES = 64 * 1024;

/**
 * Runs `work` now for small bodies, on the next turn of the event loop for large ones: a 2 MiB
 * document costs tens of milliseconds per walk (parse, key check, text check, depth check), and
 * running them back to back would hold every other request for their sum.
 */
export function afterLargeBody(request: FastifyRequest, work: () => void): void {
  const length = Number(request.headers['content-length'] ?? 0);
  if (length > LARGE_BODY_BYTES) setImmediate(work);
  else work();
}
