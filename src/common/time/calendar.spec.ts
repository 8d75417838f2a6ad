import {
  type BusinessCalendar,
  type CalendarUnit,
  type Weekday,
} from '../../contracts/domain/contract.types';
import { businessIntervals, calendarPeriodAt, clipPeriod, periodFromLabel, type Period } from './calendar';
import { totalLength } from './intervals';

// Every expected instant is written in UTC, so the suite does not depend on the process TZ.
// 2027 offsets and transitions:
//   Asia/Jerusalem   IST +02, IDT +03; Fri 2027-03-26 02:00 → 03:00 (00:00Z); Sun 2027-10-31 02:00 → 01:00 (23:00Z on the 30th)
//   Europe/Berlin    CET +01, CEST +02; Sun 2027-03-28 02:00 → 03:00 (01:00Z); Sun 2027-10-31 03:00 → 02:00 (01:00Z)
//   America/New_York EST −05, EDT −04; Sun 2027-03-14 02:00 → 03:00 (07:00Z); Sun 2027-11-07 02:00 → 01:00 (06:00Z)
// 2027-01-01 is a Friday; 2026 starts on a Thursday and so has an ISO week 53; 2027 has 52 ISO weeks.

const JERUSALEM = 'Asia/Jerusalem';
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const HOUR = 3_600_000;

const t = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();
const span = ([a, b]: readonly [number, number]): [string, string] => [iso(a), iso(b)];
const clock = (text: string): number => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

function calendar(weekdays: Weekday[], hours: string[], holidays: string[] = []): BusinessCalendar {
  return {
    weekdays,
    hours: hours.map((h) => ({ from: clock(h.slice(0, 5)), to: clock(h.slice(6, 11)) })),
    holidays,
  };
}

const EVERY_DAY: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const SUN_TO_THU: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu'];

