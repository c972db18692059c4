// Applies the @nestjs/swagger compiler plugin under ts-jest, as `nest build` does, so the OpenAPI
// document the tests read is the one the built app serves.
const plugin = require('@nestjs/swagger/plugin');

module.exports = {
  name: 'nestjs-swagger-transformer',
  version: 1,
  factory: (compiler) =>
    plugin.before(
      { classValidatorShim: true, introspectComments: true, dtoFileNameSuffix: ['.dto.ts', '.entity.ts'] },
      compiler.program,
    ),
};
