import { isLocalDate, localDateDaysBefore } from './time';

describe('isLocalDate', () => {
  it.each<[string, string, boolean]>([
    ['accepts a leap day in a leap year', '2028-02-29', true],
    ['accepts a leap day in a year divisible by 400', '2000-02-29', true],
    ['refuses a leap day in a common year', '2027-02-29', false],
    ['refuses a leap day in a century year not divisible by 400', '2100-02-29', false],
    ['refuses the 31st of a 30-day month', '2027-04-31', false],
    ['accepts the 31st of December', '2027-12-31', true],
    ['refuses month 13', '2027-13-01', false],
    ['refuses month 0', '2027-00-10', false],
    ['refuses day 0', '2027-01-00', false],
    ['refuses a one-digit month', '2027-1-01', false],
    ['refuses a five-digit year', '10000-01-01', false],
  ])('%s', (_name, text, expected) => {
    expect(isLocalDate(text)).toBe(expected);
  });
});

describe('localDateDaysBefore', () => {
  it.each<[string, string, string, number, string]>([
    ['counts back from the UTC date in UTC', '2027-02-01T00:00:00Z', 'UTC', 400, '2025-12-28'],
    [
      'counts back from the local date east of UTC',
      '2027-01-31T23:00:00Z',
      'Asia/Jerusalem',
      1,
      '2027-01-31',
    ],
    [
      'counts back from the local date west of UTC',
      '2027-02-01T03:00:00Z',
      'America/New_York',
      1,
      '2027-01-30',
    ],
  ])('%s', (_name, now, zone, days, expected) => {
    expect(localDateDaysBefore(Date.parse(now), zone, days)).toBe(expected);
  });
});
