import { afterLargeBody } from './large-body';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../errors/domain-error';
import { toFieldPath } from '../validation/json-schema';

// PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate has no UTF-8 form (the driver would
// store U+FFFD, so what is read back differs from what was accepted). Both are refused here, once,
// for every string of every parsed JSON body, path parameter and query parameter, before any handler.

const MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

/** Shown in an error path: the offending characters replaced, so the answer itself is clean text. */
function clean(text: string): string {
  return text.replaceAll('\u0000', '\ufffd').toWellFormed();
}

/** Stands in on the walk's stack for a key that is itself unstorable, so it is named in order. */
const BAD_KEY = Symbol('bad key');

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Every key and string value of a parsed JSON value that PostgreSQL cannot store, as field paths
 * (`contacts[1]`, `labels.region`), at most `max` of them. Walked without recursion, like the depth check.
 */
export function findUnstorableText(value: unknown, max = 20): string[] {
  const found: string[] = [];
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0 && found.length < max) {
    const [v, pointer] = stack.pop()!;
    if (v === BAD_KEY) {
      found.push(toFieldPath(pointer));
      continue;
    }
    if (typeof v === 'string') {
      if (!isStorableText(v)) found.push(toFieldPath(pointer) || '(body)');
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const entries = Object.entries(v as Record<string, unknown>);
    // Pushed in reverse so the paths come out in document order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const childPointer = `${pointer}/${escapePointer(clean(key))}`;
      stack.push([isStorableText(key) ? child : BAD_KEY, childPointer]);
    }
  }
  return found.slice(0, max);
}

function parameterErrors(values: unknown): FieldError[] {
  if (values === null || typeof values !== 'object') return [];
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
    // No parameter of this API is a list; a repeated one would reach a handler as an array.
    if (Array.isArray(value)) errors.push({ path: clean(name), message: 'must be given once' });
    else if (!isStorableText(name) || (typeof value === 'string' && !isStorableText(value)))
      errors.push({ path: clean(name), message: MESSAGE });
  }
  return errors;
}

export interface TextCheckOptions {
  /** Routes (as registered, `/api/v1/samples`) that check every element of their body themselves. */
  perElementBodies: string[];
}

export function refuseUnstorableText(fastify: FastifyInstance, options: TextCheckOptions): void {
  const perElement = new Set(options.perElementBodies);
  fastify.addHook('preValidation', (request: FastifyRequest, _reply, done) => {
    const parameters = [...parameterErrors(request.params), ...parameterErrors(request.query)];
    if (parameters.length > 0)
      return done(new DomainError('bad_request', 'The request is invalid', parameters));
    // Ingest answers a bad element in its list of rejected ones, so one sample never costs the batch;
    // a string body is a YAML document as sent, whose reader names lines and fields itself.
    // Protobuf bodies (Buffers) are checked point by point after decoding, like per-element JSON.
    const body: unknown = request.body;
    if (perElement.has(request.routeOptions.url ?? '') || typeof body === 'string' || Buffer.isBuffer(body))
      return done();
    afterLargeBody(request, () => {
      const paths = findUnstorableText(request.body);
      if (paths.length > 0)
        return done(DomainError.validation(paths.map((path) => ({ path, message: MESSAGE }))));
      done();
    });
  });
}
