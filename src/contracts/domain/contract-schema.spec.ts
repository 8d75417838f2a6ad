import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { CONTRACT_SCHEMA } from './contract-schema';
import { conformsToSchema, validateContract } from './contract-validator';

// docs/contract.schema.json is CONTRACT_SCHEMA written out (UPDATE_SCHEMA=1 rewrites it, then run
// `npx prettier --write docs/contract.schema.json`); the agreement
// with the validator on generated documents is in contract-validator.property.spec.ts.

const ROOT = resolve(__dirname, '../../..');
const PUBLISHED = resolve(ROOT, 'docs/contract.schema.json');
const EXAMPLE_PATH = resolve(ROOT, 'docs/examples/contract.yaml');

const schemaText = () => `${JSON.stringify(CONTRACT_SCHEMA, null, 2)}\n`;

describe('the contract JSON Schema', () => {
  it('is published as docs/contract.schema.json', () => {
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(PUBLISHED, schemaText());
    expect(JSON.parse(readFileSync(PUBLISHED, 'utf8'))).toEqual(JSON.parse(schemaText()));
  });

  it('is named by the example, relative to docs/examples/, for editors', () => {
    const text = readFileSync(EXAMPLE_PATH, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../contract.schema.json');
    expect(resolve(ROOT, 'docs/examples', '../contract.schema.json')).toBe(PUBLISHED);
  });

  it('accepts the example, which the validator accepts', () => {
    const doc: unknown = parse(readFileSync(EXAMPLE_PATH, 'utf8'));
    expect(conformsToSchema(doc)).toBe(true);
    expect(validateContract(doc).ok).toBe(true);
  });

  it.each([
    ['a field the reader does not know', (d: any) => (d.spec.colour = 'red')],
    ['a missing required field', (d: any) => delete d.spec.vendor],
    ['null for a required field', (d: any) => (d.metadata.title = null)],
    ['a wrong type', (d: any) => (d.spec.creditCap = '20')],
    ['a value outside an enumeration', (d: any) => (d.spec.objectives[0].severity = 'high')],
    [
      'a list too long',
      (d: any) => (d.spec.owners = Array.from({ length: 51 }, (_, i) => `a${i}@b.example`)),
    ],
    ['a blank title', (d: any) => (d.metadata.title = '  ')],
    ['a bad slug', (d: any) => (d.metadata.key = 'Acme')],
    ['no objective nor deliverable', (d: any) => ((d.spec.objectives = []), (d.spec.deliverables = []))],
    ['a ratio with both good and bad', (d: any) => (d.spec.objectives[0].indicator.bad = 'x')],
    ['fees given as null', (d: any) => (d.spec.fees = null)],
  ])('refuses %s, as the validator does', (_, change) => {
    const doc: any = parse(readFileSync(EXAMPLE_PATH, 'utf8'));
    change(doc);
    expect(conformsToSchema(doc)).toBe(false);
    expect(validateContract(doc).ok).toBe(false);
  });

  it('accepts null for optional scalars, which the validator reads as absent', () => {
    const doc: any = parse(readFileSync(EXAMPLE_PATH, 'utf8'));
    Object.assign(doc.spec, { weekStart: null, creditCap: null, closeAfter: null, notifyVendor: null });
    Object.assign(doc.spec.objectives[0], { title: null, severity: null, warnAt: null, minEvents: null });
    expect(conformsToSchema(doc)).toBe(true);
    expect(validateContract(doc).ok).toBe(true);
  });
});
