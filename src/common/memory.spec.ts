import { releaseUnusedHeap } from './memory';

describe('releaseUnusedHeap', () => {
  it('leaves a small heap alone and collects a large one', () => {
    const small = process.memoryUsage().heapTotal < 128 * 1024 * 1024;
    expect(releaseUnusedHeap()).toBe(!small);
    // Grow the heap past the threshold with garbage: the next call collects it.
    let junk: number[][] | undefined = Array.from({ length: 400 }, () =>
      Array.from({ length: 50_000 }, (_, i) => i),
    );
    expect(process.memoryUsage().heapTotal).toBeGreaterThan(128 * 1024 * 1024);
    junk = undefined;
    expect(junk).toBeUndefined();
    const before = process.memoryUsage().heapUsed;
    expect(releaseUnusedHeap()).toBe(true);
    expect(process.memoryUsage().heapUsed).toBeLessThan(before);
  });
});
