import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Doc, EXAMPLE_YAML, example } from './contract-fixtures.spec-helpers';
import { CONTRACT_SCHEMA } from './contract-schema';
import { conformsToSchema, validateContract } from './contract-validator';

// docs/contract.schema.json is CONTRACT_SCHEMA written out (UPDATE_SCHEMA=1 rewrites it, then run
// `npx prettier --write docs/contract.schema.json`); how it and the reader split the checks, on
// generated documents, is in contract-schema.property.spec.ts.

const ROOT = resolve(__dirname, '../../..');
const PUBLISHED = resolve(ROOT, 'docs/contract.schema.json');

const schemaText = () => `${JSON.stringify(CONTRACT_SCHEMA, null, 2)}\n`;

describe('the contract JSON Schema', () => {
  it('is published as docs/contract.schema.json', () => {
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(PUBLISHED, schemaText());
    expect(JSON.parse(readFileSync(PUBLISHED, 'utf8'))).toEqual(JSON.parse(schemaText()));
  });

  it('is named by the example, relative to docs/examples/, for editors', () => {
    expect(EXAMPLE_YAML.split('\n')[0]).toBe('# yaml-language-server: $schema=../contract.schema.json');
    expect(resolve(ROOT, 'docs/examples', '../contract.schema.json')).toBe(PUBLISHED);
  });

  it('accepts the example, which the validator accepts', () => {
    const doc = example();
    expect(conformsToSchema(doc)).toBe(true);
    expect(validateContract(doc).ok).toBe(true);
  });

  it.each([
    ['a field the reader does not know', (d: Doc) => (d.spec.colour = 'red')],
    ['a missing required field', (d: Doc) => delete d.spec.vendor],
    ['null for a required field', (d: Doc) => (d.metadata.title = null)],
    ['a wrong type', (d: Doc) => (d.spec.creditCap = '20')],
    ['a value outside an enumeration', (d: Doc) => (d.spec.objectives[0].severity = 'high')],
    [
      'a list too long',
      (d: Doc) => (d.spec.owners = Array.from({ length: 51 }, (_, i) => `a${i}@b.example`)),
    ],
    ['a blank title', (d: Doc) => (d.metadata.title = '  ')],
    ['a bad slug', (d: Doc) => (d.metadata.key = 'Acme')],
    ['no objective nor deliverable', (d: Doc) => ((d.spec.objectives = []), (d.spec.deliverables = []))],
    ['a ratio with both good and bad', (d: Doc) => (d.spec.objectives[0].indicator.bad = 'x')],
    ['fees given as null', (d: Doc) => (d.spec.fees = null)],
  ])('refuses %s, as the validator does', (_, change) => {
    const doc = example();
    change(doc);
    expect(conformsToSchema(doc)).toBe(false);
    expect(validateContract(doc).ok).toBe(false);
  });

  it('accepts null for optional scalars, which the validator reads as absent', () => {
    const doc = example();
    Object.assign(doc.spec, { weekStart: null, creditCap: null, closeAfter: null, notifyVendor: null });
    Object.assign(doc.spec.objectives[0], { title: null, severity: null, warnAt: null, minEvents: null });
    expect(conformsToSchema(doc)).toBe(true);
    expect(validateContract(doc).ok).toBe(true);
  });
});
