import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

export interface TestDatabaseHandle {
  /** URL of the fresh database the tests use. */
  url: string;
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
 * A fresh, empty database for one test run: on the server in DATABASE_URL when set, else on an embedded
 * PostgreSQL started in a temporary directory on a free port.
 */
export async function createTestDatabase(): Promise<TestDatabaseHandle> {
  const name = `re100_test_${process.pid}_${Date.now().toString(36)}`;
  if (process.env.DATABASE_URL) {
    const serverUrl = process.env.DATABASE_URL;
    await admin(serverUrl, `CREATE DATABASE ${name}`);
    return {
      url: withDatabase(serverUrl, name),
      dispose: () => admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 're100-test-'));
  await chmod(dir, 0o755); // the postgres system user must reach the data directory inside
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
  await admin(server.url, `CREATE DATABASE ${name}`);
  return {
    url: withDatabase(server.url, name),
    dispose: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
