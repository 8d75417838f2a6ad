import type { FastifyInstance } from 'fastify';
import { DomainError } from '../common/errors/domain-error';
import { afterLargeBody } from '../common/http/large-body';
import { checkJsonKeys } from './domain/document';

// A contract sent as JSON with a key given twice (`{"vendor":"a","vendor":"b"}`) would be applied as
// whatever JSON.parse kept, not as the text a reviewer read. Only the raw text shows the duplicate, so
// the check runs in the JSON parser, for the routes that take contract documents; every other route
// gets Fastify's own parser unchanged.

export function refuseDuplicateJsonKeys(fastify: FastifyInstance, routes: string[]): void {
  const documentRoutes = new Set(routes);
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig as {
    onProtoPoisoning?: 'error' | 'remove' | 'ignore';
    onConstructorPoisoning?: 'error' | 'remove' | 'ignore';
  };
  const parse = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (!documentRoutes.has(`${request.method} ${request.routeOptions.url ?? ''}`)) {
      void parse(request, body as string, done);
      return;
    }
    void parse(request, body as string, (error, parsed) => {
      if (error) return done(error, undefined);
      afterLargeBody(request, () => {
        const duplicates = checkJsonKeys(body as string);
        if (duplicates && !duplicates.ok)
          return done(DomainError.validation(duplicates.errors ?? [], duplicates.message), undefined);
        done(null, parsed);
      });
    });
  });
}
