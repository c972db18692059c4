import { runMigrations } from '../../src/database/migrate';
import { generateOpenApiMetadata } from './openapi-metadata';
import { createTestDatabase } from './test-database';

/**
 * Builds one fresh database by the migrations for the whole e2e run; workers read its URLs from the env: the
 * service's role (TEST_DATABASE_URL) and the owner's (TEST_DATABASE_OWNER_URL). Also writes the OpenAPI
 * metadata the test apps load (openapi-metadata.ts).
 */
export default async function globalSetup(): Promise<void> {
  generateOpenApiMetadata();
  const database = await createTestDatabase();
  (globalThis as { __testDatabase?: unknown }).__testDatabase = database;
  await runMigrations(database.ownerUrl, database.url);
  process.env.TEST_DATABASE_URL = database.url;
  process.env.TEST_DATABASE_OWNER_URL = database.ownerUrl;
}
