import {
  DEADLINE_CHUNK_MS,
  DEADLINE_HORIZON_MS,
  deadlineOutcome,
  type CalendarFn,
  type ItemEvent,
  type ItemOutcome,
} from './deadline';
import { allTime, DAY, H, t, ticket } from './deadline.spec-helpers';
import { type Interval } from '../../common/time/intervals';

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
