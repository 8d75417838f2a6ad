import { DROP, itRejects, NOT_KNOWN, REQUIRED, to } from './contract-fixtures.spec-helpers';

// What an objective promises: its target, its period and the credits it pays.

describe('objective targets', () => {
  itRejects([
    ['rejects a percentage target above 100', 'spec.objectives[0].objective', to('>= 101%'), /0 to 100/],
    [
      'rejects a negative percentage target',
      'spec.objectives[0].objective',
      to({ op: 'gte', target: -1 }),
      /0 to 100/,
    ],
    [
      'rejects a timeslice target above 100 without a percent sign',
      'spec.objectives[1].objective',
      to('>= 150'),
      /0 to 100/,
    ],
    [
      'rejects a deadline target above 100 in the object form',
      'spec.objectives[3].objective',
      to({ op: 'gte', target: 100.5 }),
      /0 to 100/,
    ],
    ['rejects a freshness target below 0', 'spec.objectives[5].objective', to('>= -0.5%'), /0 to 100/],
    [
      'rejects a percent sign on a threshold target',
      'spec.objectives[2].objective',
      to('<= 300%'),
      /remove the %/,
    ],
    [
      'rejects an unknown comparison symbol',
      'spec.objectives[0].objective',
      to('=> 99.9%'),
      /must look like/,
    ],
    ['rejects an equality comparison', 'spec.objectives[0].objective', to('== 99.9%'), /must look like/],
    [
      'rejects a comparison without a number',
      'spec.objectives[0].objective',
      to('>= high'),
      /must look like/,
    ],
    [
      'rejects an unknown op in the object form',
      'spec.objectives[0].objective',
      to({ op: 'eq', target: 99 }),
      /op must be one of/,
    ],
    [
      'rejects a target written as text in the object form',
      'spec.objectives[0].objective',
      to({ op: 'gte', target: '99.9' }),
      /target must be a number/,
    ],
    [
      'rejects extra fields in the object form',
      'spec.objectives[0].objective',
      to({ op: 'gte', target: 99, unit: '%' }),
      /unknown fields: unit/,
    ],
    [
      'rejects an objective that is a bare number',
      'spec.objectives[0].objective',
      to(99.9),
      /must look like/,
    ],
    [
      'rejects a threshold target that overflows to infinity',
      'spec.objectives[2].objective',
      to('<= 1e400'),
      /too large/,
    ],
  ]);
});

describe('periods', () => {
  itRejects([
    [
      'rejects a period that is neither calendar nor duration',
      'spec.objectives[0].period',
      to('fortnight'),
      /day, week, month, quarter, year/,
    ],
    ['rejects a zero rolling period', 'spec.objectives[2].period', to('0m'), /rolling window/],
    ['rejects a rolling period shorter than a minute', 'spec.objectives[2].period', to('30s'), /1m to 400d/],
    ['rejects a rolling period longer than 400 days', 'spec.objectives[2].period', to('401d'), /1m to 400d/],
    ['rejects an adjective period name', 'spec.objectives[6].period', to('monthly'), /rolling window/],
    ['rejects a period given as a number', 'spec.objectives[0].period', to(30), /string/],
  ]);
});

describe('credit tiers', () => {
  itRejects([
    [
      'rejects credit tiers that go upwards',
      'spec.objectives[0].credits[1].below',
      to(99.95),
      /strictly downwards/,
    ],
    [
      'rejects two credit tiers with the same below',
      'spec.objectives[0].credits[1].below',
      to(99.9),
      /strictly downwards/,
    ],
    [
      'rejects credits on a rolling-period objective',
      'spec.objectives[0].credits',
      (d) => (d.spec.objectives[0].period = '30d'),
      /month, quarter or year/,
    ],
    [
      'rejects credits on a weekly objective',
      'spec.objectives[3].credits',
      (d) => (d.spec.objectives[3].period = 'week'),
      /month, quarter or year/,
    ],
    [
      'rejects credits on a threshold objective',
      'spec.objectives[2].credits',
      to([{ below: 99, credit: 5 }]),
      /percentages/,
    ],
    ['rejects a credit above 100 percent', 'spec.objectives[0].credits[0].credit', to(101), /at most 100/],
    ['rejects a tier below above 100', 'spec.objectives[0].credits[0].below', to(120), /at most 100/],
    ['rejects a credit tier without credit', 'spec.objectives[0].credits[0].credit', DROP, REQUIRED],
    [
      'rejects an unknown field in a credit tier',
      'spec.objectives[0].credits[0].colour',
      to('red'),
      NOT_KNOWN,
    ],
    [
      'rejects credits that are not a list',
      'spec.objectives[0].credits',
      to({ below: 99, credit: 5 }),
      /list/,
    ],
  ]);
});
