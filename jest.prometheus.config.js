// `npm run test:prometheus`: the dashboards against a real Prometheus (needs the prometheus and
// promtool binaries, so not part of `npm test`). Same embedded PostgreSQL set-up as the integration tier.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  roots: ['<rootDir>/test/prometheus'],
  testMatch: ['**/*.prom-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  slowTestThreshold: 60,
};
