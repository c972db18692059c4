/** Unit tests (pure logic, next to the code) and e2e tests (HTTP, real PostgreSQL built by the migrations). */

/**
 * Both are transpiled file by file (types are checked by `npm run typecheck`): a type-checking compiler in
 * every worker made a cold e2e run take 4 min instead of 2.5. The OpenAPI metadata the e2e tests need from
 * the @nestjs/swagger compiler plugin is generated once by the global setup (test/support/openapi-metadata.ts).
 * A worker whose heap has grown past 400 MB after a test file is replaced: workers at 600-900 MB took longer
 * than Jest's 500 ms to exit at the end and were force-exited.
 */
const transform = { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: '<rootDir>/test/support/node-environment.js',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'],
      transform,
    },
    {
      displayName: 'e2e',
      testEnvironment: '<rootDir>/test/support/node-environment.js',
      rootDir: '.',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      transform,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  maxWorkers: 2,
  workerIdleMemoryLimit: '400MB',
  testTimeout: 60000,
};
