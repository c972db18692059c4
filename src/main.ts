import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp, createLogger } from './app.factory';
import { loadConfig } from './config/app-config';
import { loadSecrets } from './config/secrets';
import { connectDatabase } from './database/database-connection';
import { runMigrations } from './database/migrate';
import { BootstrapAdminService } from './auth/bootstrap-admin.service';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  Logger.overrideLogger(logger);
  const log = new Logger('Main');

  const secrets = await loadSecrets(config, (line) => log.warn(line));
  const database = await connectDatabase(config, (line) => log.log(line));
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    log.log({ message: 'shutting down', reason });
    try {
      await app?.close();
    } finally {
      await database.stop();
      log.log('stopped');
      process.exit(code);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal, 0));

  try {
    const applied = await runMigrations(database.migrationUrl, database.url);
    for (const name of applied) log.log({ message: 'migration applied', name });
    app = await createApp(config, secrets, database.url);
    await app.listen(config.port, config.host);
    log.log({ message: 'listening', url: `http://${config.host}:${config.port}`, docs: '/api/docs' });
    const announcement = app.get(BootstrapAdminService).takeAnnouncement();
    if (announcement) process.stdout.write(announcement);
  } catch (error) {
    log.error({ message: 'start-up failed', error: error instanceof Error ? error.message : String(error) });
    await shutdown('start-up failed', 1);
  }
}

void bootstrap().catch((error: unknown) => {
  // Configuration errors end here, before any logger or database exists.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