describe('calendarPeriodAt', () => {
  it.each<[string, string, string, string, string, number]>([
    [
      JERUSALEM,
      '2027-03-26T12:00:00Z',
      '2027-03-26',
      '2027-03-25T22:00:00.000Z',
      '2027-03-26T21:00:00.000Z',
      23,
    ],
    [
      JERUSALEM,
      '2027-10-31T12:00:00Z',
      '2027-10-31',
      '2027-10-30T21:00:00.000Z',
      '2027-10-31T22:00:00.000Z',
      25,
    ],
    [
      JERUSALEM,
      '2027-03-25T22:00:00Z',
      '2027-03-26',
      '2027-03-25T22:00:00.000Z',
      '2027-03-26T21:00:00.000Z',
      23,
    ],
    [
      JERUSALEM,
      '2027-03-26T20:59:59.999Z',
      '2027-03-26',
      '2027-03-25T22:00:00.000Z',
      '2027-03-26T21:00:00.000Z',
      23,
    ],
    [
      JERUSALEM,
      '2027-03-26T21:00:00Z',
      '2027-03-27',
      '2027-03-26T21:00:00.000Z',
      '2027-03-27T21:00:00.000Z',
      24,
    ],
    [
      BERLIN,
      '2027-03-28T12:00:00Z',
      '2027-03-28',
      '2027-03-27T23:00:00.000Z',
      '2027-03-28T22:00:00.000Z',
      23,
    ],
    [
      BERLIN,
      '2027-10-31T12:00:00Z',
      '2027-10-31',
      '2027-10-30T22:00:00.000Z',
      '2027-10-31T23:00:00.000Z',
      25,
    ],
    [
      NEW_YORK,
      '2027-03-14T12:00:00Z',
      '2027-03-14',
      '2027-03-14T05:00:00.000Z',
      '2027-03-15T04:00:00.000Z',
      23,
    ],
    [
      NEW_YORK,
      '2027-11-07T12:00:00Z',
      '2027-11-07',
      '2027-11-07T04:00:00.000Z',
      '2027-11-08T05:00:00.000Z',
      25,
    ],
    [
      NEW_YORK,
      '2027-11-08T03:00:00Z',
      '2027-11-07',
      '2027-11-07T04:00:00.000Z',
      '2027-11-08T05:00:00.000Z',
      25,
    ],
  ])(
    'gives the %s day containing %s as %s from %s to %s, %i hours long',
    (zone, at, label, start, end, hours) => {
      const period = calendarPeriodAt('day', zone, 'mon', t(at));
      expect({ label: period.label, start: iso(period.start), end: iso(period.end) }).toEqual({
        label,
        start,
        end,
      });
      expect(period.end - period.start).toBe(hours * HOUR);
    },
  );

  it.each<[string, 'sun' | 'mon', string, string, string, string]>([
    [
      BERLIN,
      'mon',
      '2027-01-01T12:00:00Z',
      '2026-W53',
      '2026-12-27T23:00:00.000Z',
      '2027-01-03T23:00:00.000Z',
    ],
    [
      BERLIN,
      'sun',
      '2027-01-01T12:00:00Z',
      '2026-W53',
      '2026-12-26T23:00:00.000Z',
      '2027-01-02T23:00:00.000Z',
    ],
    [
      BERLIN,
      'mon',
      '2027-01-03T12:00:00Z',
      '2026-W53',
      '2026-12-27T23:00:00.000Z',
      '2027-01-03T23:00:00.000Z',
    ],
    [
      BERLIN,
      'sun',
      '2027-01-03T12:00:00Z',
      '2027-W01',
      '2027-01-02T23:00:00.000Z',
      '2027-01-09T23:00:00.000Z',
    ],
    [
      BERLIN,
      'mon',
      '2025-12-31T12:00:00Z',
      '2026-W01',
      '2025-12-28T23:00:00.000Z',
      '2026-01-04T23:00:00.000Z',
    ],
    [
      BERLIN,
      'sun',
      '2025-12-31T12:00:00Z',
      '2026-W01',
      '2025-12-27T23:00:00.000Z',
      '2026-01-03T23:00:00.000Z',
    ],
    [
      BERLIN,
      'mon',
      '2027-03-03T12:00:00Z',
      '2027-W09',
      '2027-02-28T23:00:00.000Z',
      '2027-03-07T23:00:00.000Z',
    ],
    [
      BERLIN,
      'sun',
      '2027-03-03T12:00:00Z',
      '2027-W09',
      '2027-02-27T23:00:00.000Z',
      '2027-03-06T23:00:00.000Z',
    ],
    [
      NEW_YORK,
      'mon',
      '2027-03-14T12:00:00Z',
      '2027-W10',
      '2027-03-08T05:00:00.000Z',
      '2027-03-15T04:00:00.000Z',
    ],
    [
      NEW_YORK,
      'sun',
      '2027-03-14T12:00:00Z',
      '2027-W11',
      '2027-03-14T05:00:00.000Z',
      '2027-03-21T04:00:00.000Z',
    ],
    [
      JERUSALEM,
      'sun',
      '2027-10-30T20:00:00Z',
      '2027-W43',
      '2027-10-23T21:00:00.000Z',
      '2027-10-30T21:00:00.000Z',
    ],
    [
      JERUSALEM,
      'sun',
      '2027-10-30T21:00:00Z',
      '2027-W44',
      '2027-10-30T21:00:00.000Z',
      '2027-11-06T22:00:00.000Z',
    ],
  ])(
    'gives the %s week starting on %s that contains %s as %s from %s to %s',
    (zone, weekStart, at, label, start, end) => {
      const period = calendarPeriodAt('week', zone, weekStart, t(at));
      expect({ label: period.label, start: iso(period.start), end: iso(period.end) }).toEqual({
        label,
        start,
        end,
      });
    },
  );

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
    expect({ label: period.label, start: iso(period.start), end: iso(period.end) }).toEqual({
      label,
      start,
      end,
    });
  });
});

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
    expect(period && { label: period.label, start: iso(period.start), end: iso(period.end) }).toEqual({
      label,
      start,
      end,
    });
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

