import {
  DEADLINE_CHUNK_MS,
  DEADLINE_HORIZON_MS,
  deadlineOutcome,
  dueInside,
  reportedLate,
  type CalendarFn,
  type DeadlineRule,
  type ItemEvent,
  type ItemOutcome,
} from './deadline';
import { intersect, type Interval } from './intervals';

// Every instant is written in UTC, so the suite does not depend on the process TZ. Expected dues are
// worked out by hand in the comments of each row.

const t = (iso: string): number => Date.parse(iso);
const H = 3_600_000;
const DAY = 24 * H;

/** Events as [action, ISO timestamp] pairs, in (timestamp, arrival) order. */
const ev = (...pairs: Array<[string, string]>): ItemEvent[] =>
  pairs.map(([action, iso]) => ({ action, ts: t(iso) }));

const allTime: CalendarFn = (from, to) => [[from, to]];

const ticket = (withinMs: number): DeadlineRule => ({
  start: 'opened',
  stop: 'resolved',
  withinMs,
  pause: 'paused',
  resume: 'resumed',
});

/** Expected outcome with ISO instants. */
type Expected =
  | { state: 'ignored' }
  | { state: 'pending'; due: string | null }
  | { state: 'met' | 'missed'; due: string; stoppedAt: string | null };

function expected(e: Expected): ItemOutcome {
  switch (e.state) {
    case 'ignored':
      return e;
    case 'pending':
      return { state: 'pending', due: e.due === null ? null : t(e.due) };
    case 'met':
    case 'missed':
      return { state: e.state, due: t(e.due), stoppedAt: e.stoppedAt === null ? null : t(e.stoppedAt) };
  }
}

