import fc from 'fast-check';
import { increase, increases } from './counter';

describe('increase', () => {
  it.each([
    ['the first point is the baseline', 120, undefined, 0],
    ['a rise adds the difference', 130, 120, 10],
    ['an equal value adds nothing', 120, 120, 0],
    ['a fall is a restart from zero: the value itself', 7, 120, 7],
    ['a restart to zero adds nothing', 0, 120, 0],
    ['fractional counters (OTLP sums)', 2.5, 1.25, 1.25],
  ])('%s', (_name, value, previous, expected) => {
    expect(increase(value, previous)).toBe(expected);
  });
});

describe('increases', () => {
  it('follows a series through a reset', () => {
    const points = [10, 15, 15, 3, 9].map((value, ts) => ({ ts, value }));
    expect(increases(points)).toEqual([0, 5, 0, 3, 6]);
    expect(increases(points, 4)).toEqual([6, 5, 0, 3, 6]);
  });

  it('sums to the last value minus the first when nothing reset', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000 }), { minLength: 1, maxLength: 50 }), (steps) => {
        let value = 0;
        const points = steps.map((s, ts) => ({ ts, value: (value += s) }));
        const sum = increases(points).reduce((a, b) => a + b, 0);
        expect(sum).toBe(points[points.length - 1].value - points[0].value);
      }),
    );
  });
});
