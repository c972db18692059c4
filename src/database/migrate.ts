import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { grantAppPrivileges } from './app-privileges';
import { dataSourceOptions } from './data-source-options';
import { roleOf } from './roles';

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

/**
 * Applies pending migrations as the schema's owner (`ownerUrl`), each in its own transaction, and returns
 * their names. Given the URL the service works with (`appUrl`) as another role, that role then gets exactly
 * the privileges it needs (one transaction, so running instances never see them missing).
 */
export function runMigrations(ownerUrl: string, appUrl?: string): Promise<string[]> {
  return withMigrationLock(ownerUrl, async (dataSource) => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const [{ owner }] = await dataSource.query('SELECT current_user AS owner');
    const appRole = appUrl === undefined ? owner : roleOf(appUrl);
    if (appRole !== owner) {
      await dataSource.transaction((em) => grantAppPrivileges(em, appRole));
    } else if (appUrl !== undefined) {
      new Logger('Database').warn(
        `The service works as ${owner}, the role that owns the schema: set DATABASE_MIGRATION_URL to the owner ` +
          'and DATABASE_URL to a role without ownership, so the service runs with the least privileges',
      );
    }
    return applied.map((migration) => migration.name);
  });
}

/** Reverts the most recent migration. */
export function revertLastMigration(url: string): Promise<void> {
  return withMigrationLock(url, (dataSource) => dataSource.undoLastMigration({ transaction: 'each' }));
}
