import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../src/database/migrate';
import {
  Caller,
  createOrganization,
  login,
  PLATFORM_ADMIN,
  startTestApp,
  TestApp,
} from '../support/test-app';

/** The same URL on another database of the same server. */
function onDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

async function asOwner(sql: string): Promise<void> {
  const client = new Client({ connectionString: process.env.TEST_DATABASE_OWNER_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What checkpoints every chain at once: the timer, and platform admins checkpointing the platform chain. Each
 * test file signs with a key of its own, so these run on a database of their own, where no other file's
 * chains are signed with a key they do not know.
 */
describe('audit checkpoints of every chain (own database)', () => {
  const name = `re100_ckpt_${randomUUID().slice(0, 8)}`;
  let appUrl: string;
  let t: TestApp;

  beforeAll(async () => {
    await asOwner(`CREATE DATABASE ${name}`);
    appUrl = onDatabase(process.env.TEST_DATABASE_URL!, name);
    await runMigrations(onDatabase(process.env.TEST_DATABASE_OWNER_URL!, name), appUrl);
    t = await startTestApp({ DATABASE_URL: appUrl, AUDIT_CHECKPOINT_INTERVAL_SECONDS: '1' });
  });
  afterAll(async () => {
    await t?.close();
    await asOwner(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  const site = (label: string) => ({ name: label, country: 'NL', timeZone: 'Europe/Amsterdam' });

  interface Checkpoint {
    seq: string;
    headSeq: string;
    reason: string;
  }

  async function intervalCheckpoints(caller: Caller, prefix = ''): Promise<Checkpoint[]> {
    const res = await caller
      .get(`/api/v1${prefix}/audit-log/checkpoints?reason=interval&limit=500`)
      .expect(200);
    return res.body.items;
  }

  async function headOf(caller: Caller, prefix = ''): Promise<string> {
    return (await caller.get(`/api/v1${prefix}/audit-log/verify`).expect(200)).body.headSeq;
  }

  /** Waits until the timer has checkpointed the chain's current head. */
  async function waitForIntervalCheckpoint(
    caller: Caller,
    headSeq: string,
    prefix = '',
  ): Promise<Checkpoint[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = await intervalCheckpoints(caller, prefix);
      if (found.some((c) => c.headSeq === headSeq)) return found;
      if (Date.now() > deadline) throw new Error(`no interval checkpoint of entry ${headSeq}`);
      await sleep(200);
    }
  }

  it('checkpoints every chain whose head moved, and only those, on the timer', async () => {
    const org = await createOrganization(t.http, 'Timer');
    await org.as.officer.post('/api/v1/sites', site('Ticking')).expect(201);
    const head = await headOf(org.as.auditor);
    const found = await waitForIntervalCheckpoint(org.as.auditor, head);
    expect(found.filter((c) => c.headSeq === head)).toHaveLength(1);

    // The platform chain moved too (the members' accounts).
    const platform = new Caller(
      t.http,
      await login(t.http, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password),
      null,
    );
    await waitForIntervalCheckpoint(platform, await headOf(platform, '/platform'), '/platform');

    // Nothing moved: nothing new to sign.
    await sleep(2_500);
    expect(await intervalCheckpoints(org.as.auditor)).toEqual(found);

    await org.as.officer.post('/api/v1/sites', site('Ticking again')).expect(201);
    const next = await waitForIntervalCheckpoint(org.as.auditor, await headOf(org.as.auditor));
    expect(next).toHaveLength(found.length + 1);
    expect((await org.as.auditor.get('/api/v1/audit-log/verify').expect(200)).body).toMatchObject({
      valid: true,
      checkpoints: { entriesSinceLatest: 0 },
    });
  });

  it('signs a moved head once when several instances run the timer', async () => {
    const second = await startTestApp({
      DATABASE_URL: appUrl,
      AUDIT_CHECKPOINT_INTERVAL_SECONDS: '1',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 're100-second-')),
    });
    try {
      const org = await createOrganization(second.http, 'TwoTimers');
      await org.as.officer.post('/api/v1/sites', site('Once')).expect(201);
      const head = await headOf(org.as.auditor);
      await waitForIntervalCheckpoint(org.as.auditor, head);
      await sleep(2_500);
      expect((await intervalCheckpoints(org.as.auditor)).filter((c) => c.headSeq === head)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('lets platform admins checkpoint, list and verify the platform chain', async () => {
    const platform = new Caller(
      t.http,
      await login(t.http, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password),
      null,
    );
    const cp = (await platform.post('/api/v1/platform/audit-log/checkpoints').expect(201)).body;
    expect(cp).toMatchObject({ organizationId: '00000000-0000-0000-0000-000000000000', reason: 'manual' });
    const list = (await platform.get('/api/v1/platform/audit-log/checkpoints?reason=manual').expect(200))
      .body;
    expect(list.items[0]).toEqual(cp);
    const key = (await platform.get('/api/v1/platform/audit-log/public-key').expect(200)).body;
    expect(key).toMatchObject({ algorithm: 'Ed25519', keyId: cp.keyId });
    const verified = (await platform.get('/api/v1/platform/audit-log/verify').expect(200)).body;
    expect(verified).toMatchObject({ valid: true, firstBroken: null });
    expect(verified.checkpoints.checked).toBeGreaterThanOrEqual(2);
    await platform.get('/api/v1/platform/audit-log/checkpoints?colour=red').expect(400);
    await platform.get('/api/v1/platform/audit-log/verify?headSeq=1').expect(400);
  });
});
