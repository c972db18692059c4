import { AppConfig } from '../config/app-config';
import { RunningDatabase, startEmbeddedPostgres } from './embedded-postgres';

/**
 * The external server from `DATABASE_URL` (migrations as `DATABASE_MIGRATION_URL` when given), or else the
 * embedded PostgreSQL started for this process.
 */
export async function connectDatabase(
  config: AppConfig,
  log: (line: string) => void,
): Promise<RunningDatabase> {
  if (config.databaseUrl) {
    return {
      url: config.databaseUrl,
      migrationUrl: config.databaseMigrationUrl ?? config.databaseUrl,
      stop: async () => undefined,
    };
  }
  log(`starting embedded PostgreSQL (data ${config.embeddedPgDataDir}, port ${config.embeddedPgPort})`);
  return startEmbeddedPostgres({ dataDir: config.embeddedPgDataDir, port: config.embeddedPgPort });
}
