import fc from 'fast-check';
import { canonicalJson, documentHash, parseDocument, toYaml } from './document';
import {
  expectSame,
  mutatedDoc,
  random,
  reorderKeys,
  SCALE,
  TIMEOUT,
  validVariant,
} from './contract-arbitraries.spec-helpers';
import { EXAMPLE } from './contract-fixtures.spec-helpers';

// Contract documents through YAML, JSON and their canonical form, on generated documents
// (contract-arbitraries.spec-helpers.ts): 1 500 YAML round trips and 1 500 key orders.

const YAML_RUNS = 1_500 * SCALE;
const CANONICAL_RUNS = 1_500 * SCALE;

describe('document round trips', () => {
  it('reads back a string of only spaces and line breaks', () => {
    const doc = structuredClone(EXAMPLE);
    doc.metadata.title = ' \n';
    expect(parseDocument(toYaml(doc), 'yaml')).toEqual({ ok: true, doc });
  });

  it('reads back a first key that starts with U+FEFF (not taken for a byte-order mark)', () => {
    const doc = { '\ufeffapiVersion': 'sla-sentinel/v1' };
    expect(parseDocument(toYaml(doc), 'yaml')).toEqual({ ok: true, doc });
  });

  it(
    'reads back what toYaml writes, and YAML → JSON → YAML is stable',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            mutatedDoc,
            validVariant.map((v) => v.doc as unknown),
          ),
          (doc) => {
            const text = toYaml(doc);
            const read = parseDocument(text, 'yaml');
            if (!read.ok) throw new Error(`${read.message}\n${text}`);
            expectSame(read.doc, doc);
            expect(toYaml(read.doc)).toBe(text);
            const json = parseDocument(JSON.stringify(read.doc), 'json');
            if (!json.ok) throw new Error(json.message);
            expect(toYaml(json.doc)).toBe(text);
            expect(canonicalJson(json.doc)).toBe(canonicalJson(doc));
          },
        ),
        { numRuns: YAML_RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'gives the same canonical JSON and hash whatever the key order',
    () => {
      fc.assert(
        fc.property(mutatedDoc, fc.integer(), (doc, seed) => {
          const reordered = reorderKeys(doc, random(seed));
          expect(canonicalJson(reordered)).toBe(canonicalJson(doc));
          expect(documentHash(reordered)).toBe(documentHash(doc));
          expectSame(JSON.parse(canonicalJson(doc)), JSON.parse(JSON.stringify(doc)));
        }),
        { numRuns: CANONICAL_RUNS },
      );
    },
    TIMEOUT,
  );
});
