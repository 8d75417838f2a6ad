import { exceedsDepth } from './depth';

const nest = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

describe('exceedsDepth', () => {
  it.each([
    ['a scalar', 1, 64, false],
    ['64 levels', nest(64), 64, false],
    ['65 levels', nest(65), 64, true],
    ['100 000 levels, no stack overflow', nest(100_000), 64, true],
    ['wide but shallow', { a: Array.from({ length: 10_000 }, () => ({ b: [1, 2] })) }, 64, false],
  ])('%s', (_, value, max, exceeds) => {
    expect(exceedsDepth(value, max)).toBe(exceeds);
  });
});
