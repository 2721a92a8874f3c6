/**
 * One FerretDB server is started for the whole run (test/support/globalSetup.ts); every test file gets databases
 * of its own on it. Two workers: the machine has two cores and the database is the bottleneck anyway.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  maxWorkers: 2,
  // Real-database tests on a 2-core machine: generous, so a busy machine slows the run down instead of failing it.
  testTimeout: 120000,
};
