// Starts the built app on a fresh embedded PostgreSQL in a temporary directory, on free loopback ports,
// for benchmarks and fault tests; returns a small API client, the database's owner URL (its random
// password read from the data directory), and ways to stop, kill and restart the app on the same data.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** Peak resident memory of a process, in MB (Linux). */
export const peakRssMb = (pid) =>
  Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);

export async function startApp(env = {}) {
  const main = path.join(root, 'dist', 'src', 'main.js');
  if (!existsSync(main)) throw new Error('run npm run build first');
  const work = mkdtempSync(path.join(tmpdir(), 're100-bench-'));
  chmodSync(work, 0o755);
  const pgPort = await freePort();
  const port = await freePort();
  const dataDir = path.join(work, 'postgres');
  const childEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: work,
    EMBEDDED_PG_DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    ...env,
  };
  delete childEnv.DATABASE_URL;
  delete childEnv.JWT_SECRET;
  const url = `http://127.0.0.1:${port}`;

  let child;
  let exited;
  let output = '';
  async function launch() {
    output = '';
    child = spawn(process.execPath, [main], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the app did not start:\n${output}`);
      try {
        if ((await fetch(`${url}/health`)).ok) return;
      } catch {
        // not yet listening
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await launch();

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

  const credentials = JSON.parse(readFileSync(path.join(dataDir, 're100-credentials.json'), 'utf8'));
  return {
    get pid() {
      return child.pid;
    },
    dataDir,
    output: () => output,
    /** The schema owner (the embedded superuser): for seeding and checks behind the API's back. */
    databaseUrl: `postgres://postgres:${encodeURIComponent(credentials.superuserPassword)}@127.0.0.1:${pgPort}/postgres`,
    postmasterPid: () => Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]),
    api: {
      url,
      login: async () => (await call('POST', '/api/v1/auth/login', null, ADMIN)).accessToken,
      post: (pathname, as, body) => call('POST', pathname, as, body),
      get: (pathname, as) => call('GET', pathname, as),
    },
    /** kill -9 of the app, as a crash would; its PostgreSQL is left running. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    /** Starts the app again on the same data and ports. */
    restart: launch,
    async stop() {
      child.kill('SIGTERM');
      // At most 30 s for a clean exit; the timer must not keep the bench alive once the app has exited.
      let timer;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 30_000)))]);
      clearTimeout(timer);
      rmSync(work, { recursive: true, force: true });
    },
  };
}
