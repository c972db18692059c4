// Starts the built app on a fresh embedded PostgreSQL in a temporary directory, on free loopback ports,
// for benchmarks; returns a small API client and a stop function that removes everything.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const ADMIN = { email: 'bench@localhost', password: 'bench-password-0001' };

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startApp(env = {}) {
  const main = path.join(root, 'dist', 'src', 'main.js');
  if (!existsSync(main)) throw new Error('run npm run build first');
  const work = mkdtempSync(path.join(tmpdir(), 're100-bench-'));
  chmodSync(work, 0o755);
  const pgPort = await freePort();
  const port = await freePort();
  const childEnv = {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    EMBEDDED_PG_DATA_DIR: path.join(work, 'postgres'),
    EMBEDDED_PG_PORT: String(pgPort),
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    ...env,
  };
  delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, [main], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the app did not start:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 300));
  }

  async function call(method, pathname, as, body) {
    const headers = { 'content-type': 'application/json' };
    if (as?.token) headers.authorization = `Bearer ${as.token ?? as}`;
    if (typeof as === 'string') headers.authorization = `Bearer ${as}`;
    if (as?.organizationId) headers['x-organization-id'] = as.organizationId;
    const res = await fetch(`${url}${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  return {
    pid: child.pid,
    databaseUrl: `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres`,
    api: {
      url,
      login: async () => (await call('POST', '/api/v1/auth/login', null, ADMIN)).accessToken,
      post: (pathname, as, body) => call('POST', pathname, as, body),
      get: (pathname, as) => call('GET', pathname, as),
    },
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      rmSync(work, { recursive: true, force: true });
    },
  };
}
