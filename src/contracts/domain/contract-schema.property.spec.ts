import fc from 'fast-check';
import { conformsToSchema, readContract, validateContract } from './contract-validator';
import { expectSame, mutatedDoc, SCALE, TIMEOUT, validVariant } from './contract-arbitraries.spec-helpers';

// docs/contract.schema.json and the hand-written reader on generated documents
// (contract-arbitraries.spec-helpers.ts): 4 000 mutated documents and 1 000 valid variants.

const MUTATED_RUNS = 4_000 * SCALE;
const VARIANT_RUNS = 1_000 * SCALE;

/**
 * "Structural" errors, precisely: the reader's messages about a document's shape alone — an unknown or
 * missing field, a value of the wrong JSON type, a value outside an enumeration, a list too long or too
 * short, a blank text, a number outside a fixed range, and a text not matching a fixed pattern
 * (slug, metric name, word, currency, e-mail). Everything else (dates that do not exist, ranges out of
 * order, targets a percentage cannot meet, unknown time zones or calendars, duplicate keys, cron field
 * values, the maintenance density, the size limit, text PostgreSQL cannot store, and text lengths, which
 * the reader counts in UTF-16 code units and JSON Schema in code points) is semantic: the schema
 * may accept a document the reader refuses for those.
 */
const STRUCTURAL = [
  /^is not a known field$/,
  /^is required$/,
  /^must be an object$/,
  /^must be an object with a kind$/,
  /^must be a list$/,
  /^must be a string$/,
  /^must be a number$/,
  /^must be a whole number$/,
  /^must be true or false$/,
  /^must be one of (?!.*rolling)[^(]*$/,
  /^must have at (most|least) \d+ items?$/,
  /^must not be empty$/,
  /^must be (at least|at most) -?[\d.e+]+$/,
  /^must be a slug: /,
  /^must be a metric name: /,
  /^must be one word: /,
  /^must be an ISO 4217 code/,
  /^must be an email address$/,
  /^must look like ">= 99.9%" or "<= 300", or be \{op, target\}$/,
  /^has unknown fields: /,
  /^op must be one of /,
  /^target must be a number$/,
];
const isStructural = (message: string) => STRUCTURAL.some((re) => re.test(message));

/**
 * The agreement, for one document: the reader accepts it ⇒ the schema accepts it (so every document the
 * schema refuses, the reader refuses too), and the reader reports a structural error ⇒ the schema refuses
 * it. The validator's own answer is the reader's (the schema never has to step in).
 */
function expectSchemaAgrees(doc: unknown): void {
  const read = readContract(doc);
  const conforms = conformsToSchema(doc);
  if (read.ok && !conforms) throw new Error('the reader accepts a document the schema refuses');
  const structural = read.ok ? [] : read.errors.filter((e) => isStructural(e.message));
  if (structural.length > 0 && conforms) {
    throw new Error(`the schema accepts a document with structural errors: ${JSON.stringify(structural)}`);
  }
  expectSame(validateContract(doc), read);
}

describe('docs/contract.schema.json agrees with the validator on generated documents', () => {
  it(
    'for mutated documents',
    () => {
      fc.assert(fc.property(mutatedDoc, expectSchemaAgrees), { numRuns: MUTATED_RUNS });
    },
    TIMEOUT,
  );

  it(
    'for valid variants of the example (all schema-valid)',
    () => {
      fc.assert(
        fc.property(validVariant, ({ doc, reordered }) => {
          expect(conformsToSchema(doc)).toBe(true);
          expectSchemaAgrees(doc);
          expectSchemaAgrees(reordered);
        }),
        { numRuns: VARIANT_RUNS },
      );
    },
    TIMEOUT,
  );
});
