import { isStorableDate, isStorableInstant } from './instant';

describe('isStorableInstant', () => {
  it.each([
    '2027-03-11T22:00:00+02:00',
    '2027-03-11T22:00Z',
    '2027-03-11t22:00:00.123456789z',
    '1000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '2028-02-29T00:00:00Z',
  ])('accepts %s', (text) => {
    expect(isStorableInstant(text)).toBe(true);
  });

  it.each([
    ['year 0', '0000-01-01T00:00:00Z'],
    ['year 999', '0999-12-31T23:59:59Z'],
    ['an expanded year', '+275760-09-13T00:00:00Z'],
    ['a negative year', '-000001-01-01T00:00:00Z'],
    ['year 10000 after the offset', '9999-12-31T23:00:00-02:00'],
    ['year 999 after the offset', '1000-01-01T00:30:00+01:00'],
    ['no offset', '2027-03-11T22:00:00'],
    ['a date only', '2027-03-11'],
    ['30 February', '2027-02-30T00:00:00Z'],
    ['29 February of a common year', '2027-02-29T00:00:00Z'],
    ['month 13', '2027-13-01T00:00:00Z'],
    ['hour 24', '2027-03-11T24:00:00Z'],
    ['an offset of 24 hours', '2027-03-11T22:00:00+24:00'],
    ['NUL', '2027-03-11T22:00:00Z\u0000'],
    ['a number', '1e308'],
  ])('refuses %s', (_, text) => {
    expect(isStorableInstant(text)).toBe(false);
  });
});

describe('isStorableDate', () => {
  it.each([
    [new Date('2027-03-11T00:00:00Z'), true],
    [new Date(8.64e15), false],
    [new Date(-8.64e15), false],
    [new Date(Date.UTC(999, 11, 31)), false],
    [new Date(Number.NaN), false],
  ])('%s → %s', (date, storable) => {
    expect(isStorableDate(date)).toBe(storable);
  });
});
