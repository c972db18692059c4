import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { ensureLoginRole, withRole } from '../../src/database/roles';

export interface TestDatabaseHandle {
  /** The fresh database as the service's role: owns nothing, holds only the grants of app-privileges.ts. */
  url: string;
  /** The same database as its owner (a superuser here): migrations, and checks behind the service's back. */
  ownerUrl: string;
  dispose(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database for one test run, with a role of its own for the service: on the server in
 * DATABASE_URL when set, else on an embedded PostgreSQL started in a temporary directory on a free port.
 */
export async function createTestDatabase(): Promise<TestDatabaseHandle> {
  const name = `re100_test_${process.pid}_${Date.now().toString(36)}`;
  const appRole = `${name}_app`;
  const appPassword = randomBytes(18).toString('base64url');
  if (process.env.DATABASE_URL) {
    const serverUrl = process.env.DATABASE_URL;
    await admin(serverUrl, `CREATE DATABASE ${name}`);
    await ensureLoginRole(serverUrl, appRole, appPassword);
    const ownerUrl = withDatabase(serverUrl, name);
    return {
      url: withRole(ownerUrl, appRole, appPassword),
      ownerUrl,
      dispose: async () => {
        await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin(serverUrl, `DROP ROLE IF EXISTS ${appRole}`);
      },
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 're100-test-'));
  await chmod(dir, 0o755); // the postgres system user must reach the data directory inside
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
  await admin(server.migrationUrl, `CREATE DATABASE ${name}`);
  const ownerUrl = withDatabase(server.migrationUrl, name);
  return {
    url: withDatabase(server.url, name),
    ownerUrl,
    dispose: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
