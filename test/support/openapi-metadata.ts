import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import { HttpStatus, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ApiOperation, ApiResponse, ApiResponseOptions, SwaggerModule } from '@nestjs/swagger';

/**
 * The e2e tests are transpiled file by file, without the @nestjs/swagger compiler plugin that `nest build`
 * runs: that plugin needs a type-checking compiler in every worker, which made a cold e2e run take 4 min
 * instead of 2.5. What the plugin adds to the OpenAPI document (DTO properties, comments as descriptions,
 * response types) is generated once per run instead, from the options in nest-cli.json, and loaded by every
 * test app before its document is built. Generated this way the metadata leaves out what the plugin reads
 * from constants and literal types (a `@Max(MAX_PAGE_SIZE)`, a union's enum), so `npm run test:startup`
 * checks those on the built app's document.
 */
const OUTPUT_DIR = path.join(__dirname, '..', '.openapi');
const FILENAME = 'openapi-metadata.ts';

export function generateOpenApiMetadata(): void {
  // The package exports its plugin as `@nestjs/swagger/plugin`, typed at the path it is built to.
  const { ReadonlyVisitor } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@nestjs/swagger/plugin') as typeof import('@nestjs/swagger/dist/plugin');
  const nestCli = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'nest-cli.json'), 'utf8'));
  const { options } = nestCli.compilerOptions.plugins.find(
    (p: { name: string }) => p.name === '@nestjs/swagger',
  );
  mkdirSync(OUTPUT_DIR, { recursive: true });
  new PluginMetadataGenerator().generate({
    visitors: [new ReadonlyVisitor({ ...options, pathToSource: OUTPUT_DIR })],
    outputDir: OUTPUT_DIR,
    filename: FILENAME,
    tsconfigPath: 'tsconfig.build.json',
    printDiagnostics: false,
  });
}

type MethodMetadata = Record<string, unknown> & { summary?: string; deprecated?: boolean; tags?: string[] };
type Class = { prototype: object };
type FileMetadata = [Promise<Record<string, Class>>, Record<string, Record<string, MethodMetadata>>][];

/**
 * Loads the generated metadata. DTOs take theirs as `nest build` gives it; a controller's operations and
 * responses are set on the class that declares each method, as the compiler plugin does, because
 * @nestjs/swagger applies loaded controller metadata to the class being documented and fails on a method
 * it inherits (the evidence controllers of contracts and certificates share theirs).
 */
export async function loadOpenApiMetadata(): Promise<void> {
  const generated = await import(path.join(OUTPUT_DIR, FILENAME));
  const { models, controllers } = (await generated.default())['@nestjs/swagger'] as {
    models: FileMetadata;
    controllers: FileMetadata;
  };
  await SwaggerModule.loadPluginMetadata(async () => ({ '@nestjs/swagger': { models } }));
  for (const [file, classes] of controllers) {
    const exports = await file;
    for (const [name, methods] of Object.entries(classes)) {
      for (const [key, metadata] of Object.entries(methods))
        describeMethod(exports[name].prototype, key, metadata);
    }
  }
}

/** What @nestjs/swagger's explorers do with a method's loaded metadata, on its declaring class. */
function describeMethod(prototype: object, key: string, metadata: MethodMetadata): void {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, key)!;
  const { summary, deprecated, tags, ...response } = metadata;
  const operation = Object.fromEntries(
    Object.entries({ summary, deprecated, tags, description: response.description }).filter(
      ([, value]) => value !== undefined && value !== null,
    ),
  );
  if (Object.keys(operation).length > 0)
    ApiOperation(operation, { overrideExisting: false })(prototype, key, descriptor);
  if (Object.keys(response).length === 0) return;
  ApiResponse({
    ...response,
    status: response.status ?? defaultStatus(descriptor.value),
  } as ApiResponseOptions)(prototype, key, descriptor);
}

/** The status Nest answers with: @HttpCode's, else 201 for POST and 200 otherwise. */
function defaultStatus(method: object): number {
  const code: number | undefined = Reflect.getMetadata(HTTP_CODE_METADATA, method);
  if (code) return code;
  return Reflect.getMetadata(METHOD_METADATA, method) === RequestMethod.POST
    ? HttpStatus.CREATED
    : HttpStatus.OK;
}
