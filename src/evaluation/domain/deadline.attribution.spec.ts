import { deadlineOutcome, dueInside, reportedLate } from './deadline';
import { type Expected, expected, ignored, met, missed, pending, t } from './deadline.spec-helpers';
import { type Interval } from '../../common/time/intervals';

// What an outcome counts for: the measured time its due instant falls in, and whether its stop was
// reported late.

describe('dueInside', () => {
  const measured: Interval[] = [
    [t('2027-03-01T00:00:00Z'), t('2027-03-02T00:00:00Z')],
    [t('2027-03-03T00:00:00Z'), t('2027-03-04T00:00:00Z')],
  ];

  /** A day and time of March 2027 (UTC), such as `'01T12:00'`. */
  const march = (dayTime: string): string => `2027-03-${dayTime}Z`;

  it.each<[string, Expected, boolean]>([
    ['a met item due inside measured time is inside', met('01T12:00', '01T11:00'), true],
    ['a missed item due inside the second measured interval is inside', missed('03T12:00', null), true],
    ['a pending item with a due instant inside measured time is inside', pending('01T12:00'), true],
    ['an item due at the first instant of a measured interval is inside', met('03T00:00', '02T00:00'), true],
    [
      'an item due at the end of a measured interval is outside, since intervals are half-open',
      missed('02T00:00', null),
      false,
    ],
    ['an item due in the gap between measured intervals is outside', met('02T12:00', '02T11:00'), false],
    ['a pending item without a due instant is outside', pending(null), false],
    ['an ignored item is outside', ignored, false],
  ])('%s', (_name, outcome, inside) => {
    expect(dueInside(expected(outcome, march), measured)).toBe(inside);
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
