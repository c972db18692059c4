import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { RunningDatabase, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';
import { expectError } from '../support/assertions';
import { freePort } from '../support/test-database';
import { createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';

/**
 * The database going away under a running service: requests answer 503 DATABASE_UNAVAILABLE (never a
 * 500), /health says so, and once the database is back the same process serves again. The embedded
 * database is restarted by the service itself after `kill -9`.
 */
describe('database outage', () => {
  let dir: string;
  let db: RunningDatabase;
  let t: TestApp;
  let org: TestOrganization;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 're100-outage-'));
    await chmod(dir, 0o755);
    port = await freePort();
    db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port });
    await runMigrations(db.migrationUrl, db.url);
    t = await startTestApp({ DATABASE_URL: db.url });
    org = await createOrganization(t.http, 'Outage');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await db?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const sites = () => org.as.officer.get('/api/v1/sites');

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After while the database is down, and reconnects after', async () => {
    await sites().expect(200);
    await db.stop(); // as an external server that is shut down for maintenance
    for (let i = 0; i < 3; i++) {
      const res = await sites();
      expectError(res, 503, 'DATABASE_UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('2');
    }
    const write = await org.as.officer.post('/api/v1/sites', {
      name: 'During',
      country: 'DE',
      timeZone: 'Europe/Berlin',
    });
    expectError(write, 503, 'DATABASE_UNAVAILABLE');
    const health = await request(t.http).get('/health').expect(503);
    expect(health.body).toMatchObject({ status: 'error', database: { status: 'down' } });

    db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port });
    await sites().expect(200);
    expect((await request(t.http).get('/health').expect(200)).body.database.status).toBe('up');
  });

  it('answers /health with 503 within seconds when the database stops answering without closing', async () => {
    const postmaster = Number(
      (await readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
    const all = [postmaster, ...children];
    for (const pid of all) process.kill(pid, 'SIGSTOP');
    try {
      // Without its own deadline the check would wait forever; the client gives up after 15 s.
      const health = await request(t.http).get('/health').timeout(15_000);
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ database: { status: 'down' } });
    } finally {
      for (const pid of all) process.kill(pid, 'SIGCONT');
    }
    await request(t.http).get('/health').expect(200);
  });

  it('restarts the embedded database after kill -9 and serves again without being restarted', async () => {
    await org.as.officer
      .post('/api/v1/sites', { name: 'Before the crash', country: 'DE', timeZone: 'Europe/Berlin' })
      .expect(201);
    const pid = Number((await readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    const seen = new Set<number>();
    let health: request.Response | undefined;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await sites();
      seen.add(res.status);
      if (res.status === 503) {
        expectError(res, 503, 'DATABASE_UNAVAILABLE');
        health ??= await request(t.http).get('/health');
      }
      if (res.status === 200 && seen.size > 1) break;
      if (res.status === 200 && Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect([...seen].filter((s) => s !== 503 && s !== 200)).toEqual([]);
    expect(seen.has(503)).toBe(true);
    if (health && health.status === 503)
      expect(health.body).toMatchObject({ status: 'error', database: { status: 'down' } });
    const names = (await sites().expect(200)).body.items.map((s: { name: string }) => s.name);
    expect(names).toContain('Before the crash');
    expect((await request(t.http).get('/health').expect(200)).body.database.status).toBe('up');
    expect(Number((await readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0])).not.toBe(
      pid,
    );
  });
});
