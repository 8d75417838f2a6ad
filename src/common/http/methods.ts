import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { sendProblem } from '../errors/problem.filter';

// A known path asked with a method it does not serve is a 405 listing the methods it does (RFC 9110
// section 15.5.6), not a 404 that would send the client looking for a path that exists.

export interface RoutePattern {
  method: string;
  /** As registered: `/api/v1/vendors/:key`. */
  url: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One matcher per route: `:param` matches one non-empty path segment. */
export function compileRoutes(routes: RoutePattern[]): Array<{ method: string; pattern: RegExp }> {
  return routes.map((r) => ({
    method: r.method,
    pattern: new RegExp(
      `^${r.url
        .split('/')
        .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : escape(part)))
        .join('/')}/?$`,
    ),
  }));
}

/** The methods some route serves for this path (without the query), sorted; empty when none does. */
export function allowedMethods(routes: Array<{ method: string; pattern: RegExp }>, path: string): string[] {
  const methods = new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
  return [...methods].sort();
}

export function answerWrongMethods(fastify: FastifyInstance): void {
  const registered: RoutePattern[] = [];
  let compiled: Array<{ method: string; pattern: RegExp }> | undefined;
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) registered.push({ method, url: route.url });
    compiled = undefined;
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    compiled ??= compileRoutes(registered.filter((r) => r.url !== '*' && !r.url.endsWith('/*')));
    const allow = allowedMethods(compiled, request.url.split('?')[0]);
    if (allow.length === 0) return done();
    void reply.header('Allow', allow.join(', '));
    sendProblem(
      reply,
      new DomainError('method_not_allowed', `${request.method} is not served here; use ${allow.join(', ')}`),
    );
  });
}
