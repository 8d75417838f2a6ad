import { deadlineOutcome, type DeadlineRule } from './deadline';
import {
  allTime,
  type Expected,
  expected,
  H,
  ignored,
  met,
  missed,
  outcomeCase,
  type OutcomeRow,
  pending,
  t,
  timeline,
} from './deadline.spec-helpers';

// The clock without a calendar. The search horizon, business calendars and what an outcome counts
// for are in deadline.horizon.spec.ts, deadline.business-calendar.spec.ts and
// deadline.attribution.spec.ts. Every instant is written in UTC, so the suites do not depend on the
// process TZ. Expected dues are worked out by hand in the comments of each row.

describe('deadlineOutcome without a calendar (all time counts)', () => {
  /** An hh:mm[:ss.sss] on Monday 4 January 2027 (UTC), or a full ISO instant as it stands. */
  const day = (time: string): string => (time.includes('T') ? time : `2027-01-04T${time}Z`);

  it.each<OutcomeRow>([
    [
      'a ticket resolved exactly at its due instant is met',
      'opened 10:00, resolved 14:00',
      4 * H,
      '15:00',
      met('14:00', '14:00'),
    ],
    [
      'a ticket resolved one millisecond after its due instant is missed',
      'opened 10:00, resolved 14:00:00.001',
      4 * H,
      '15:00',
      missed('14:00', '14:00:00.001'),
    ],
    [
      'a ticket resolved early is met and keeps its due instant, even one still in the future',
      'opened 10:00, resolved 11:00',
      4 * H,
      '12:00',
      met('14:00', '11:00'),
    ],
    [
      'a ticket still running one millisecond past its due instant is missed',
      'opened 10:00',
      4 * H,
      '14:00:00.001',
      missed('14:00', null),
    ],
    [
      'a ticket still running exactly at its due instant is pending',
      'opened 10:00',
      4 * H,
      '14:00',
      pending('14:00'),
    ],
    [
      'a ticket still running before its due instant is pending with that due instant',
      'opened 10:00, responded 10:30',
      4 * H,
      '12:00',
      pending('14:00'),
    ],
    [
      // Paused 11:00–12:30 (1.5 h): 10:00 + 4 h + 1.5 h = 15:30.
      'a pause then a resume pushes the due instant back by the paused time',
      'opened 10:00, paused 11:00, resumed 12:30, resolved 15:00',
      4 * H,
      '16:00',
      met('15:30', '15:00'),
    ],
    [
      // Two pauses of 30 min each: 10:00 + 4 h + 1 h = 15:00.
      'several pause and resume pairs all push the due instant back',
      'opened 10:00, paused 10:30, resumed 11:00, paused 12:00, resumed 12:30',
      4 * H,
      '14:30',
      pending('15:00'),
    ],
    [
      // The stop is at 12:00, so the 12:30–13:00 pause is ignored: due stays 14:00.
      'a pause after the stop is ignored',
      'opened 10:00, resolved 12:00, paused 12:30, resumed 13:00',
      4 * H,
      '16:00',
      met('14:00', '12:00'),
    ],
    [
      // Paused 11:00 until the stop at 12:00 (1 h); after the stop the clock runs on: due 15:00.
      'a pause still open at the stop ends at the stop and the clock runs on after it',
      'opened 10:00, paused 11:00, resolved 12:00',
      4 * H,
      '16:00',
      met('15:00', '12:00'),
    ],
    [
      // Counted 10:00–11:00, paused 11:00 to the stop at 16:00 (5 h), then 3 h more: due 19:00.
      'a ticket stopped while paused past the unpaused due is judged against the pushed-back due',
      'opened 10:00, paused 11:00, resolved 16:00',
      4 * H,
      '20:00',
      met('19:00', '16:00'),
    ],
    [
      // The pause runs 11:00–12:00; the 11:30 pause does not restart it: due 15:00, not 14:30.
      'a second pause while already paused is ignored',
      'opened 10:00, paused 11:00, paused 11:30, resumed 12:00',
      4 * H,
      '12:00',
      pending('15:00'),
    ],
    [
      // The 11:00 resume does nothing; the only pause is 12:00–12:30: due 14:30.
      'a resume while running is ignored',
      'opened 10:00, resumed 11:00, paused 12:00, resumed 12:30',
      4 * H,
      '13:00',
      pending('14:30'),
    ],
    [
      'a resume while running does not end a later pause, so the ticket is still paused with no due yet',
      'opened 10:00, resumed 11:00, paused 12:00',
      4 * H,
      '20:00',
      pending(null),
    ],
    [
      'a ticket still paused with no stop has no due instant yet and stays pending however late it is',
      'opened 10:00, paused 11:00',
      4 * H,
      '2027-03-01T00:00:00.000Z',
      pending(null),
    ],
    [
      // Counted time reached 4 h at 14:00, before the 15:00 pause.
      'a ticket paused after its due instant had already passed is missed',
      'opened 10:00, paused 15:00',
      4 * H,
      '16:00',
      missed('14:00', null),
    ],
    [
      'a pause at the very instant counted time reaches the limit keeps that due instant',
      'opened 10:00, paused 14:00',
      4 * H,
      '14:00',
      pending('14:00'),
    ],
    ['an item without a start action is ignored', 'responded 10:00, resolved 11:00', 4 * H, '12:00', ignored],
    [
      'the clock starts at the first start action and a later one changes nothing',
      'opened 10:00, opened 11:00',
      4 * H,
      '12:00',
      pending('14:00'),
    ],
    [
      'a stop action before the start is ignored and the first stop after it counts',
      'resolved 09:00, opened 10:00, resolved 13:00, resolved 15:00',
      4 * H,
      '16:00',
      met('14:00', '13:00'),
    ],
    [
      'a stop with the same timestamp as the start but arriving before it is ignored',
      'resolved 10:00, opened 10:00',
      4 * H,
      '12:00',
      pending('14:00'),
    ],
    [
      'a stop with the same timestamp as the start and arriving after it stops the clock at once',
      'opened 10:00, resolved 10:00',
      4 * H,
      '12:00',
      met('14:00', '10:00'),
    ],
    [
      'events stamped after now are ignored, so a stop in the future does not count yet',
      'opened 10:00, resolved 15:00',
      4 * H,
      '14:30',
      missed('14:00', null),
    ],
    [
      'an item whose only start action is stamped after now is ignored',
      'opened 13:00',
      4 * H,
      '12:00',
      ignored,
    ],
    [
      'a zero allowance makes the start instant itself the due instant',
      'opened 10:00, resolved 10:00',
      0,
      '12:00',
      met('10:00', '10:00'),
    ],
  ])('%s', outcomeCase(allTime, day));

  it.each<[string, DeadlineRule, string, string, Expected]>([
    [
      // submitted 10:00 + 2 h = 12:00; approved at 13:00. opened/resolved mean nothing to this rule.
      'custom start and stop actions replace opened and resolved',
      { start: 'submitted', stop: 'approved', withinMs: 2 * H },
      'opened 09:00, submitted 10:00, resolved 11:00, approved 13:00',
      '14:00',
      missed('12:00', '13:00'),
    ],
    [
      'with custom actions an item that only has the default actions is ignored',
      { start: 'submitted', stop: 'approved', withinMs: 2 * H },
      'opened 09:00, resolved 11:00',
      '14:00',
      ignored,
    ],
    [
      'pause and resume actions mean nothing when the rule names none',
      { start: 'opened', stop: 'resolved', withinMs: 4 * H },
      'opened 10:00, paused 11:00, resumed 12:00',
      '13:00',
      pending('14:00'),
    ],
    [
      // Paused from 11:00 until the stop at 12:00 (no resume action exists): due 15:00.
      'with a pause action but no resume action a pause lasts until the stop',
      { start: 'opened', stop: 'resolved', withinMs: 4 * H, pause: 'paused' },
      'opened 10:00, paused 11:00, resolved 12:00',
      '16:00',
      met('15:00', '12:00'),
    ],
  ])('%s', (_name, rule, events, now, outcome) => {
    expect(deadlineOutcome(timeline(events, day), rule, allTime, t(day(now)))).toEqual(
      expected(outcome, day),
    );
  });
});
