import fc from 'fast-check';
import { expectSame, mutatedDoc, SCALE, TIMEOUT, validVariant } from './contract-arbitraries.spec-helpers';
import { conformsToSchema, readContract, validateContract } from './contract-validator';
import { inspectDocument } from './document-limits';
import { Problems } from './reader';
import { schemaProblems, UNWORDED } from './schema-problems';

// The split between docs/contract.schema.json (the shape) and the hand-written reader (the rules the
// schema cannot say), on generated documents (contract-arbitraries.spec-helpers.ts): 4 000 mutated
// documents and 1 000 valid variants.

const MUTATED_RUNS = 4_000 * SCALE;
const VARIANT_RUNS = 1_000 * SCALE;

/** Is `path` inside `outer` (and not `outer` itself)? */
const inside = (path: string, outer: string) =>
  outer === '' ? path !== '' : path.startsWith(`${outer}.`) || path.startsWith(`${outer}[`);

/**
 * For one document:
 * - the schema refuses it ⇒ the validator refuses it, every schema problem is worded as the API words
 *   it, and the reader says nothing inside a value the schema refused (it does not read it: a list
 *   too long is not read item by item);
 * - the schema accepts it ⇒ the reader finds no shape to refuse and answers what the validator
 *   answers (the validator's invariants are in contract-validator.property.spec.ts);
 * - the reader alone reads any document without throwing (it runs after the schema, on what is left).
 */
function expectSplitHolds(doc: unknown): void {
  const alone = readContract(doc);
  const limits = new Problems();
  if (inspectDocument(doc, limits) === undefined) return;
  const schema = new Problems();
  const refused = schemaProblems(doc, schema);
  const result = validateContract(doc);
  if (conformsToSchema(doc)) {
    expect(schema.empty).toBe(true);
    if (limits.empty) expectSame(result, alone);
    return;
  }
  if (result.ok) throw new Error('the validator accepts a document the schema refuses');
  expect(schema.empty).toBe(false);
  const unworded = schema.list.filter((e) => e.message.startsWith(UNWORDED));
  if (unworded.length > 0) throw new Error(`schema problems not worded: ${JSON.stringify(unworded)}`);
  const said = new Set([...limits.list, ...schema.list].map((e) => `${e.path}\u0000${e.message}`));
  const readerOnly = result.errors.filter(
    (e) => !said.has(`${e.path}\u0000${e.message}`) && !e.message.endsWith('not listed'),
  );
  const readAgain = readerOnly.filter((e) =>
    [...refused].some((path) => inside(e.path === '(document)' ? '' : e.path, path)),
  );
  if (readAgain.length > 0) throw new Error(`the reader read refused values: ${JSON.stringify(readAgain)}`);
}

describe('docs/contract.schema.json checks the shape, the reader the rest, on generated documents', () => {
  it(
    'for mutated documents',
    () => {
      fc.assert(fc.property(mutatedDoc, expectSplitHolds), { numRuns: MUTATED_RUNS });
    },
    TIMEOUT,
  );

  it(
    'for valid variants of the example (all schema-valid)',
    () => {
      fc.assert(
        fc.property(validVariant, ({ doc, reordered }) => {
          expect(conformsToSchema(doc)).toBe(true);
          expectSplitHolds(doc);
          expectSplitHolds(reordered);
        }),
        { numRuns: VARIANT_RUNS },
      );
    },
    TIMEOUT,
  );
});
