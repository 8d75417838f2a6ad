import { atTheLimit, size } from '../../../test/support/largest-contract';
import { validateContract } from './contract-validator';
import { MAX_DOCUMENT_CHARS } from './document-limits';
import { MAX_OBJECTIVES } from './spec-parts';

// The validator on the largest document it accepts: every list at its longest, every string at its
// longest, and as many deadline objectives (32 where pairs each) as fit in the size limit. Applying a
// contract must stay cheap however the author fills it in.

const NOW = Date.parse('2027-02-01T00:00:00Z');
const BUDGET_MS = 200;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('the largest contract the validator accepts', () => {
  const { doc, deadlines, each } = atTheLimit();

  it('is accepted, and one more deadline objective would not fit', () => {
    const result = validateContract(doc, doc.metadata.key, { now: NOW });
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
    expect(result.spec.objectives).toHaveLength(MAX_OBJECTIVES);
    expect(deadlines).toBeGreaterThan(0);
    expect(size(doc)).toBeLessThanOrEqual(MAX_DOCUMENT_CHARS);
    expect(size(doc) + each).toBeGreaterThan(MAX_DOCUMENT_CHARS);
  });

  it(`validates in at most ${BUDGET_MS} ms (median of 5 runs)`, () => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const result = validateContract(doc, doc.metadata.key, { now: NOW });
      runs.push(performance.now() - started);
      expect(result.ok).toBe(true);
    }
    process.stdout.write(
      `largest contract: ${size(doc)} characters, ${deadlines} deadline objectives, validated in ${runs.map((r) => r.toFixed(0)).join(', ')} ms\n`,
    );
    expect(median(runs)).toBeLessThanOrEqual(BUDGET_MS);
  });
});
