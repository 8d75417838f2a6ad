import { DROP, itRejects, REQUIRED, to } from './contract-fixtures.spec-helpers';

// Deadline, freshness and timeslice indicators, and the objective fields only some kinds take.

const TIMESLICE = 'spec.objectives[1].indicator';
const DEADLINE = 'spec.objectives[3].indicator';
const RESPONSE = 'spec.objectives[4].indicator';
const FRESHNESS = 'spec.objectives[5].indicator';

describe('deadline, freshness and timeslice indicators', () => {
  itRejects([
    ['rejects a deadline pause without resume', `${DEADLINE}.resume`, DROP, /pause and resume go together/],
    ['rejects a deadline resume without pause', `${DEADLINE}.pause`, DROP, /pause and resume go together/],
    [
      'rejects a deadline resume whose pause is null',
      `${DEADLINE}.pause`,
      to(null),
      /pause and resume go together/,
    ],
    [
      'rejects a deadline that stops on its start action',
      `${RESPONSE}.stop`,
      to('opened'),
      /differ from start/,
    ],
    ['rejects a deadline within that is not a duration', `${DEADLINE}.within`, to('4 hours'), /duration/],
    ['rejects a zero deadline within', `${DEADLINE}.within`, to('0h'), /duration/],
    ['rejects a deadline without within', `${DEADLINE}.within`, DROP, REQUIRED],
    ['rejects a deadline item of two words', `${DEADLINE}.item`, to('support ticket'), /one word/],
    [
      'rejects a deadline where value that is an object',
      `${DEADLINE}.where.priority`,
      (d) => (d.spec.objectives[3].indicator.where = { priority: { in: ['P1'] } }),
      /string/,
    ],
    // JSON.parse and the yaml package both keep `__proto__` as an own key: the pair must not vanish.
    [
      'rejects a deadline where pair named __proto__ instead of dropping it',
      `${RESPONSE}.where.__proto__`,
      (d) => (d.spec.objectives[4].indicator.where = JSON.parse('{"__proto__": "P1"}')),
    ],
    ['rejects a deadline where that is a list', `${DEADLINE}.where`, to(['P1']), /object/],
    ['rejects a freshness maxAge that is not a duration', `${FRESHNESS}.maxAge`, to('fifteen'), /duration/],
    ['rejects a zero freshness maxAge', `${FRESHNESS}.maxAge`, to('0m'), /duration/],
    ['rejects a freshness indicator without maxAge', `${FRESHNESS}.maxAge`, DROP, REQUIRED],
    [
      'rejects a timeslice slice that is not a whole number of minutes',
      `${TIMESLICE}.slice`,
      to('90s'),
      /whole number of minutes/,
    ],
    ['rejects a timeslice slice shorter than a minute', `${TIMESLICE}.slice`, to('30s'), /at least 60/],
    ['rejects a timeslice slice longer than a day', `${TIMESLICE}.slice`, to('2d'), /at most 86400/],
    ['rejects a timeslice slice that is not a duration', `${TIMESLICE}.slice`, to('one minute'), /duration/],
    [
      'rejects a percent sign on a timeslice good condition',
      `${TIMESLICE}.good`,
      to('>= 1%'),
      /remove the %/,
    ],
    ['rejects a timeslice without good', `${TIMESLICE}.good`, DROP, REQUIRED],
    [
      'rejects missingData on a ratio objective',
      'spec.objectives[0].missingData',
      to('good'),
      /only to timeslice/,
    ],
    [
      'rejects missingData on a freshness objective',
      'spec.objectives[5].missingData',
      to('bad'),
      /only to timeslice/,
    ],
    [
      'rejects an unknown missingData policy',
      'spec.objectives[1].missingData',
      to('zero'),
      /ignore, good, bad/,
    ],
    [
      'rejects warn on a ratio objective',
      'spec.objectives[0].warn',
      to('>= 99.95%'),
      /applies only to threshold/,
    ],
    [
      'rejects warn on a percentile threshold',
      'spec.objectives[2].warn',
      to('<= 280'),
      /applies only to threshold/,
    ],
    [
      'rejects a malformed warn on a budget-less threshold',
      'spec.objectives[2].warn',
      (d) => {
        d.spec.objectives[2].indicator.aggregate = 'max';
        d.spec.objectives[2].warn = 'soon';
      },
      /must look like/,
    ],
  ]);
});
