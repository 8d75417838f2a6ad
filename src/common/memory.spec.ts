import { releaseUnusedHeap } from './memory';

describe('releaseUnusedHeap', () => {
  it('leaves a heap that did not grow alone, and collects one that grew by more than 64 MB', () => {
    const start = process.memoryUsage().heapTotal;
    expect(releaseUnusedHeap(start)).toBe(false);
    // Grow the heap with garbage: the next call collects it.
    let junk: number[][] | undefined = Array.from({ length: 400 }, () =>
      Array.from({ length: 50_000 }, (_, i) => i),
    );
    expect(process.memoryUsage().heapTotal - start).toBeGreaterThan(64 * 1024 * 1024);
    junk = undefined;
    expect(junk).toBeUndefined();
    const before = process.memoryUsage().heapUsed;
    expect(releaseUnusedHeap(start)).toBe(true);
    expect(process.memoryUsage().heapUsed).toBeLessThan(before);
  });
});
