// `npm run test:faults`: the reliability drills of docs/performance.md against real processes (the compiled
// service, PostgreSQL, an SMTP server), one scenario at a time. Same template-database set-up as the
// integration tier; the database-outage drill starts a PostgreSQL of its own.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.fault-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
  slowTestThreshold: 120,
};
