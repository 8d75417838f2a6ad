import { type CalendarFn } from './deadline';
import { H, met, missed, outcomeCase, type OutcomeRow, pending, t } from './deadline.spec-helpers';
import { intersect, type Interval } from '../../common/time/intervals';

// Business hours Sun–Thu 08:00–18:00 Asia/Jerusalem, March–April 2027, written out as UTC instants.
// Israel Standard Time is UTC+2 (08:00–18:00 local = 06:00–16:00Z) until Friday 2027-03-26, when
// summer time (UTC+3) starts (08:00–18:00 local = 05:00–15:00Z). Fri and Sat have no hours.
const businessWeeks: Interval[] = (
  [
    // Sun 14 – Thu 18 March (UTC+2)
    ['2027-03-14T06:00:00Z', '2027-03-14T16:00:00Z'],
    ['2027-03-15T06:00:00Z', '2027-03-15T16:00:00Z'],
    ['2027-03-16T06:00:00Z', '2027-03-16T16:00:00Z'],
    ['2027-03-17T06:00:00Z', '2027-03-17T16:00:00Z'],
    ['2027-03-18T06:00:00Z', '2027-03-18T16:00:00Z'],
    // Sun 21 – Thu 25 March (UTC+2)
    ['2027-03-21T06:00:00Z', '2027-03-21T16:00:00Z'],
    ['2027-03-22T06:00:00Z', '2027-03-22T16:00:00Z'],
    ['2027-03-23T06:00:00Z', '2027-03-23T16:00:00Z'],
    ['2027-03-24T06:00:00Z', '2027-03-24T16:00:00Z'],
    ['2027-03-25T06:00:00Z', '2027-03-25T16:00:00Z'],
    // Sun 28 March – Thu 1 April (UTC+3)
    ['2027-03-28T05:00:00Z', '2027-03-28T15:00:00Z'],
    ['2027-03-29T05:00:00Z', '2027-03-29T15:00:00Z'],
    ['2027-03-30T05:00:00Z', '2027-03-30T15:00:00Z'],
    ['2027-03-31T05:00:00Z', '2027-03-31T15:00:00Z'],
    ['2027-04-01T05:00:00Z', '2027-04-01T15:00:00Z'],
    // Sun 4 – Thu 8 April (UTC+3)
    ['2027-04-04T05:00:00Z', '2027-04-04T15:00:00Z'],
    ['2027-04-05T05:00:00Z', '2027-04-05T15:00:00Z'],
    ['2027-04-06T05:00:00Z', '2027-04-06T15:00:00Z'],
    ['2027-04-07T05:00:00Z', '2027-04-07T15:00:00Z'],
    ['2027-04-08T05:00:00Z', '2027-04-08T15:00:00Z'],
  ] satisfies Array<[string, string]>
).map(([from, to]) => [t(from), t(to)] as const);

const business: CalendarFn = (from, to) => intersect(businessWeeks, [[from, to]]);

describe('deadlineOutcome on a Sun–Thu 08:00–18:00 Asia/Jerusalem business calendar', () => {
  it.each<OutcomeRow>([
    [
      // Thu 25 Mar 16:00 local = 14:00Z: 2 h until 18:00 local (16:00Z); Fri–Sat closed; Sunday
      // 28 Mar opens 08:00 local = 05:00Z (summer time now), +2 h = 07:00Z = 10:00 local.
      'a ticket opened Thursday 16:00 with four business hours is due Sunday 10:00, across the weekend and the clock change',
      'opened 2027-03-25T14:00:00Z',
      4 * H,
      '2027-03-26T09:00:00Z',
      pending('2027-03-28T07:00:00Z'),
    ],
    [
      'that ticket resolved Sunday 09:30 local is met',
      'opened 2027-03-25T14:00:00Z, resolved 2027-03-28T06:30:00Z',
      4 * H,
      '2027-03-28T08:00:00Z',
      met('2027-03-28T07:00:00Z', '2027-03-28T06:30:00Z'),
    ],
    [
      'that ticket still open on Sunday 10:00:00.001 local is missed',
      'opened 2027-03-25T14:00:00Z',
      4 * H,
      '2027-03-28T07:00:00.001Z',
      missed('2027-03-28T07:00:00Z', null),
    ],
    [
      // Thu 18 Mar 16:00–18:00 local is the whole allowance (14:00–16:00Z): due at the close itself,
      // not at Sunday's opening.
      'a ticket whose allowance ends exactly at closing time is due at closing time',
      'opened 2027-03-18T14:00:00Z',
      2 * H,
      '2027-03-18T15:00:00Z',
      pending('2027-03-18T16:00:00Z'),
    ],
    [
      // Sun 14 Mar 07:00 local (05:00Z) is before opening: counting starts 06:00Z, +4 h = 10:00Z.
      'a ticket opened before opening hours starts counting at opening time',
      'opened 2027-03-14T05:00:00Z',
      4 * H,
      '2027-03-14T07:00:00Z',
      pending('2027-03-14T10:00:00Z'),
    ],
    [
      // Opened Fri 26 Mar 12:00 local (09:00Z, summer time): nothing counts until Sun 28 Mar 05:00Z.
      'a ticket opened on Friday starts counting on Sunday morning',
      'opened 2027-03-26T09:00:00Z',
      1 * H,
      '2027-03-27T09:00:00Z',
      pending('2027-03-28T06:00:00Z'),
    ],
    [
      // Opened Thu 18 Mar 10:00 local (08:00Z), 10 business hours. Counted Thu 08:00–15:00Z (7 h), paused
      // 15:00Z Thu to Sun 21 Mar 07:00Z (09:00 local); 3 h left from 07:00Z: due 10:00Z (12:00 local).
      // Without the pause it would have been Sun 08:00Z: the pause hid Thu 15–16Z and Sun 06–07Z.
      'a pause from Thursday 17:00 to Sunday 09:00 only pushes the due instant back by the business hours it covers',
      'opened 2027-03-18T08:00:00Z, paused 2027-03-18T15:00:00Z, resumed 2027-03-21T07:00:00Z',
      10 * H,
      '2027-03-21T09:00:00Z',
      pending('2027-03-21T10:00:00Z'),
    ],
    [
      'the same ticket without the pause is due Sunday 10:00 local',
      'opened 2027-03-18T08:00:00Z',
      10 * H,
      '2027-03-21T07:00:00Z',
      pending('2027-03-21T08:00:00Z'),
    ],
    [
      // Paused Thu 18 Mar 17:00 local and resolved Sat 20 Mar: the pause ends at the stop, after which
      // the clock runs on the calendar alone: 3 h from Sun 21 Mar 06:00Z = 09:00Z. Stop is before due.
      'a ticket paused Thursday and resolved over the weekend is met with a due instant on Sunday',
      'opened 2027-03-18T08:00:00Z, paused 2027-03-18T15:00:00Z, resolved 2027-03-20T10:00:00Z',
      10 * H,
      '2027-03-21T12:00:00Z',
      met('2027-03-21T09:00:00Z', '2027-03-20T10:00:00Z'),
    ],
    [
      // Thu 8 Apr 05:00–15:00Z is the last business day written out: 10 h of the 50 h allowance.
      'a ticket whose allowance runs past the end of the calendar has no due instant',
      'opened 2027-04-08T05:00:00Z',
      50 * H,
      '2027-04-20T00:00:00Z',
      pending(null),
    ],
  ])('%s', outcomeCase(business));
});
