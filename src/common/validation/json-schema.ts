import Ajv, { type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { DomainError, type FieldError } from '../errors/domain-error';
import { INSTANT_MESSAGE, isStorableInstant } from './instant';

const ajv = new Ajv({ allErrors: true, strict: true, coerceTypes: false, useDefaults: false });
addFormats(ajv, ['email', 'date', 'uri']);
// `date-time` is the API's instant: an explicit offset and a year PostgreSQL can store.
ajv.addFormat('date-time', { type: 'string', validate: isStorableInstant });

/** `/contacts/0` + missing `name` → `contacts[0].name` (the path style of every 4xx we send). */
export function toFieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.reduce((path, part) => {
    if (/^\d+$/.test(part)) return `${path}[${part}]`;
    return path === '' ? part : `${path}.${part}`;
  }, '');
}

function describe(error: ErrorObject): FieldError {
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return { path: toFieldPath(error.instancePath, missing), message: 'is required' };
    }
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      return { path: toFieldPath(error.instancePath, extra), message: 'is not a known field' };
    }
    case 'format':
      if ((error.params as { format: string }).format === 'date-time')
        return { path: toFieldPath(error.instancePath), message: INSTANT_MESSAGE };
      return { path: toFieldPath(error.instancePath) || '(body)', message: error.message ?? 'is invalid' };
    default:
      return { path: toFieldPath(error.instancePath) || '(body)', message: error.message ?? 'is invalid' };
  }
}

export interface Validator<T> {
  (input: unknown): T;
  schema: object;
}

/**
 * Compiles a schema once. The returned function throws `400` when the body is not even an object
 * (wrong shape) and `422` with one entry per problem otherwise; `shapeOnly` schemas (an envelope whose
 * items are checked one by one later) answer every failure with `400`.
 */
export function compileValidator<T>(
  schema: JSONSchemaType<T> | object,
  options: { shapeOnly?: boolean } = {},
): Validator<T> {
  const validate: ValidateFunction<T> = ajv.compile<T>(schema);
  const fn = (input: unknown): T => {
    if (validate(input)) return input;
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw new DomainError('bad_request', 'The request body must be a JSON object', [
        { path: '(body)', message: 'must be an object' },
      ]);
    }
    const seen = new Set<string>();
    const errors = (validate.errors ?? []).map(describe).filter((e) => {
      const id = `${e.path}\u0000${e.message}`;
      return seen.has(id) ? false : (seen.add(id), true);
    });
    if (options.shapeOnly)
      throw new DomainError('bad_request', 'The request body has the wrong shape', errors);
    throw DomainError.validation(errors);
  };
  return Object.assign(fn, { schema });
}

/** A request body: an object with these fields and no others (every body refuses unknown fields). */
export function bodySchema(properties: Record<string, object>, required?: string[]) {
  return { type: 'object', additionalProperties: false, ...(required ? { required } : {}), properties };
}

/** Text of 1 to `maxLength` characters, not all white space. */
export function nonBlank(maxLength: number) {
  return { type: 'string', minLength: 1, maxLength, pattern: '\\S' };
}
