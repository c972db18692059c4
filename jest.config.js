/** Unit tests (pure logic, next to the code) and e2e tests (HTTP, real PostgreSQL built by the migrations). */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', astTransformers: { before: ['test/support/swagger-transformer.js'] } }] };

/**
 * Unit tests are transpiled file by file (types are checked by `npm run typecheck`) and need no OpenAPI
 * metadata: a type-checking compiler in every worker held ~700 MB, which made workers too slow to exit
 * (Jest force-exited them) and the unit run half as fast.
 */
const unitTransform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.unit.json' }] };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'],
      transform: unitTransform,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      transform,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  maxWorkers: 2,
  testTimeout: 60000,
};