describe('deadlineOutcome without a calendar (all time counts)', () => {
  const day = (hhmm: string): string => `2027-01-04T${hhmm}Z`;

  it.each<[string, ItemEvent[], number, string, Expected]>([
    [
      'a ticket resolved exactly at its due instant is met',
      ev(['opened', day('10:00:00.000')], ['resolved', day('14:00:00.000')]),
      4 * H,
      day('15:00:00.000'),
      { state: 'met', due: day('14:00:00.000'), stoppedAt: day('14:00:00.000') },
    ],
    [
      'a ticket resolved one millisecond after its due instant is missed',
      ev(['opened', day('10:00:00.000')], ['resolved', day('14:00:00.001')]),
      4 * H,
      day('15:00:00.000'),
      { state: 'missed', due: day('14:00:00.000'), stoppedAt: day('14:00:00.001') },
    ],
    [
      'a ticket resolved early is met and keeps its due instant, even one still in the future',
      ev(['opened', day('10:00:00.000')], ['resolved', day('11:00:00.000')]),
      4 * H,
      day('12:00:00.000'),
      { state: 'met', due: day('14:00:00.000'), stoppedAt: day('11:00:00.000') },
    ],
    [
      'a ticket still running one millisecond past its due instant is missed',
      ev(['opened', day('10:00:00.000')]),
      4 * H,
      day('14:00:00.001'),
      { state: 'missed', due: day('14:00:00.000'), stoppedAt: null },
    ],
    [
      'a ticket still running exactly at its due instant is pending',
      ev(['opened', day('10:00:00.000')]),
      4 * H,
      day('14:00:00.000'),
      { state: 'pending', due: day('14:00:00.000') },
    ],
    [
      'a ticket still running before its due instant is pending with that due instant',
      ev(['opened', day('10:00:00.000')], ['responded', day('10:30:00.000')]),
      4 * H,
      day('12:00:00.000'),
      { state: 'pending', due: day('14:00:00.000') },
    ],
    [
      // Paused 11:00–12:30 (1.5 h): 10:00 + 4 h + 1.5 h = 15:30.
      'a pause then a resume pushes the due instant back by the paused time',
      ev(
        ['opened', day('10:00:00.000')],
        ['paused', day('11:00:00.000')],
        ['resumed', day('12:30:00.000')],
        ['resolved', day('15:00:00.000')],
      ),
      4 * H,
      day('16:00:00.000'),
      { state: 'met', due: day('15:30:00.000'), stoppedAt: day('15:00:00.000') },
    ],
    [
      // Two pauses of 30 min each: 10:00 + 4 h + 1 h = 15:00.
      'several pause and resume pairs all push the due instant back',
      ev(
        ['opened', day('10:00:00.000')],
        ['paused', day('10:30:00.000')],
        ['resumed', day('11:00:00.000')],
        ['paused', day('12:00:00.000')],
        ['resumed', day('12:30:00.000')],
      ),
      4 * H,
      day('14:30:00.000'),
      { state: 'pending', due: day('15:00:00.000') },
    ],
    [
      // The stop is at 12:00, so the 12:30–13:00 pause is ignored: due stays 14:00.
      'a pause after the stop is ignored',
      ev(
        ['opened', day('10:00:00.000')],
        ['resolved', day('12:00:00.000')],
        ['paused', day('12:30:00.000')],
        ['resumed', day('13:00:00.000')],
      ),
      4 * H,
      day('16:00:00.000'),
      { state: 'met', due: day('14:00:00.000'), stoppedAt: day('12:00:00.000') },
    ],
    [
      // Paused 11:00 until the stop at 12:00 (1 h); after the stop the clock runs on: due 15:00.
      'a pause still open at the stop ends at the stop and the clock runs on after it',
      ev(['opened', day('10:00:00.000')], ['paused', day('11:00:00.000')], ['resolved', day('12:00:00.000')]),
      4 * H,
      day('16:00:00.000'),
      { state: 'met', due: day('15:00:00.000'), stoppedAt: day('12:00:00.000') },
    ],
    [
      // Counted 10:00–11:00, paused 11:00 to the stop at 16:00 (5 h), then 3 h more: due 19:00.
      'a ticket stopped while paused past the unpaused due is judged against the pushed-back due',
      ev(['opened', day('10:00:00.000')], ['paused', day('11:00:00.000')], ['resolved', day('16:00:00.000')]),
      4 * H,
      day('20:00:00.000'),
      { state: 'met', due: day('19:00:00.000'), stoppedAt: day('16:00:00.000') },
    ],
    [
      // The pause runs 11:00–12:00; the 11:30 pause does not restart it: due 15:00, not 14:30.
      'a second pause while already paused is ignored',
      ev(
        ['opened', day('10:00:00.000')],
        ['paused', day('11:00:00.000')],
        ['paused', day('11:30:00.000')],
        ['resumed', day('12:00:00.000')],
      ),
      4 * H,
      day('12:00:00.000'),
      { state: 'pending', due: day('15:00:00.000') },
    ],
    [
      // The 11:00 resume does nothing; the only pause is 12:00–12:30: due 14:30.
      'a resume while running is ignored',
      ev(
        ['opened', day('10:00:00.000')],
        ['resumed', day('11:00:00.000')],
        ['paused', day('12:00:00.000')],
        ['resumed', day('12:30:00.000')],
      ),
      4 * H,
      day('13:00:00.000'),
      { state: 'pending', due: day('14:30:00.000') },
    ],
    [
      'a resume while running does not end a later pause, so the ticket is still paused with no due yet',
      ev(['opened', day('10:00:00.000')], ['resumed', day('11:00:00.000')], ['paused', day('12:00:00.000')]),
      4 * H,
      day('20:00:00.000'),
      { state: 'pending', due: null },
    ],
    [
      'a ticket still paused with no stop has no due instant yet and stays pending however late it is',
      ev(['opened', day('10:00:00.000')], ['paused', day('11:00:00.000')]),
      4 * H,
      '2027-03-01T00:00:00.000Z',
      { state: 'pending', due: null },
    ],
    [
      // Counted time reached 4 h at 14:00, before the 15:00 pause.
      'a ticket paused after its due instant had already passed is missed',
      ev(['opened', day('10:00:00.000')], ['paused', day('15:00:00.000')]),
      4 * H,
      day('16:00:00.000'),
      { state: 'missed', due: day('14:00:00.000'), stoppedAt: null },
    ],
    [
      'a pause at the very instant counted time reaches the limit keeps that due instant',
      ev(['opened', day('10:00:00.000')], ['paused', day('14:00:00.000')]),
      4 * H,
      day('14:00:00.000'),
      { state: 'pending', due: day('14:00:00.000') },
    ],
    [
      'an item without a start action is ignored',
      ev(['responded', day('10:00:00.000')], ['resolved', day('11:00:00.000')]),
      4 * H,
      day('12:00:00.000'),
      { state: 'ignored' },
    ],
    [
      'the clock starts at the first start action and a later one changes nothing',
      ev(['opened', day('10:00:00.000')], ['opened', day('11:00:00.000')]),
      4 * H,
      day('12:00:00.000'),
      { state: 'pending', due: day('14:00:00.000') },
    ],
    [
      'a stop action before the start is ignored and the first stop after it counts',
      ev(
        ['resolved', day('09:00:00.000')],
        ['opened', day('10:00:00.000')],
        ['resolved', day('13:00:00.000')],
        ['resolved', day('15:00:00.000')],
      ),
      4 * H,
      day('16:00:00.000'),
      { state: 'met', due: day('14:00:00.000'), stoppedAt: day('13:00:00.000') },
    ],
    [
      'a stop with the same timestamp as the start but arriving before it is ignored',
      ev(['resolved', day('10:00:00.000')], ['opened', day('10:00:00.000')]),
      4 * H,
      day('12:00:00.000'),
      { state: 'pending', due: day('14:00:00.000') },
    ],
    [
      'a stop with the same timestamp as the start and arriving after it stops the clock at once',
      ev(['opened', day('10:00:00.000')], ['resolved', day('10:00:00.000')]),
      4 * H,
      day('12:00:00.000'),
      { state: 'met', due: day('14:00:00.000'), stoppedAt: day('10:00:00.000') },
    ],
    [
      'events stamped after now are ignored, so a stop in the future does not count yet',
      ev(['opened', day('10:00:00.000')], ['resolved', day('15:00:00.000')]),
      4 * H,
      day('14:30:00.000'),
      { state: 'missed', due: day('14:00:00.000'), stoppedAt: null },
    ],
    [
      'an item whose only start action is stamped after now is ignored',
      ev(['opened', day('13:00:00.000')]),
      4 * H,
      day('12:00:00.000'),
      { state: 'ignored' },
    ],
    [
      'a zero allowance makes the start instant itself the due instant',
      ev(['opened', day('10:00:00.000')], ['resolved', day('10:00:00.000')]),
      0,
      day('12:00:00.000'),
      { state: 'met', due: day('10:00:00.000'), stoppedAt: day('10:00:00.000') },
    ],
  ])('%s', (_name, events, withinMs, now, outcome) => {
    expect(deadlineOutcome(events, ticket(withinMs), allTime, t(now))).toEqual(expected(outcome));
  });

  it.each<[string, DeadlineRule, ItemEvent[], string, Expected]>([
    [
      // submitted 10:00 + 2 h = 12:00; approved at 13:00. opened/resolved mean nothing to this rule.
      'custom start and stop actions replace opened and resolved',
      { start: 'submitted', stop: 'approved', withinMs: 2 * H },
      ev(
        ['opened', day('09:00:00.000')],
        ['submitted', day('10:00:00.000')],
        ['resolved', day('11:00:00.000')],
        ['approved', day('13:00:00.000')],
      ),
      day('14:00:00.000'),
      { state: 'missed', due: day('12:00:00.000'), stoppedAt: day('13:00:00.000') },
    ],
    [
      'with custom actions an item that only has the default actions is ignored',
      { start: 'submitted', stop: 'approved', withinMs: 2 * H },
      ev(['opened', day('09:00:00.000')], ['resolved', day('11:00:00.000')]),
      day('14:00:00.000'),
      { state: 'ignored' },
    ],
    [
      'pause and resume actions mean nothing when the rule names none',
      { start: 'opened', stop: 'resolved', withinMs: 4 * H },
      ev(['opened', day('10:00:00.000')], ['paused', day('11:00:00.000')], ['resumed', day('12:00:00.000')]),
      day('13:00:00.000'),
      { state: 'pending', due: day('14:00:00.000') },
    ],
    [
      // Paused from 11:00 until the stop at 12:00 (no resume action exists): due 15:00.
      'with a pause action but no resume action a pause lasts until the stop',
      { start: 'opened', stop: 'resolved', withinMs: 4 * H, pause: 'paused' },
      ev(['opened', day('10:00:00.000')], ['paused', day('11:00:00.000')], ['resolved', day('12:00:00.000')]),
      day('16:00:00.000'),
      { state: 'met', due: day('15:00:00.000'), stoppedAt: day('12:00:00.000') },
    ],
  ])('%s', (_name, rule, events, now, outcome) => {
    expect(deadlineOutcome(events, rule, allTime, t(now))).toEqual(expected(outcome));
  });
});

