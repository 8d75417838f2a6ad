import type { DomainError } from '../errors/domain-error';
import { compileValidator, toFieldPath } from './json-schema';

describe('toFieldPath', () => {
  it.each([
    ['', undefined, ''],
    ['', 'name', 'name'],
    ['/contacts/0', undefined, 'contacts[0]'],
    ['/spec/objectives/2/indicator', 'aggregate', 'spec.objectives[2].indicator.aggregate'],
    ['/labels/a~1b', undefined, 'labels.a/b'],
  ])('%p + %p → %p', (pointer, extra, path) => {
    expect(toFieldPath(pointer, extra)).toBe(path);
  });
});

describe('compileValidator', () => {
  const validate = compileValidator<{ n: number }>({
    type: 'object',
    additionalProperties: false,
    required: ['n'],
    properties: { n: { type: 'integer', minimum: 1 } },
  });

  const failure = (input: unknown): DomainError => {
    try {
      validate(input);
    } catch (e) {
      return e as DomainError;
    }
    throw new Error('expected a validation error');
  };

  it('returns valid input unchanged', () => {
    expect(validate({ n: 3 })).toEqual({ n: 3 });
  });

  it.each([null, 'text', 3, [1]])(
    'answers a body that is not an object (%p) as a 400 shape error',
    (input) => {
      expect(failure(input).code).toBe('bad_request');
    },
  );

  it('lists every problem of an object with its path (422)', () => {
    const error = failure({ n: 0, extra: true });
    expect(error.code).toBe('validation_failed');
    expect(error.errors).toEqual(
      expect.arrayContaining([
        { path: 'n', message: 'must be >= 1' },
        { path: 'extra', message: 'is not a known field' },
      ]),
    );
  });
});
