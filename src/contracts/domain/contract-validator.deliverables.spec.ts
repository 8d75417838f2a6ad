import { DROP, itRejects, NOT_KNOWN, REQUIRED, to } from './contract-fixtures.spec-helpers';

// Deliverables: due within the effective range, in the contract's zone, with unique keys.

describe('deliverables', () => {
  itRejects([
    [
      'rejects a deliverable due before local midnight of effective.from in the contract zone',
      'spec.deliverables[0].due',
      to('2026-12-31T23:59:59+02:00'),
      /effective range/,
    ],
    [
      'rejects a deliverable due at the local midnight after effective.to',
      'spec.deliverables[1].due',
      to('2028-01-01T00:00:00+02:00'),
      /effective range/,
    ],
    [
      'rejects a deliverable due after effective.to written in UTC',
      'spec.deliverables[1].due',
      to('2027-12-31T22:00:00Z'),
      /effective range/,
    ],
    [
      'measures the effective range in the contract zone, not in UTC',
      'spec.deliverables[0].due',
      (d) => {
        d.spec.timezone = 'America/New_York';
        // 2027-01-01T03:00Z is still 31 December in New York.
        d.spec.deliverables[0].due = '2027-01-01T03:00:00Z';
      },
      /effective range/,
    ],
    [
      'rejects a deliverable due without an offset',
      'spec.deliverables[0].due',
      to('2027-03-31T18:00:00'),
      /offset/,
    ],
    [
      'rejects a deliverable due given as a date only',
      'spec.deliverables[0].due',
      to('2027-03-31'),
      /offset/,
    ],
    [
      'rejects an impossible deliverable due',
      'spec.deliverables[0].due',
      to('2027-02-30T18:00:00+02:00'),
      /offset/,
    ],
    [
      'rejects a duplicate deliverable key at the second occurrence',
      'spec.deliverables[1].key',
      to('dr-site'),
      /duplicates spec\.deliverables\[0\]\.key/,
    ],
    ['rejects a deliverable without title', 'spec.deliverables[0].title', DROP, REQUIRED],
    [
      'rejects a deliverable responsible outside the three parties',
      'spec.deliverables[0].responsible',
      to('them'),
      /vendor, customer, shared/,
    ],
    ['rejects an unknown deliverable field', 'spec.deliverables[0].colour', to('red'), NOT_KNOWN],
    ['rejects deliverables that are not a list', 'spec.deliverables', to('dr-site'), /list/],
  ]);
});