describe('deadlineOutcome search horizon', () => {
  const opened = t('2027-01-04T10:00:00Z');

  it.each<[string, number, ItemEvent[], number, ItemOutcome]>([
    [
      'an allowance of exactly 400 days of all time is due 400 days after the start',
      400 * DAY,
      [{ action: 'opened', ts: opened }],
      opened,
      { state: 'pending', due: opened + 400 * DAY },
    ],
    [
      'an allowance one millisecond beyond the 400-day horizon has no due instant',
      400 * DAY + 1,
      [{ action: 'opened', ts: opened }],
      opened + 500 * DAY,
      { state: 'pending', due: null },
    ],
    [
      'a stopped item whose due instant lies beyond the horizon is pending without a due instant',
      400 * DAY + 1,
      [
        { action: 'opened', ts: opened },
        { action: 'resolved', ts: opened + H },
      ],
      opened + 2 * H,
      { state: 'pending', due: null },
    ],
  ])('%s', (_name, withinMs, events, now, outcome) => {
    expect(deadlineOutcome(events, ticket(withinMs), allTime, now)).toEqual(outcome);
  });

  it('asks the calendar for at most seven days at a time, from the start up to 400 days after it', () => {
    const calls: Interval[] = [];
    const empty: CalendarFn = (from, to) => {
      calls.push([from, to]);
      return [];
    };
    const outcome = deadlineOutcome([{ action: 'opened', ts: opened }], ticket(H), empty, opened + DAY);
    expect(outcome).toEqual({ state: 'pending', due: null });
    expect(calls[0][0]).toBe(opened);
    expect(calls[calls.length - 1][1]).toBe(opened + DEADLINE_HORIZON_MS);
    for (let i = 0; i < calls.length; i++) {
      expect(calls[i][1] - calls[i][0]).toBeLessThanOrEqual(DEADLINE_CHUNK_MS);
      if (i > 0) expect(calls[i][0]).toBe(calls[i - 1][1]);
    }
    // 400 days = 57 weeks + 1 day.
    expect(calls).toHaveLength(58);
  });
});

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
  it.each<[string, ItemEvent[], number, string, Expected]>([
    [
      // Thu 25 Mar 16:00 local = 14:00Z: 2 h until 18:00 local (16:00Z); Fri–Sat closed; Sunday
      // 28 Mar opens 08:00 local = 05:00Z (summer time now), +2 h = 07:00Z = 10:00 local.
      'a ticket opened Thursday 16:00 with four business hours is due Sunday 10:00, across the weekend and the clock change',
      ev(['opened', '2027-03-25T14:00:00Z']),
      4 * H,
      '2027-03-26T09:00:00Z',
      { state: 'pending', due: '2027-03-28T07:00:00Z' },
    ],
    [
      'that ticket resolved Sunday 09:30 local is met',
      ev(['opened', '2027-03-25T14:00:00Z'], ['resolved', '2027-03-28T06:30:00Z']),
      4 * H,
      '2027-03-28T08:00:00Z',
      { state: 'met', due: '2027-03-28T07:00:00Z', stoppedAt: '2027-03-28T06:30:00Z' },
    ],
    [
      'that ticket still open on Sunday 10:00:00.001 local is missed',
      ev(['opened', '2027-03-25T14:00:00Z']),
      4 * H,
      '2027-03-28T07:00:00.001Z',
      { state: 'missed', due: '2027-03-28T07:00:00Z', stoppedAt: null },
    ],
    [
      // Thu 18 Mar 16:00–18:00 local is the whole allowance (14:00–16:00Z): due at the close itself,
      // not at Sunday's opening.
      'a ticket whose allowance ends exactly at closing time is due at closing time',
      ev(['opened', '2027-03-18T14:00:00Z']),
      2 * H,
      '2027-03-18T15:00:00Z',
      { state: 'pending', due: '2027-03-18T16:00:00Z' },
    ],
    [
      // Sun 14 Mar 07:00 local (05:00Z) is before opening: counting starts 06:00Z, +4 h = 10:00Z.
      'a ticket opened before opening hours starts counting at opening time',
      ev(['opened', '2027-03-14T05:00:00Z']),
      4 * H,
      '2027-03-14T07:00:00Z',
      { state: 'pending', due: '2027-03-14T10:00:00Z' },
    ],
    [
      // Opened Fri 26 Mar 12:00 local (09:00Z, summer time): nothing counts until Sun 28 Mar 05:00Z.
      'a ticket opened on Friday starts counting on Sunday morning',
      ev(['opened', '2027-03-26T09:00:00Z']),
      1 * H,
      '2027-03-27T09:00:00Z',
      { state: 'pending', due: '2027-03-28T06:00:00Z' },
    ],
    [
      // Opened Thu 18 Mar 10:00 local (08:00Z), 10 business hours. Counted Thu 08:00–15:00Z (7 h), paused
      // 15:00Z Thu to Sun 21 Mar 07:00Z (09:00 local); 3 h left from 07:00Z: due 10:00Z (12:00 local).
      // Without the pause it would have been Sun 08:00Z: the pause hid Thu 15–16Z and Sun 06–07Z.
      'a pause from Thursday 17:00 to Sunday 09:00 only pushes the due instant back by the business hours it covers',
      ev(
        ['opened', '2027-03-18T08:00:00Z'],
        ['paused', '2027-03-18T15:00:00Z'],
        ['resumed', '2027-03-21T07:00:00Z'],
      ),
      10 * H,
      '2027-03-21T09:00:00Z',
      { state: 'pending', due: '2027-03-21T10:00:00Z' },
    ],
    [
      'the same ticket without the pause is due Sunday 10:00 local',
      ev(['opened', '2027-03-18T08:00:00Z']),
      10 * H,
      '2027-03-21T07:00:00Z',
      { state: 'pending', due: '2027-03-21T08:00:00Z' },
    ],
    [
      // Paused Thu 18 Mar 17:00 local and resolved Sat 20 Mar: the pause ends at the stop, after which
      // the clock runs on the calendar alone: 3 h from Sun 21 Mar 06:00Z = 09:00Z. Stop is before due.
      'a ticket paused Thursday and resolved over the weekend is met with a due instant on Sunday',
      ev(
        ['opened', '2027-03-18T08:00:00Z'],
        ['paused', '2027-03-18T15:00:00Z'],
        ['resolved', '2027-03-20T10:00:00Z'],
      ),
      10 * H,
      '2027-03-21T12:00:00Z',
      { state: 'met', due: '2027-03-21T09:00:00Z', stoppedAt: '2027-03-20T10:00:00Z' },
    ],
    [
      // Thu 8 Apr 05:00–15:00Z is the last business day written out: 10 h of the 50 h allowance.
      'a ticket whose allowance runs past the end of the calendar has no due instant',
      ev(['opened', '2027-04-08T05:00:00Z']),
      50 * H,
      '2027-04-20T00:00:00Z',
      { state: 'pending', due: null },
    ],
  ])('%s', (_name, events, withinMs, now, outcome) => {
    expect(deadlineOutcome(events, ticket(withinMs), business, t(now))).toEqual(expected(outcome));
  });
});

