import { type CalendarUnit } from '../../contracts/domain/contract.types';
import { calendarPeriodAt, periodFromLabel } from './calendar';
import { BERLIN, JERUSALEM, NEW_YORK, periodInUtc, t } from './calendar.spec-helpers';

// periodFromLabel: round trips through calendarPeriodAt, known labels, and rejected labels.
// Offsets and DST transitions used here are listed in calendar.spec-helpers.ts.

describe('periodFromLabel', () => {
  const units: CalendarUnit[] = ['day', 'week', 'month', 'quarter', 'year'];
  const cases = units.flatMap((unit) =>
    [JERUSALEM, BERLIN, NEW_YORK].flatMap((zone) =>
      (['sun', 'mon'] as const).flatMap((weekStart) =>
        ['2027-01-01T00:30:00Z', '2027-03-26T10:00:00Z', '2027-10-31T12:00:00Z', '2027-11-07T05:30:00Z'].map(
          (at) => [unit, zone, weekStart, at] as const,
        ),
      ),
    ),
  );

  it.each(cases)(
    'finds the %s period in %s (weeks from %s) containing %s again from its label',
    (unit, zone, weekStart, at) => {
      const period = calendarPeriodAt(unit, zone, weekStart, t(at));
      expect(periodFromLabel(period.label, unit, zone, weekStart)).toEqual(period);
    },
  );

  it.each<[string, CalendarUnit, 'sun' | 'mon', string, string]>([
    ['2027-03-15', 'day', 'mon', '2027-03-14T23:00:00.000Z', '2027-03-15T23:00:00.000Z'],
    ['2027-W09', 'week', 'mon', '2027-02-28T23:00:00.000Z', '2027-03-07T23:00:00.000Z'],
    ['2027-W09', 'week', 'sun', '2027-02-27T23:00:00.000Z', '2027-03-06T23:00:00.000Z'],
    ['2026-W53', 'week', 'mon', '2026-12-27T23:00:00.000Z', '2027-01-03T23:00:00.000Z'],
    ['2027-03', 'month', 'mon', '2027-02-28T23:00:00.000Z', '2027-03-31T22:00:00.000Z'],
    ['2027-Q1', 'quarter', 'mon', '2026-12-31T23:00:00.000Z', '2027-03-31T22:00:00.000Z'],
    ['2027', 'year', 'mon', '2026-12-31T23:00:00.000Z', '2027-12-31T23:00:00.000Z'],
  ])('reads %s as the Berlin %s (weeks from %s) from %s to %s', (label, unit, weekStart, start, end) => {
    const period = periodFromLabel(label, unit, BERLIN, weekStart);
    expect(periodInUtc(period)).toEqual({ label, start, end });
  });

  it.each<[string, CalendarUnit]>([
    ['2027-13', 'month'],
    ['2027-00', 'month'],
    ['2027-3', 'month'],
    ['2027-Q5', 'quarter'],
    ['2027-Q0', 'quarter'],
    ['2027-W54', 'week'],
    ['2027-W53', 'week'],
    ['2027-W00', 'week'],
    ['2027-W9', 'week'],
    ['2027-02-30', 'day'],
    ['2027-3-15', 'day'],
    ['x', 'day'],
    ['x', 'week'],
    ['x', 'month'],
    ['x', 'quarter'],
    ['x', 'year'],
    ['2027-03', 'day'],
    ['2027-03-15', 'month'],
    ['2027', 'quarter'],
    ['2027-Q1', 'year'],
    ['27', 'year'],
  ])('rejects the label "%s" for a %s', (label, unit) => {
    expect(periodFromLabel(label, unit, BERLIN, 'mon')).toBeUndefined();
  });
});
