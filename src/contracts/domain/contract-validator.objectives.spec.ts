import { DROP, itRejects, NOT_KNOWN, REQUIRED, to } from './contract-fixtures.spec-helpers';

// Objectives: their identity, fields and indicator kinds, ratios, and the list itself.

describe('objective fields and indicator kinds', () => {
  itRejects([
    [
      'rejects a duplicate objective key at the second occurrence',
      'spec.objectives[3].key',
      to('portal-availability'),
      /duplicates spec\.objectives\[0\]\.key/,
    ],
    [
      'rejects a repeated objective appended at the end',
      'spec.objectives[8].key',
      (d) => d.spec.objectives.push(structuredClone(d.spec.objectives[1])),
      /duplicates spec\.objectives\[1\]\.key/,
    ],
    ['rejects an objective key that is not a slug', 'spec.objectives[0].key', to('Portal'), /slug/],
    ['rejects an objective without key', 'spec.objectives[0].key', DROP, REQUIRED],
    ['rejects an objective without period', 'spec.objectives[0].period', DROP, REQUIRED],
    ['rejects an objective without indicator', 'spec.objectives[0].indicator', DROP, REQUIRED],
    ['rejects an objective without objective', 'spec.objectives[0].objective', DROP, REQUIRED],
    ['rejects an unknown indicator kind', 'spec.objectives[0].indicator.kind', to('latency'), /one of ratio/],
    ['rejects an indicator without kind', 'spec.objectives[0].indicator.kind', DROP, REQUIRED],
    ['rejects an indicator whose kind is null', 'spec.objectives[0].indicator.kind', to(null), REQUIRED],
    ['rejects an indicator that is a string', 'spec.objectives[0].indicator', to('ratio'), /object/],
    [
      'rejects an unknown threshold aggregate',
      'spec.objectives[2].indicator.aggregate',
      to('median'),
      /one of avg/,
    ],
    [
      'rejects a percentile that is not offered',
      'spec.objectives[2].indicator.aggregate',
      to('p95.5'),
      /p99\.9/,
    ],
    ['rejects a threshold without aggregate', 'spec.objectives[2].indicator.aggregate', DROP, REQUIRED],
    [
      'rejects an unknown timeslice aggregate',
      'spec.objectives[1].indicator.aggregate',
      to('mean'),
      /one of avg/,
    ],
    ['rejects an invalid metric name', 'spec.objectives[2].indicator.metric', to('9lives'), /metric name/],
    ['rejects an unknown indicator field', 'spec.objectives[0].indicator.colour', to('red'), NOT_KNOWN],
    ['rejects an unknown objective field', 'spec.objectives[0].colour', to('red'), NOT_KNOWN],
    [
      'rejects a severity outside critical, major, minor',
      'spec.objectives[0].severity',
      to('high'),
      /critical, major, minor/,
    ],
    [
      'rejects a responsible party outside vendor, customer, shared',
      'spec.objectives[0].responsible',
      to('both'),
      /vendor, customer, shared/,
    ],
    [
      'rejects an excludeMaintenance that is not a boolean',
      'spec.objectives[0].excludeMaintenance',
      to('no'),
      /true or false/,
    ],
    ['rejects a warnAt above 100', 'spec.objectives[0].warnAt', to(150), /at most 100/],
    ['rejects a minEvents of 0', 'spec.objectives[0].minEvents', to(0), /at least 1/],
    ['rejects a fractional minEvents', 'spec.objectives[0].minEvents', to(1.5), /whole/],
  ]);
});

describe('ratio indicators', () => {
  itRejects([
    [
      'rejects a ratio with both good and bad',
      'spec.objectives[0].indicator',
      (d) => (d.spec.objectives[0].indicator.bad = 'portal_requests_failed'),
      /exactly one of good or bad/,
    ],
    [
      'rejects a ratio with neither good nor bad',
      'spec.objectives[0].indicator',
      (d) => delete d.spec.objectives[0].indicator.good,
      /exactly one of good or bad/,
    ],
    [
      'rejects a ratio whose good is null and that has no bad',
      'spec.objectives[0].indicator',
      (d) => (d.spec.objectives[0].indicator.good = null),
      /exactly one of good or bad/,
    ],
    ['rejects a ratio without total', 'spec.objectives[0].indicator.total', DROP, REQUIRED],
  ]);
});

describe('the objectives list', () => {
  itRejects([
    [
      'rejects a contract with neither objectives nor deliverables',
      'spec.objectives',
      (d) => {
        d.spec.objectives = [];
        delete d.spec.deliverables;
      },
      /at least one objective or deliverable/,
    ],
    ['rejects objectives that are not a list', 'spec.objectives', to({ a: 1 }), /list/],
    ['rejects an objective that is a string', 'spec.objectives[0]', to('portal-availability'), /object/],
  ]);
});
