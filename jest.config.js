// Unit specs live beside the code (src/**/*.spec.ts); e2e specs in test/ run against real
// PostgreSQL (one database per jest worker, cloned from a migrated template) and real Redis.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }],
};
const common = {
  moduleFileExtensions: ['ts', 'js', 'json'],
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
};
const e2e = {
  ...common,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['<rootDir>/test/support/worker-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/worker-database.ts'],
};
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'] },
    { ...e2e, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'] },
    // Processes killed, Redis stopped, connections terminated: only with JEST_FAULTS=1
    // (`npm run test:faults`, which CI runs after `npm test`), so `npm test` stays short.
    ...(process.env.JEST_FAULTS === '1' ? [{ ...e2e, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.e2e-spec.ts'] }] : []),
  ],
};
