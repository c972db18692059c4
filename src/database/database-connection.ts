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
  let restarted = false;
  return startEmbeddedPostgres({
    dataDir: config.embeddedPgDataDir,
    port: config.embeddedPgPort,
    // The supervisor's notes (e.g. a server left running by a killed process, stopped) and PostgreSQL's
    // fatal errors reach the service's log; its routine lines do not.
    onLog: (line) => {
      if (/^supervisor:|\b(FATAL|PANIC):/.test(line)) log(line.trim());
    },
    // While it is down requests answer 503 DATABASE_UNAVAILABLE; it is restarted without the service.
    onStateChange: (state, detail) => {
      if (state === 'down' || (state === 'up' && restarted))
        log(`embedded PostgreSQL ${state}${detail ? `: ${detail}` : ''}`);
      if (state === 'down') restarted = true;
    },
  });
}