describe('dueInside', () => {
  const measured: Interval[] = [
    [t('2027-03-01T00:00:00Z'), t('2027-03-02T00:00:00Z')],
    [t('2027-03-03T00:00:00Z'), t('2027-03-04T00:00:00Z')],
  ];

  it.each<[string, ItemOutcome, boolean]>([
    [
      'a met item due inside measured time is inside',
      { state: 'met', due: t('2027-03-01T12:00:00Z'), stoppedAt: t('2027-03-01T11:00:00Z') },
      true,
    ],
    [
      'a missed item due inside the second measured interval is inside',
      { state: 'missed', due: t('2027-03-03T12:00:00Z'), stoppedAt: null },
      true,
    ],
    [
      'a pending item with a due instant inside measured time is inside',
      { state: 'pending', due: t('2027-03-01T12:00:00Z') },
      true,
    ],
    [
      'an item due at the first instant of a measured interval is inside',
      { state: 'met', due: t('2027-03-03T00:00:00Z'), stoppedAt: t('2027-03-02T00:00:00Z') },
      true,
    ],
    [
      'an item due at the end of a measured interval is outside, since intervals are half-open',
      { state: 'missed', due: t('2027-03-02T00:00:00Z'), stoppedAt: null },
      false,
    ],
    [
      'an item due in the gap between measured intervals is outside',
      { state: 'met', due: t('2027-03-02T12:00:00Z'), stoppedAt: t('2027-03-02T11:00:00Z') },
      false,
    ],
    ['a pending item without a due instant is outside', { state: 'pending', due: null }, false],
    ['an ignored item is outside', { state: 'ignored' }, false],
  ])('%s', (_name, outcome, inside) => {
    expect(dueInside(outcome, measured)).toBe(inside);
  });

  it('nothing is inside an empty measured set', () => {
    expect(dueInside({ state: 'pending', due: 0 }, [])).toBe(false);
  });
});

describe('reportedLate', () => {
  const rule = { start: 'opened', stop: 'resolved', withinMs: 3_600_000 };
  const always = (from: number, to: number): Array<[number, number]> => [[from, to]];
  const H = 3_600_000;
  it.each([
    ['a stop received in time', 30 * 60_000, 31 * 60_000, false],
    ['a stop received 3 h later, stamped before due', 30 * 60_000, 3 * H, true],
    ['a stop received within the skew after due', 30 * 60_000, H + 4 * 60_000, false],
    ['a stop received just past the skew', 30 * 60_000, H + 6 * 60_000, true],
    ['a missed item (stopped after due) received late', 2 * H, 3 * H, false],
    ['a stop whose arrival is unknown', 30 * 60_000, undefined, false],
  ])('%s', (_name, stopTs, receivedAt, late) => {
    const events = [
      { action: 'opened', ts: 0, receivedAt: 0 },
      { action: 'resolved', ts: stopTs, ...(receivedAt === undefined ? {} : { receivedAt }) },
    ];
    const outcome = deadlineOutcome(events, rule, always, 10 * H);
    expect(reportedLate(events, outcome, rule)).toBe(late);
  });
});
