import { type BusinessCalendar, type Weekday } from '../../contracts/domain/contract.types';
import { businessIntervals, calendarPeriodAt } from './calendar';
import { BERLIN, HOUR, JERUSALEM, NEW_YORK, iso, t } from './calendar.spec-helpers';
import { totalLength } from './intervals';

// businessIntervals: weekdays, hours and holidays across DST changes, midnights and holidays.
// Offsets and DST transitions used here are listed in calendar.spec-helpers.ts.

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
