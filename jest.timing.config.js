// The suites that measure event-loop stalls (the worst contract, dense maintenance) run alone, after
// the others (`npm test` chains them, --runInBand): on a 2-core machine a parallel suite's CPU would
// otherwise be measured as the service's own stall.
const base = require('./jest.config.js').projects[1];

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  displayName: 'timing',
  testMatch: ['**/*.timing-spec.ts'],
  testTimeout: 60000,
};
