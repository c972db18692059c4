import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

// Arbitrary constant that names this application's migration lock among advisory locks.
const MIGRATION_LOCK_KEY = 7_301_001;

/**
 * Runs `work` while holding a session advisory lock, so two instances starting together apply each
 * migration once: the second waits, then finds nothing to do.
 */
async function withMigrationLock<T>(url: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await work(dataSource);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}

/** Applies pending migrations, each in its own transaction; returns their names. */
export function runMigrations(url: string): Promise<string[]> {
  return withMigrationLock(url, async (dataSource) => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  });
}

/** Reverts the most recent migration. */
export function revertLastMigration(url: string): Promise<void> {
  return withMigrationLock(url, (dataSource) => dataSource.undoLastMigration({ transaction: 'each' }));
}
