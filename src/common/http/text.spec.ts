import { findUnstorableText, isStorableText } from './text';

describe('isStorableText', () => {
  it.each([
    ['plain text', 'Acme Ltd', true],
    ['a surrogate pair', '𝔘𝔫𝔦', true],
    ['NUL', 'a\u0000b', false],
    ['a lone high surrogate', 'a\ud800b', false],
    ['a lone low surrogate', '\udc00', false],
  ])('%s → %s', (_, text, storable) => {
    expect(isStorableText(text)).toBe(storable);
  });
});

describe('findUnstorableText', () => {
  it('names every bad value and key in document order, as field paths', () => {
    const body = {
      name: 'ok',
      contacts: ['a@b.example', 'x\u0000'],
      labels: { region: '\ud800', 'k\u0000': 'v' },
      deep: [[{ note: '\udfff' }]],
    };
    expect(findUnstorableText(body)).toEqual([
      'contacts[1]',
      'labels.region',
      'labels.k\ufffd',
      'deep[0][0].note',
    ]);
  });

  it('finds nothing in clean values, numbers and nulls', () => {
    expect(findUnstorableText({ a: 1, b: null, c: [true, 'x'], d: { e: '𝔘' } })).toEqual([]);
    expect(findUnstorableText(42)).toEqual([]);
  });

  it('stops at the limit and does not recurse (a wide, deep value)', () => {
    const wide = Array.from({ length: 1000 }, () => '\u0000');
    expect(findUnstorableText(wide, 5)).toHaveLength(5);
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)).toHaveLength(1);
  });
});
