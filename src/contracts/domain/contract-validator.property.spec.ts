import fc from 'fast-check';
import { validateContract } from './contract-validator';
import type { ContractSpec } from './contract.types';
import { documentHash, canonicalJson } from './document';
import { endOfLocalDate, startOfLocalDate } from './time';
import { expectSame, mutatedDoc, SCALE, TIMEOUT, validVariant } from './contract-arbitraries.spec-helpers';

// Property tests for the contract validator on generated documents (contract-arbitraries.spec-helpers.ts):
// 8 000 mutated documents and 2 000 valid variants.

const MUTATED_RUNS = 8_000 * SCALE;
const VARIANT_RUNS = 2_000 * SCALE;

function expectWellFormedErrors(errors: Array<{ path: unknown; message: unknown }>): void {
  expect(errors.length).toBeGreaterThan(0);
  const seen = new Set<string>();
  for (const e of errors) {
    expect(typeof e.path).toBe('string');
    expect(typeof e.message).toBe('string');
    expect((e.path as string).length).toBeGreaterThan(0);
    expect((e.message as string).trim().length).toBeGreaterThan(0);
    const id = `${e.path as string}\u0000${e.message as string}`;
    expect(seen.has(id)).toBe(false);
    seen.add(id);
  }
}

/** What a valid document's normalized spec must always satisfy, whatever the document looked like. */
function expectSpecInvariants(doc: any, spec: ContractSpec): void {
  // Nothing valid is dropped on the way: every listed item is in the spec.
  expect(spec.objectives).toHaveLength(doc.spec.objectives?.length ?? 0);
  expect(spec.deliverables).toHaveLength(doc.spec.deliverables?.length ?? 0);
  expect(spec.maintenance).toHaveLength(doc.spec.maintenance?.length ?? 0);
  expect(Object.keys(spec.calendars).sort()).toEqual(Object.keys(doc.spec.calendars ?? {}).sort());
  expect(new Set(spec.objectives.map((o) => o.key)).size).toBe(spec.objectives.length);
  expect(new Set(spec.deliverables.map((d) => d.key)).size).toBe(spec.deliverables.length);
  for (const cal of Object.values(spec.calendars)) {
    cal.hours.forEach((h, i) => {
      expect(h.from).toBeGreaterThanOrEqual(0);
      expect(h.to).toBeLessThanOrEqual(1440);
      expect(h.to).toBeGreaterThan(h.from);
      if (i > 0) expect(h.from).toBeGreaterThanOrEqual(cal.hours[i - 1].to);
    });
  }
  for (const o of spec.objectives) {
    expect(Number.isFinite(o.objective.target)).toBe(true);
    if (o.indicator.kind !== 'threshold') {
      expect(o.objective.target).toBeGreaterThanOrEqual(0);
      expect(o.objective.target).toBeLessThanOrEqual(100);
    }
    if (o.serviceHours !== undefined) expect(Object.keys(spec.calendars)).toContain(o.serviceHours);
    o.credits.forEach((t, i) => i > 0 && expect(t.below).toBeLessThan(o.credits[i - 1].below));
  }
  const from = startOfLocalDate(spec.effective.from, spec.timezone).getTime();
  const to = spec.effective.to ? endOfLocalDate(spec.effective.to, spec.timezone).getTime() : Infinity;
  for (const d of spec.deliverables) {
    const due = Date.parse(d.due);
    expect(due).toBeGreaterThanOrEqual(from);
    expect(due).toBeLessThan(to);
  }
}

describe('validateContract on generated documents', () => {
  it(
    'never throws and answers either a spec or well-formed, distinct errors, for mutated documents',
    () => {
      fc.assert(
        fc.property(mutatedDoc, (doc: any) => {
          const before = canonicalJson(doc);
          const result = validateContract(doc);
          // Validation reads the document and never changes it.
          expect(canonicalJson(doc)).toBe(before);
          if (!result.ok) {
            expectWellFormedErrors(result.errors);
            return;
          }
          expectSpecInvariants(doc, result.spec);
          expect(documentHash(doc)).toBe(documentHash(structuredClone(doc)));
          expect(documentHash(doc)).toMatch(/^[0-9a-f]{64}$/);
          expectSame(validateContract(doc), result);
          // The URL key: the same key changes nothing, another one is reported on metadata.key.
          expectSame(validateContract(doc, result.spec.key), result);
          const other = validateContract(doc, `${result.spec.key}-x`);
          expect(other.ok).toBe(false);
          if (!other.ok) expect(other.errors.map((e) => e.path)).toEqual(['metadata.key']);
        }),
        { numRuns: MUTATED_RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'accepts valid variants of the example, with a stable hash and the same spec whatever the key order',
    () => {
      fc.assert(
        fc.property(validVariant, ({ doc, reordered }) => {
          const result = validateContract(doc);
          if (!result.ok) throw new Error(`expected a valid variant, got ${JSON.stringify(result.errors)}`);
          expectSpecInvariants(doc, result.spec);
          expect(result.spec.objectives.map((o) => o.key)).toEqual(
            doc.spec.objectives.map((o: any) => o.key),
          );
          expectSame(validateContract(doc), result);
          expectSame(validateContract(reordered), result);
          expect(documentHash(doc)).toBe(documentHash(doc));
          expect(documentHash(reordered)).toBe(documentHash(doc));
          // Server metadata does not count towards the document's identity.
          const bare = structuredClone(doc);
          for (const k of ['version', 'sha256', 'appliedAt']) delete bare.metadata[k];
          expect(documentHash(bare)).toBe(documentHash(doc));
        }),
        { numRuns: VARIANT_RUNS },
      );
    },
    TIMEOUT,
  );
});
