import { DROP, itRejects, NOT_KNOWN, REQUIRED, to } from './contract-fixtures.spec-helpers';

// Maintenance windows: recurring (cron and duration) or one-off (from and to).

describe('maintenance windows', () => {
  itRejects([
    ['rejects a cron with four fields', 'spec.maintenance[0].cron', to('0 2 * *'), /5 fields/],
    ['rejects a cron with six fields', 'spec.maintenance[0].cron', to('0 0 2 * * 6'), /5 fields/],
    ['rejects a cron minute of 61', 'spec.maintenance[0].cron', to('61 2 * * 6'), /out of range/],
    ['rejects a cron day-of-week of 8', 'spec.maintenance[0].cron', to('0 2 * * 8'), /out of range/],
    ['rejects a cron macro', 'spec.maintenance[0].cron', to('@daily'), /macros/],
    ['rejects Quartz syntax in a cron', 'spec.maintenance[0].cron', to('0 2 ? * 6'), /Vixie/],
    ['rejects an empty cron', 'spec.maintenance[0].cron', to(' '), /empty/],
    [
      'rejects a maintenance duration that is not a duration',
      'spec.maintenance[0].duration',
      to('3 hours'),
      /duration/,
    ],
    ['rejects a zero maintenance duration', 'spec.maintenance[0].duration', to('0m'), /duration/],
    ['rejects a maintenance duration above 31 days', 'spec.maintenance[0].duration', to('32d'), /at most/],
    ['rejects a recurring window without duration', 'spec.maintenance[0].duration', DROP, REQUIRED],
    ['rejects a maintenance window without title', 'spec.maintenance[1].title', DROP, REQUIRED],
    [
      'rejects a one-off window that ends before it starts',
      'spec.maintenance[1].to',
      to('2027-03-11T21:00:00+02:00'),
      /after from/,
    ],
    [
      'rejects a one-off window that ends when it starts',
      'spec.maintenance[1].to',
      (d) => (d.spec.maintenance[1].to = d.spec.maintenance[1].from),
      /after from/,
    ],
    [
      'rejects a one-off window timestamp without an offset',
      'spec.maintenance[1].from',
      to('2027-03-11T22:00:00'),
      /offset/,
    ],
    [
      'rejects a maintenance window that mixes cron and from/to',
      'spec.maintenance[0].from',
      to('2027-03-11T22:00:00+02:00'),
      NOT_KNOWN,
    ],
    ['rejects an unknown maintenance field', 'spec.maintenance[0].colour', to('red'), NOT_KNOWN],
    ['rejects a maintenance entry that is a string', 'spec.maintenance[0]', to('weekly'), /object/],
  ]);
});
