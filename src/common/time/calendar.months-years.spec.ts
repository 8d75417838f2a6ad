import { type CalendarUnit } from '../../contracts/domain/contract.types';
import { calendarPeriodAt, clipPeriod, type Period } from './calendar';
import { BERLIN, JERUSALEM, NEW_YORK, periodInUtc, t } from './calendar.spec-helpers';

// calendarPeriodAt for months, quarters and years, and clipPeriod.
// Offsets and DST transitions used here are listed in calendar.spec-helpers.ts.

describe('calendarPeriodAt', () => {
  it.each<[CalendarUnit, string, string, string, string, string]>([
    [
      'month',
      BERLIN,
      '2027-03-15T12:00:00Z',
      '2027-03',
      '2027-02-28T23:00:00.000Z',
      '2027-03-31T22:00:00.000Z',
    ],
    [
      'month',
      NEW_YORK,
      '2027-11-30T12:00:00Z',
      '2027-11',
      '2027-11-01T04:00:00.000Z',
      '2027-12-01T05:00:00.000Z',
    ],
    [
      'month',
      JERUSALEM,
      '2027-02-28T22:00:00Z',
      '2027-03',
      '2027-02-28T22:00:00.000Z',
      '2027-03-31T21:00:00.000Z',
    ],
    [
      'quarter',
      BERLIN,
      '2027-02-10T12:00:00Z',
      '2027-Q1',
      '2026-12-31T23:00:00.000Z',
      '2027-03-31T22:00:00.000Z',
    ],
    [
      'quarter',
      BERLIN,
      '2027-05-20T12:00:00Z',
      '2027-Q2',
      '2027-03-31T22:00:00.000Z',
      '2027-06-30T22:00:00.000Z',
    ],
    [
      'quarter',
      BERLIN,
      '2027-03-31T21:59:59.999Z',
      '2027-Q1',
      '2026-12-31T23:00:00.000Z',
      '2027-03-31T22:00:00.000Z',
    ],
    [
      'quarter',
      NEW_YORK,
      '2027-08-01T12:00:00Z',
      '2027-Q3',
      '2027-07-01T04:00:00.000Z',
      '2027-10-01T04:00:00.000Z',
    ],
    [
      'quarter',
      NEW_YORK,
      '2027-12-31T23:00:00Z',
      '2027-Q4',
      '2027-10-01T04:00:00.000Z',
      '2028-01-01T05:00:00.000Z',
    ],
    [
      'year',
      JERUSALEM,
      '2027-06-01T00:00:00Z',
      '2027',
      '2026-12-31T22:00:00.000Z',
      '2027-12-31T22:00:00.000Z',
    ],
    [
      'year',
      NEW_YORK,
      '2028-01-01T04:59:59.999Z',
      '2027',
      '2027-01-01T05:00:00.000Z',
      '2028-01-01T05:00:00.000Z',
    ],
    ['year', BERLIN, '2026-12-31T23:00:00Z', '2027', '2026-12-31T23:00:00.000Z', '2027-12-31T23:00:00.000Z'],
  ])('gives the %s in %s containing %s as %s from %s to %s', (unit, zone, at, label, start, end) => {
    const period = calendarPeriodAt(unit, zone, 'mon', t(at));
    expect(periodInUtc(period)).toEqual({ label, start, end });
  });
});

describe('clipPeriod', () => {
  const period: Period = { label: '2027-03', start: 1_000, end: 2_000 };

  it.each<[string, number, number | undefined, Period | undefined]>([
    ['keeps a period inside an open effective range', 500, undefined, period],
    ['keeps a period inside a closed effective range', 1_000, 2_000, period],
    [
      'cuts the start at the effective start',
      1_200,
      undefined,
      { label: '2027-03', start: 1_200, end: 2_000 },
    ],
    ['cuts the end at the effective end', 0, 1_700, { label: '2027-03', start: 1_000, end: 1_700 }],
    ['cuts both ends', 1_200, 1_700, { label: '2027-03', start: 1_200, end: 1_700 }],
    ['drops a period that ends where the effective range starts', 2_000, undefined, undefined],
    ['drops a period that starts where the effective range ends', 0, 1_000, undefined],
    ['drops a period entirely after the effective range', 0, 500, undefined],
  ])('%s', (_name, effectiveStart, effectiveEnd, expected) => {
    expect(clipPeriod(period, effectiveStart, effectiveEnd)).toEqual(expected);
  });
});
