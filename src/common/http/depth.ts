import { afterLargeBody } from './large-body';
import type { FastifyInstance } from 'fastify';

/** Deeper than any document the API defines (contracts nest about 6 levels). */
export const MAX_BODY_DEPTH = 64;

/** How deep a parsed JSON value nests, counted without recursion (a deep value cannot blow the stack). */
export function exceedsDepth(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}

// A body nested thousands deep parses fine but overflows the stack of whatever walks it later
// (JSON.stringify for hashes and storage): refuse it before any handler runs, as a 400.
export function limitBodyDepth(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    // A Buffer (a protobuf body) is bytes, not a tree: its decoder bounds nesting itself.
    if (request.body === null || typeof request.body !== 'object' || Buffer.isBuffer(request.body))
      return done();
    afterLargeBody(request, () => {
      if (exceedsDepth(request.body, MAX_BODY_DEPTH)) {
        done(
          Object.assign(new Error('The request body nests too deeply'), {
            statusCode: 400,
            code: 'SLA_BODY_TOO_DEEP',
          }),
        );
        return;
      }
      done();
    });
  });
}
