import { runMigrations } from '../../src/database/migrate';
import { createTestDatabase } from './test-database';

/** Builds one fresh database by the migrations for the whole e2e run; workers read its URL from the env. */
export default async function globalSetup(): Promise<void> {
  const database = await createTestDatabase();
  (globalThis as { __testDatabase?: unknown }).__testDatabase = database;
  await runMigrations(database.url);
  process.env.TEST_DATABASE_URL = database.url;
}