describe('businessIntervals', () => {
  it.each<[string, BusinessCalendar, string, string, string, Array<[string, string]>]>([
    [
      'keeps Sunday to Thursday 08:00–18:00 in a Jerusalem week',
      calendar(SUN_TO_THU, ['08:00-18:00']),
      JERUSALEM,
      '2027-03-19T22:00:00Z',
      '2027-03-26T21:00:00Z',
      [
        ['2027-03-21T06:00:00.000Z', '2027-03-21T16:00:00.000Z'],
        ['2027-03-22T06:00:00.000Z', '2027-03-22T16:00:00.000Z'],
        ['2027-03-23T06:00:00.000Z', '2027-03-23T16:00:00.000Z'],
        ['2027-03-24T06:00:00.000Z', '2027-03-24T16:00:00.000Z'],
        ['2027-03-25T06:00:00.000Z', '2027-03-25T16:00:00.000Z'],
      ],
    ],
    [
      'leaves out holidays',
      calendar(SUN_TO_THU, ['08:00-18:00'], ['2027-03-23', '2027-03-25', '2027-03-26']),
      JERUSALEM,
      '2027-03-19T22:00:00Z',
      '2027-03-26T21:00:00Z',
      [
        ['2027-03-21T06:00:00.000Z', '2027-03-21T16:00:00.000Z'],
        ['2027-03-22T06:00:00.000Z', '2027-03-22T16:00:00.000Z'],
        ['2027-03-24T06:00:00.000Z', '2027-03-24T16:00:00.000Z'],
      ],
    ],
    [
      'uses the summer offset for 08:00–18:00 on the Jerusalem spring-forward Friday',
      calendar(EVERY_DAY, ['08:00-18:00']),
      JERUSALEM,
      '2027-03-25T22:00:00Z',
      '2027-03-26T21:00:00Z',
      [['2027-03-26T05:00:00.000Z', '2027-03-26T15:00:00.000Z']],
    ],
    [
      'uses the winter offset for 08:00–18:00 on the Jerusalem fall-back Sunday, a Sunday-to-Thursday workday',
      calendar(SUN_TO_THU, ['08:00-18:00']),
      JERUSALEM,
      '2027-10-30T21:00:00Z',
      '2027-10-31T22:00:00Z',
      [['2027-10-31T06:00:00.000Z', '2027-10-31T16:00:00.000Z']],
    ],
    [
      'uses the summer offset for 08:00–18:00 on the Berlin spring-forward Sunday',
      calendar(EVERY_DAY, ['08:00-18:00']),
      BERLIN,
      '2027-03-27T23:00:00Z',
      '2027-03-28T22:00:00Z',
      [['2027-03-28T06:00:00.000Z', '2027-03-28T16:00:00.000Z']],
    ],
    [
      'uses the winter offset for 08:00–18:00 on the Berlin fall-back Sunday',
      calendar(EVERY_DAY, ['08:00-18:00']),
      BERLIN,
      '2027-10-30T22:00:00Z',
      '2027-10-31T23:00:00Z',
      [['2027-10-31T07:00:00.000Z', '2027-10-31T17:00:00.000Z']],
    ],
    [
      'uses the summer offset for 08:00–18:00 on the New York spring-forward Sunday',
      calendar(EVERY_DAY, ['08:00-18:00']),
      NEW_YORK,
      '2027-03-14T05:00:00Z',
      '2027-03-15T04:00:00Z',
      [['2027-03-14T12:00:00.000Z', '2027-03-14T22:00:00.000Z']],
    ],
    [
      'uses the winter offset for 08:00–18:00 on the New York fall-back Sunday',
      calendar(EVERY_DAY, ['08:00-18:00']),
      NEW_YORK,
      '2027-11-07T04:00:00Z',
      '2027-11-08T05:00:00Z',
      [['2027-11-07T13:00:00.000Z', '2027-11-07T23:00:00.000Z']],
    ],
    [
      'sets wall time rather than adding minutes to midnight on a 23-hour day (00:00–12:00 is 11 hours)',
      calendar(EVERY_DAY, ['00:00-12:00']),
      BERLIN,
      '2027-03-27T23:00:00Z',
      '2027-03-28T22:00:00Z',
      [['2027-03-27T23:00:00.000Z', '2027-03-28T10:00:00.000Z']],
    ],
    [
      'moves a wall time that does not exist forward by the gap, as luxon does (02:30 → 03:30 CEST)',
      calendar(EVERY_DAY, ['02:30-04:00']),
      BERLIN,
      '2027-03-27T23:00:00Z',
      '2027-03-28T22:00:00Z',
      [['2027-03-28T01:30:00.000Z', '2027-03-28T02:00:00.000Z']],
    ],
    [
      'ends a 24:00 span at the next local midnight',
      calendar(EVERY_DAY, ['18:00-24:00']),
      JERUSALEM,
      '2027-03-24T22:00:00Z',
      '2027-03-26T21:00:00Z',
      [
        ['2027-03-25T16:00:00.000Z', '2027-03-25T22:00:00.000Z'],
        ['2027-03-26T15:00:00.000Z', '2027-03-26T21:00:00.000Z'],
      ],
    ],
    [
      'ends a 24:00 span at the next local midnight across a New York fall-back',
      calendar(EVERY_DAY, ['20:00-24:00']),
      NEW_YORK,
      '2027-11-06T04:00:00Z',
      '2027-11-08T05:00:00Z',
      [
        ['2027-11-07T00:00:00.000Z', '2027-11-07T04:00:00.000Z'],
        ['2027-11-08T01:00:00.000Z', '2027-11-08T05:00:00.000Z'],
      ],
    ],
    [
      'keeps two spans a day apart',
      calendar(['mon', 'tue'], ['08:00-12:00', '13:00-17:00']),
      BERLIN,
      '2027-03-28T22:00:00Z',
      '2027-03-30T22:00:00Z',
      [
        ['2027-03-29T06:00:00.000Z', '2027-03-29T10:00:00.000Z'],
        ['2027-03-29T11:00:00.000Z', '2027-03-29T15:00:00.000Z'],
        ['2027-03-30T06:00:00.000Z', '2027-03-30T10:00:00.000Z'],
        ['2027-03-30T11:00:00.000Z', '2027-03-30T15:00:00.000Z'],
      ],
    ],
    [
      'clips a range that starts and ends inside spans',
      calendar(EVERY_DAY, ['08:00-18:00']),
      BERLIN,
      '2027-03-29T08:30:00Z',
      '2027-03-30T07:00:00Z',
      [
        ['2027-03-29T08:30:00.000Z', '2027-03-29T16:00:00.000Z'],
        ['2027-03-30T06:00:00.000Z', '2027-03-30T07:00:00.000Z'],
      ],
    ],
    [
      'merges 00:00–24:00 on consecutive days into one interval across midnights and a DST change',
      calendar(EVERY_DAY, ['00:00-24:00']),
      BERLIN,
      '2027-03-26T10:00:00Z',
      '2027-03-30T10:00:00Z',
      [['2027-03-26T10:00:00.000Z', '2027-03-30T10:00:00.000Z']],
    ],
    [
      'merges 00:00–24:00 Monday to Friday into one interval per week',
      calendar(['mon', 'tue', 'wed', 'thu', 'fri'], ['00:00-24:00']),
      NEW_YORK,
      '2027-03-07T05:00:00Z',
      '2027-03-21T04:00:00Z',
      [
        ['2027-03-08T05:00:00.000Z', '2027-03-13T05:00:00.000Z'],
        ['2027-03-15T04:00:00.000Z', '2027-03-20T04:00:00.000Z'],
      ],
    ],
    [
      'splits 00:00–24:00 around a holiday',
      calendar(EVERY_DAY, ['00:00-24:00'], ['2027-03-28']),
      BERLIN,
      '2027-03-27T12:00:00Z',
      '2027-03-29T12:00:00Z',
      [
        ['2027-03-27T12:00:00.000Z', '2027-03-27T23:00:00.000Z'],
        ['2027-03-28T22:00:00.000Z', '2027-03-29T12:00:00.000Z'],
      ],
    ],
    [
      'merges spans that touch within a day',
      calendar(EVERY_DAY, ['08:00-12:00', '12:00-17:00']),
      BERLIN,
      '2027-03-28T22:00:00Z',
      '2027-03-29T22:00:00Z',
      [['2027-03-29T06:00:00.000Z', '2027-03-29T15:00:00.000Z']],
    ],
    [
      'gives nothing for a range outside the calendar',
      calendar(EVERY_DAY, ['08:00-18:00']),
      BERLIN,
      '2027-03-29T17:00:00Z',
      '2027-03-30T05:00:00Z',
      [],
    ],
    [
      'gives nothing for an empty range',
      calendar(EVERY_DAY, ['00:00-24:00']),
      BERLIN,
      '2027-03-29T12:00:00Z',
      '2027-03-29T12:00:00Z',
      [],
    ],
  ])('%s', (_name, cal, zone, from, to, expected) => {
    expect(businessIntervals(cal, zone, t(from), t(to)).map(span)).toEqual(expected);
  });

  it('covers a whole Jerusalem year of Sunday-to-Thursday 08:00–18:00 day by day', () => {
    // 2027 is 52 weeks and a Friday, so it has 52 × 5 working days, 3 of them holidays.
    const cal = calendar(SUN_TO_THU, ['08:00-18:00'], ['2027-04-22', '2027-09-30', '2027-10-02']);
    const year = calendarPeriodAt('year', JERUSALEM, 'sun', t('2027-06-01T00:00:00Z'));
    const intervals = businessIntervals(cal, JERUSALEM, year.start, year.end);
    expect(intervals).toHaveLength(52 * 5 - 2);
    expect(totalLength(intervals)).toBe((52 * 5 - 2) * 10 * HOUR);
    expect(span(intervals[0])).toEqual(['2027-01-03T06:00:00.000Z', '2027-01-03T16:00:00.000Z']);
    expect(span(intervals[intervals.length - 1])).toEqual([
      '2027-12-30T06:00:00.000Z',
      '2027-12-30T16:00:00.000Z',
    ]);
  });
});
