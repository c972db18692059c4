import type { TestDatabaseHandle } from './test-database';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __testDatabase?: TestDatabaseHandle }).__testDatabase?.dispose();
}
