import { cronOccurrences, parseCron, type ParsedCron } from './cron';

// Every expected instant is written in UTC, so the suite does not depend on the process TZ.
// 2027 transitions (checked with luxon):
//   Europe/Berlin  2027-03-28 02:00 CET → 03:00 CEST (01:00Z); 2027-10-31 03:00 CEST → 02:00 CET (01:00Z)
//   Asia/Jerusalem 2027-03-26 (Fri) 02:00 IST → 03:00 IDT (00:00Z); 2027-10-31 (Sun) 02:00 IDT → 01:00 IST (23:00Z on the 30th)

function parsed(expr: string): ParsedCron {
  const result = parseCron(expr);
  if ('error' in result) throw new Error(`expected '${expr}' to parse: ${result.error}`);
  return result;
}

function starts(expr: string, zone: string, durationSeconds: number, from: string, to: string): string[] {
  return cronOccurrences(parsed(expr), zone, durationSeconds, new Date(from), new Date(to)).map((o) =>
    o.start.toISOString(),
  );
}

const sorted = (values: ReadonlySet<number>): number[] => [...values].sort((a, b) => a - b);

describe('parseCron', () => {
  it.each<[string, Partial<Record<'minutes' | 'hours' | 'dom' | 'months' | 'dow', number[]>>]>([
    ['0 2 * * 6', { minutes: [0], hours: [2], dow: [6] }],
    [
      '*/15 8-18 * * mon-fri',
      { minutes: [0, 15, 30, 45], hours: [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18] },
    ],
    ['0 0 1,15 * *', { dom: [1, 15] }],
    ['0 0 * * 7', { dow: [0] }],
    ['0 0 * * 0,7', { dow: [0] }],
    ['0 0 31 2 *', { dom: [31], months: [2] }],
    ['5/20 * * * *', { minutes: [5, 25, 45] }],
    ['0-30/10 * * * *', { minutes: [0, 10, 20, 30] }],
    ['0 0 * JAN,Jul-sep *', { months: [1, 7, 8, 9] }],
    ['0 0 * * MON-Fri', { dow: [1, 2, 3, 4, 5] }],
    ['0 0 * * fri-sun', { dow: [0, 5, 6] }],
    ['0 0 * * */2', { dow: [0, 2, 4, 6] }],
    ['  0   12 * * *  ', { hours: [12] }],
  ])('accepts "%s" and expands its fields as %j', (expr, expected) => {
    const cron = parsed(expr);
    if (expected.minutes) expect(cron.minutes).toEqual(expected.minutes);
    if (expected.hours) expect(cron.hours).toEqual(expected.hours);
    if (expected.dom) expect(sorted(cron.daysOfMonth)).toEqual(expected.dom);
    if (expected.months) expect(sorted(cron.months)).toEqual(expected.months);
    if (expected.dow) expect(sorted(cron.daysOfWeek)).toEqual(expected.dow);
  });

  it.each<[string, boolean, boolean]>([
    ['0 0 * * *', false, false],
    ['0 0 13 * *', true, false],
    ['0 0 * * fri', false, true],
    ['0 0 13 * fri', true, true],
    ['0 0 */2 * fri', false, true],
  ])('marks "%s" as day-of-month restricted %p and day-of-week restricted %p', (expr, dom, dow) => {
    const cron = parsed(expr);
    expect([cron.domRestricted, cron.dowRestricted]).toEqual([dom, dow]);
  });

  it.each<[string, string | RegExp]>([
    ['', 'cron expression is empty'],
    ['0 2 * *', 'cron must have 5 fields (minute hour day-of-month month day-of-week), got 4'],
    ['0 0 2 * * 6', 'cron must have 5 fields (minute hour day-of-month month day-of-week), got 6'],
    ['75 * * * *', 'minute 75 is out of range 0-59'],
    ['0 24 * * *', 'hour 24 is out of range 0-23'],
    ['0 0 0 * *', 'day-of-month 0 is out of range 1-31'],
    ['0 0 * 13 *', 'month 13 is out of range 1-12'],
    ['0 0 * * 8', 'day-of-week 8 is out of range 0-7'],
    ['*/0 * * * *', /minute step '0' .* must be a whole number from 1 to 60/],
    ['*/x * * * *', /minute step 'x'/],
    ['0 */25 * * *', /hour step '25'/],
    ['1/2/3 * * * *', /more than one '\/'/],
    ['30-10 * * * *', "minute range '30-10' goes backwards"],
    ['1-2-3 * * * *', "minute '1-2-3' is not a valid range"],
    ['1,,2 * * * *', /minute '1,,2' has an empty list item/],
    ['-5 * * * *', /minute has a missing value/],
    ['1.5 * * * *', "minute '1.5' is not a number"],
    ['0 0 * foo *', "month 'foo' is not a number or a name (jan-dec)"],
    ['0 0 * * monday', "day-of-week 'monday' is not a number or a name (sun-sat)"],
    ['0 0 ? * mon', /day-of-month '\?': \?, L, W and # are not supported/],
    ['0 0 L * *', /day-of-month 'L': .* not supported/],
    ['0 0 15W * *', /day-of-month '15W': .* not supported/],
    ['0 0 * * 5#3', /day-of-week '5#3': .* not supported/],
    ['@daily', "cron macros like '@daily' are not supported; write the 5 fields"],
    ['hello world', /got 2/],
    ['a b c d e', "minute 'a' is not a number"],
  ])('rejects "%s" with an error saying what is wrong', (expr, message) => {
    const result = parseCron(expr);
    expect(result).toHaveProperty('error');
    const { error } = result as { error: string };
    if (typeof message === 'string') expect(error).toBe(message);
    else expect(error).toMatch(message);
  });
});

describe('cronOccurrences', () => {
  it.each<[string, string, string, string[]]>([
    // Israel is UTC+2 in winter: Saturdays 02:00 IST = 00:00Z.
    [
      'winter',
      '2027-01-01T00:00Z',
      '2027-02-01T00:00Z',
      ['2027-01-02', '2027-01-09', '2027-01-16', '2027-01-23', '2027-01-30'].map((d) => `${d}T00:00:00.000Z`),
    ],
    // UTC+3 in summer: Saturdays 02:00 IDT = 23:00Z the Friday before.
    [
      'summer',
      '2027-07-01T00:00Z',
      '2027-08-01T00:00Z',
      ['2027-07-02', '2027-07-09', '2027-07-16', '2027-07-23', '2027-07-30'].map((d) => `${d}T23:00:00.000Z`),
    ],
  ])('expands "0 2 * * 6" for 3 hours in Asia/Jerusalem over a %s month', (_season, from, to, expected) => {
    const windows = cronOccurrences(
      parsed('0 2 * * 6'),
      'Asia/Jerusalem',
      3 * 3600,
      new Date(from),
      new Date(to),
    );
    expect(windows.map((w) => w.start.toISOString())).toEqual(expected);
    for (const w of windows) expect(w.end.getTime() - w.start.getTime()).toBe(3 * 3600 * 1000);
  });

  it.each<[string, string, string, string, string, string[]]>([
    // 02:30 on the 28th does not exist: it fires at 03:30 CEST, the instant 02:30 CET would be.
    [
      'Berlin spring-forward: a nonexistent 02:30 fires at 03:30 CEST (01:30Z)',
      '30 2 * * *',
      'Europe/Berlin',
      '2027-03-27T00:00Z',
      '2027-03-30T00:00Z',
      ['2027-03-27T01:30:00.000Z', '2027-03-28T01:30:00.000Z', '2027-03-29T00:30:00.000Z'],
    ],
    [
      'Berlin spring-forward: shifted 02:30 and real 03:30 are one start, not two',
      '30 2,3 * * *',
      'Europe/Berlin',
      '2027-03-28T00:00Z',
      '2027-03-28T12:00Z',
      ['2027-03-28T01:30:00.000Z'],
    ],
    [
      'Berlin spring-forward: distinct nonexistent times stay distinct',
      '0,30 2 * * *',
      'Europe/Berlin',
      '2027-03-28T00:00Z',
      '2027-03-28T12:00Z',
      ['2027-03-28T01:00:00.000Z', '2027-03-28T01:30:00.000Z'],
    ],
    // 02:30 happens twice on the 31st (00:30Z in CEST, 01:30Z in CET): only the first fires.
    [
      'Berlin fall-back: an ambiguous 02:30 fires once, at 02:30 CEST (00:30Z)',
      '30 2 * * *',
      'Europe/Berlin',
      '2027-10-30T00:00Z',
      '2027-11-02T00:00Z',
      ['2027-10-30T00:30:00.000Z', '2027-10-31T00:30:00.000Z', '2027-11-01T01:30:00.000Z'],
    ],
    [
      'Jerusalem spring-forward: a nonexistent 02:30 fires at 03:30 IDT (00:30Z)',
      '30 2 * * *',
      'Asia/Jerusalem',
      '2027-03-25T00:00Z',
      '2027-03-27T00:00Z',
      ['2027-03-25T00:30:00.000Z', '2027-03-26T00:30:00.000Z', '2027-03-26T23:30:00.000Z'],
    ],
    // 01:30 on the 31st happens at 22:30Z (IDT) and 23:30Z (IST) on the 30th: only the first fires.
    [
      'Jerusalem fall-back: an ambiguous 01:30 fires once, at 01:30 IDT (22:30Z)',
      '30 1 * * *',
      'Asia/Jerusalem',
      '2027-10-29T00:00Z',
      '2027-11-01T00:00Z',
      ['2027-10-29T22:30:00.000Z', '2027-10-30T22:30:00.000Z', '2027-10-31T23:30:00.000Z'],
    ],
  ])('%s', (_name, expr, zone, from, to, expected) => {
    expect(starts(expr, zone, 60, from, to)).toEqual(expected);
  });

  // From local midnight to the next; starts 3 and 4 are local 02:00 and 03:00.
  it.each<[string, string, string, number, string[]]>([
    // 02:00 becomes 03:00 CEST = 01:00Z, the same instant as the real 03:00: 23 starts.
    ['spring-forward', '2027-03-27T23:00Z', '2027-03-28T22:00Z', 23, ['01:00', '02:00']],
    // 02:00 fires in CEST only, so the repeated hour from 01:00Z has no start: 24 starts in 25 hours.
    ['fall-back', '2027-10-30T22:00Z', '2027-10-31T23:00Z', 24, ['00:00', '02:00']],
  ])('fires "0 * * * *" on the Berlin %s day once per local hour', (_name, from, to, count, utcTimes) => {
    const dayStarts = starts('0 * * * *', 'Europe/Berlin', 60, from, to);
    expect(dayStarts).toHaveLength(count);
    expect(dayStarts.slice(2, 4).map((iso) => iso.slice(11, 16))).toEqual(utcTimes);
  });

  it.each<[string, string, string, string, string]>([
    // Fri 01:00 IST = 2027-03-25T23:00Z; 3h later is 05:00 IDT on the wall clock.
    [
      'Fri 01:00 across the spring-forward',
      '0 1 * * 5',
      '2027-03-25T00:00Z',
      '2027-03-25T23:00Z',
      '2027-03-26T02:00Z',
    ],
    // Sun 00:00 IDT = 2027-10-30T21:00Z; 3h later is 02:00 IST on the wall clock.
    [
      'Sun 00:00 across the fall-back',
      '0 0 * * 0',
      '2027-10-30T00:00Z',
      '2027-10-30T21:00Z',
      '2027-10-31T00:00Z',
    ],
  ])('ends a Jerusalem window starting %s after 3 elapsed hours', (_name, expr, from, start, end) => {
    const windows = cronOccurrences(parsed(expr), 'Asia/Jerusalem', 3 * 3600, new Date(from), new Date(end));
    expect(windows).toEqual([{ start: new Date(start), end: new Date(end) }]);
  });

  // The window is 2027-01-02T00:00Z to 03:00Z (Sat 02:00-05:00 IST).
  it.each<[string, number, string, string]>([
    ['starts inside the range', 1, '2027-01-01T12:00Z', '2027-01-03T00:00Z'],
    ['started before the range and is still running', 1, '2027-01-02T02:59Z', '2027-01-03T00:00Z'],
    ['ends exactly at from', 0, '2027-01-02T03:00Z', '2027-01-03T00:00Z'],
    ['starts exactly at to', 0, '2027-01-01T12:00Z', '2027-01-02T00:00Z'],
    ['starts exactly at from', 1, '2027-01-02T00:00Z', '2027-01-02T00:01Z'],
  ])('counts a window that %s as %i overlapping occurrence(s)', (_case, count, from, to) => {
    expect(starts('0 2 * * 6', 'Asia/Jerusalem', 3 * 3600, from, to)).toHaveLength(count);
  });

  it.each<[string, number[]]>([
    // Both day fields restricted: the 13th OR any Friday (January 2027 starts on a Friday).
    ['0 0 13 * 5', [1, 8, 13, 15, 22, 29]],
    ['0 0 13 * *', [13]],
    ['0 0 * * 5', [1, 8, 15, 22, 29]],
    // Vixie: a day-of-month starting with `*` is unrestricted, so both must match (odd Fridays).
    ['0 0 */2 * 5', [1, 15, 29]],
    ['0 0 * * 7', [3, 10, 17, 24, 31]],
  ])('fires "%s" in January 2027 (UTC) on days %j', (expr, days) => {
    const expected = days.map((d) => new Date(Date.UTC(2027, 0, d)).toISOString());
    expect(starts(expr, 'UTC', 60, '2027-01-01T00:00Z', '2027-02-01T00:00Z')).toEqual(expected);
  });

  it('never fires "0 0 31 2 *" over a whole year', () => {
    expect(starts('0 0 31 2 *', 'Europe/Berlin', 60, '2027-01-01T00:00Z', '2028-01-01T00:00Z')).toEqual([]);
  });

  it('returns windows sorted by start even when DST shifts reorder wall times', () => {
    const result = starts('0,30 1-4 * * *', 'Europe/Berlin', 60, '2027-03-27T00:00Z', '2027-03-30T00:00Z');
    expect(result).toEqual([...result].sort());
    expect(new Set(result).size).toBe(result.length);
  });

  it.each<[string, string, number, string, string, RegExp]>([
    ['an unknown zone', 'Mars/Olympus', 60, '2027-01-01T00:00Z', '2027-02-01T00:00Z', /unknown time zone/],
    ['a range over 3700 days', 'UTC', 60, '2020-01-01T00:00Z', '2031-01-01T00:00Z', /exceeds 3700 days/],
    // 3695 days plus a 10-day lookback.
    [
      'a lookback pushing it over 3700 days',
      'UTC',
      10 * 86400,
      '2020-01-01T00:00Z',
      '2030-02-12T00:00Z',
      /exceeds/,
    ],
    ['a zero duration', 'UTC', 0, '2027-01-01T00:00Z', '2027-02-01T00:00Z', /durationSeconds/],
    ['a backwards range', 'UTC', 60, '2027-02-01T00:00Z', '2027-01-01T00:00Z', /before from/],
    ['an invalid date', 'UTC', 60, 'not a date', '2027-01-01T00:00Z', /valid dates/],
  ])('throws for %s', (_case, zone, duration, from, to, message) => {
    expect(() => cronOccurrences(parsed('0 0 * * *'), zone, duration, new Date(from), new Date(to))).toThrow(
      message,
    );
  });

  it('accepts a range of exactly 3700 days', () => {
    const from = new Date('2020-01-01T00:00Z');
    const to = new Date(from.getTime() + 3700 * 86_400_000 - 60_000);
    expect(cronOccurrences(parsed('0 0 1 1 *'), 'UTC', 60, from, to)).toHaveLength(11);
  });
});
