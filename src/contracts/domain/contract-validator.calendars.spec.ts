import { type Change, DROP, itRejects, NOT_KNOWN, REQUIRED, to } from './contract-fixtures.spec-helpers';

// Business calendars (spec.calendars) and the objectives that name them.

const CAL = 'spec.calendars.business';
const OVERLAPS_FIRST = /overlaps spec\.calendars\.business\.hours\[0\]/;

/** The business calendar's hours, written `08:00-12:00`. */
const hours =
  (...spans: string[]): Change =>
  (d) =>
    (d.spec.calendars.business.hours = spans.map((span) => {
      const [from, to] = span.split('-');
      return { from, to };
    }));

describe('business calendars', () => {
  itRejects([
    [
      'rejects calendar hours that overlap the previous span',
      `${CAL}.hours[1]`,
      hours('08:00-12:00', '11:00-18:00'),
      OVERLAPS_FIRST,
    ],
    [
      'rejects calendar hours that overlap a span listed later',
      `${CAL}.hours[1]`,
      hours('11:00-18:00', '08:00-12:00'),
      OVERLAPS_FIRST,
    ],
    [
      'rejects calendar hours that overlap a long span even when a short one sits between them',
      `${CAL}.hours[2]`,
      hours('08:00-18:00', '09:00-10:00', '11:00-12:00'),
      OVERLAPS_FIRST,
    ],
    ['rejects a repeated calendar span', `${CAL}.hours[1]`, hours('08:00-12:00', '08:00-12:00'), /overlaps/],
    ['rejects reversed calendar hours', `${CAL}.hours[0]`, hours('18:00-08:00'), /ends before it starts/],
    [
      'rejects empty calendar hours (from equals to)',
      `${CAL}.hours[0]`,
      hours('08:00-08:00'),
      /ends before it starts/,
    ],
    ['rejects 24:00 as the start of calendar hours', `${CAL}.hours[0].from`, hours('24:00-24:00'), /23:59/],
    ['rejects 24:30 as the end of calendar hours', `${CAL}.hours[0].to`, hours('08:00-24:30'), /24:00/],
    ['rejects a single-digit hour in calendar hours', `${CAL}.hours[0].from`, hours('8:00-18:00'), /HH:MM/],
    ['rejects minute 60 in calendar hours', `${CAL}.hours[0].from`, hours('08:60-18:00'), /HH:MM/],
    [
      'rejects a calendar span without to',
      `${CAL}.hours[0].to`,
      (d) => (d.spec.calendars.business.hours = [{ from: '08:00' }]),
      REQUIRED,
    ],
    ['rejects an unknown field in a calendar span', `${CAL}.hours[0].zone`, to('UTC'), NOT_KNOWN],
    ['rejects a calendar without hours', `${CAL}.hours`, DROP, REQUIRED],
    ['rejects a calendar with no weekdays', `${CAL}.weekdays`, to([]), /at least 1/],
    [
      'rejects a weekday spelled out in full',
      `${CAL}.weekdays[1]`,
      (d) => (d.spec.calendars.business.weekdays = ['sun', 'monday']),
      /one of sun/,
    ],
    [
      'rejects a repeated weekday',
      `${CAL}.weekdays[2]`,
      (d) => (d.spec.calendars.business.weekdays = ['mon', 'tue', 'mon']),
      /repeats mon/,
    ],
    [
      'rejects an impossible holiday date',
      `${CAL}.holidays[0]`,
      (d) => (d.spec.calendars.business.holidays = ['2027-02-29']),
      /date/,
    ],
    ['rejects an unknown calendar field', `${CAL}.colour`, to('red'), NOT_KNOWN],
    [
      'rejects a calendar name with a space',
      'spec.calendars.office hours',
      (d) => (d.spec.calendars['office hours'] = d.spec.calendars.business),
      /calendar name/,
    ],
    ['rejects a calendar that is not an object', CAL, to('weekdays'), /object/],
    // JSON.parse and the yaml package both keep `__proto__` as an own key; assigning it into a fresh
    // object would set the prototype instead, silently losing the calendar.
    [
      'rejects a calendar named __proto__ instead of losing it from the spec',
      'spec.calendars.__proto__',
      (d) => {
        d.spec.calendars = JSON.parse(
          '{"__proto__": {"weekdays": ["mon"], "hours": [{"from": "08:00", "to": "18:00"}]}}',
        );
        d.spec.objectives[3].serviceHours = '__proto__';
        d.spec.objectives[3].indicator.calendar = '__proto__';
        d.spec.objectives[6].indicator.calendar = '__proto__';
      },
      /calendar name/,
    ],
  ]);
});

describe('calendar references', () => {
  itRejects([
    [
      'rejects serviceHours naming an unknown calendar',
      'spec.objectives[3].serviceHours',
      to('weekend'),
      /names no calendar of spec\.calendars \(business\)/,
    ],
    [
      'rejects serviceHours when no calendars are defined',
      'spec.objectives[3].serviceHours',
      (d) => {
        delete d.spec.calendars;
        delete d.spec.objectives[3].indicator.calendar;
        delete d.spec.objectives[6].indicator.calendar;
      },
      /none defined/,
    ],
    [
      'rejects a deadline calendar naming an unknown calendar',
      'spec.objectives[6].indicator.calendar',
      to('support'),
      /names no calendar/,
    ],
    [
      'rejects a calendar reference that only matches an inherited property name',
      'spec.objectives[3].serviceHours',
      to('toString'),
      /names no calendar/,
    ],
  ]);
});
