import { runMigrations } from '../../src/database/migrate';
import { createTestDatabase } from './test-database';

/**
 * Builds one fresh database by the migrations for the whole e2e run; workers read its URLs from the env: the
 * service's role (TEST_DATABASE_URL) and the owner's (TEST_DATABASE_OWNER_URL).
 */
export default async function globalSetup(): Promise<void> {
  const database = await createTestDatabase();
  (globalThis as { __testDatabase?: unknown }).__testDatabase = database;
  await runMigrations(database.ownerUrl, database.url);
  process.env.TEST_DATABASE_URL = database.url;
  process.env.TEST_DATABASE_OWNER_URL = database.ownerUrl;
}
