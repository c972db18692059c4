import { getDataSourceToken } from '@nestjs/typeorm';
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditCheckpointService } from '../../src/audit/audit-checkpoint.service';
import { WITNESS_FILE_NAME } from '../../src/audit/audit-witness.service';
import { CHECKPOINT_REASONS } from '../../src/audit/checkpoint';
import { APP_CONFIG, AppConfig } from '../../src/config/app-config';
import {
  auditEntries,
  createOrganization,
  joinByInvitation,
  startTestApp,
  TEST_SECRETS,
  TestApp,
  TestOrganization,
} from '../support/test-app';

interface Checkpoint {
  organizationId: string;
  seq: string;
  headSeq: string;
  headHash: string;
  createdAt: string;
  reason: string;
  keyId: string;
  signature: string;
}

/** The signed bytes as docs/audit-log.md describes them, written out here rather than taken from the code. */
const documentedPayload = (cp: Checkpoint) =>
  `{"context":"re100-ledger/audit-checkpoint/v1","createdAt":"${cp.createdAt}","headHash":"${cp.headHash}",` +
  `"headSeq":"${cp.headSeq}","keyId":"${cp.keyId}","organizationId":"${cp.organizationId}",` +
  `"reason":"${cp.reason}","seq":"${cp.seq}"}`;

describe('audit checkpoints', () => {
  let t: TestApp;
  let org: TestOrganization;
  let owner: Client;
  let witnessFile: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Checkpoints');
    owner = new Client({ connectionString: process.env.TEST_DATABASE_OWNER_URL });
    await owner.connect();
    witnessFile = path.join(t.app.get<AppConfig>(APP_CONFIG).dataDir, WITNESS_FILE_NAME);
  });
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  const site = (name: string) => ({ name, country: 'NL', timeZone: 'Europe/Amsterdam' });
  const witness = () => JSON.parse(readFileSync(witnessFile, 'utf8'));

  it('signs the current head on request, writes no audit entry, and answers 201 with the checkpoint', async () => {
    await org.as.officer.post('/api/v1/sites', site('Checkpointed')).expect(201);
    const entries = await auditEntries(org);
    const head = entries[entries.length - 1];
    const res = await org.as.auditor.post('/api/v1/audit-log/checkpoints').expect(201);
    expect(res.body).toEqual({
      organizationId: org.id,
      seq: expect.stringMatching(/^\d+$/),
      headSeq: String(head.seq),
      headHash: head.hash,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      reason: 'manual',
      keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
      signature: expect.any(String),
    });
    expect(await auditEntries(org)).toHaveLength(entries.length);
  });

  it('lets an auditor check a signature offline with the published public key', async () => {
    const key = (await org.as.auditor.get('/api/v1/audit-log/public-key').expect(200)).body;
    expect(key).toEqual({
      algorithm: 'Ed25519',
      keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
      publicKeyPem: expect.stringContaining('-----BEGIN PUBLIC KEY-----'),
    });
    const ours = createPublicKey(TEST_SECRETS.auditSigningKey).export({ type: 'spki', format: 'pem' });
    expect(key.publicKeyPem).toBe(ours);
    const [cp] = (await org.as.auditor.get('/api/v1/audit-log/checkpoints?limit=1').expect(200)).body.items;
    expect(cp.keyId).toBe(key.keyId);
    const publicKey = createPublicKey(key.publicKeyPem);
    const signature = Buffer.from(cp.signature, 'base64');
    expect(verify(null, Buffer.from(documentedPayload(cp)), publicKey, signature)).toBe(true);
    expect(verify(null, Buffer.from(documentedPayload({ ...cp, headSeq: '1' })), publicKey, signature)).toBe(
      false,
    );
  });

  it('never shows the private key: not in checkpoints, the public key answer or the witness', async () => {
    const pem = TEST_SECRETS.auditSigningKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const der = TEST_SECRETS.auditSigningKey.export({ type: 'pkcs8', format: 'der' });
    const seed = der.subarray(der.length - 32);
    const shown = [
      JSON.stringify((await org.as.admin.get('/api/v1/audit-log/checkpoints').expect(200)).body),
      JSON.stringify((await org.as.admin.get('/api/v1/audit-log/public-key').expect(200)).body),
      JSON.stringify((await org.as.admin.get('/api/v1/audit-log/verify').expect(200)).body),
      readFileSync(witnessFile, 'utf8'),
    ].join('\n');
    for (const secret of [
      pem.split('\n')[1],
      der.toString('base64'),
      seed.toString('base64'),
      seed.toString('base64url'),
      seed.toString('hex'),
    ]) {
      expect(shown).not.toContain(secret);
    }
    expect(shown).not.toContain('PRIVATE KEY');
  });

  it('lists checkpoints newest first, paged and by reason', async () => {
    await org.as.admin.post('/api/v1/audit-log/checkpoints').expect(201);
    await org.as.admin.post('/api/v1/audit-log/checkpoints').expect(201);
    const all = (await org.as.auditor.get('/api/v1/audit-log/checkpoints').expect(200)).body;
    expect(all).toMatchObject({ limit: 50, offset: 0 });
    expect(all.total).toBeGreaterThanOrEqual(3);
    const seqs = all.items.map((c: Checkpoint) => Number(c.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(all.items.every((c: Checkpoint) => c.organizationId === org.id)).toBe(true);
    const page = (await org.as.auditor.get('/api/v1/audit-log/checkpoints?limit=1&offset=1').expect(200))
      .body;
    expect(page.items).toEqual([all.items[1]]);
    const manual = (await org.as.auditor.get('/api/v1/audit-log/checkpoints?reason=manual').expect(200)).body;
    expect(manual.items.length).toBeGreaterThanOrEqual(3);
    expect(manual.items.every((c: Checkpoint) => c.reason === 'manual')).toBe(true);
    const reports = (await org.as.auditor.get('/api/v1/audit-log/checkpoints?reason=report').expect(200))
      .body;
    expect(reports).toMatchObject({ items: [], total: 0 });
  });

  it('sums up the checkpoints in verify: how many were checked, the newest, and what came after it', async () => {
    await org.as.admin.post('/api/v1/audit-log/checkpoints').expect(201);
    await org.as.officer.post('/api/v1/sites', site('After the checkpoint')).expect(201);
    const { body } = await org.as.auditor.get('/api/v1/audit-log/verify').expect(200);
    const [latest] = (await org.as.auditor.get('/api/v1/audit-log/checkpoints?limit=1')).body.items;
    expect(body).toMatchObject({
      valid: true,
      firstBroken: null,
      checkpoints: {
        checked: Number(latest.seq),
        latest,
        entriesSinceLatest: 1,
        witness: latest,
        knownHeadChecked: false,
      },
    });
    const kept = await org.as.auditor
      .get(`/api/v1/audit-log/verify?headSeq=${latest.headSeq}&headHash=${latest.headHash}`)
      .expect(200);
    expect(kept.body).toMatchObject({ valid: true, checkpoints: { knownHeadChecked: true } });
  });

  it.each([
    ['/api/v1/audit-log/verify?colour=red'],
    ['/api/v1/audit-log/verify?headSeq=3'],
    ['/api/v1/audit-log/verify?headHash=' + 'a'.repeat(64)],
    ['/api/v1/audit-log/verify?headSeq=-1&headHash=' + 'a'.repeat(64)],
    ['/api/v1/audit-log/verify?headSeq=3&headHash=' + 'A'.repeat(64)],
    ['/api/v1/audit-log/verify?headSeq=3&headSeq=4&headHash=' + 'a'.repeat(64)],
    ['/api/v1/audit-log/checkpoints?colour=red'],
    ['/api/v1/audit-log/checkpoints?reason=whim'],
    ['/api/v1/audit-log/checkpoints?limit=501'],
  ])('answers %s with 400', async (url) => {
    const res = await org.as.auditor.get(url).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('is for admins and auditors only', async () => {
    for (const caller of [org.as.officer, org.as.executive]) {
      await caller.get('/api/v1/audit-log/checkpoints').expect(403);
      await caller.post('/api/v1/audit-log/checkpoints').expect(403);
      await caller.get('/api/v1/audit-log/public-key').expect(403);
      await caller.get('/api/v1/audit-log/verify').expect(403);
    }
    await org.as.admin.get('/api/v1/audit-log/public-key').expect(200);
  });

  it('refuses a removed member as every organization route does', async () => {
    const member = await joinByInvitation(t.http, org.as.admin, `gone-${org.id}@test.local`, 'auditor');
    await member.caller.get('/api/v1/audit-log/checkpoints').expect(200);
    await org.as.admin.delete(`/api/v1/members/${member.userId}`).expect(204);
    await member.caller.get('/api/v1/audit-log/checkpoints').expect(403);
    await member.caller.post('/api/v1/audit-log/checkpoints').expect(403);
    await member.caller.get('/api/v1/audit-log/verify').expect(403);
    await member.caller.get('/api/v1/audit-log/public-key').expect(403);
  });

  it("never reaches another organization's chain", async () => {
    const other = await createOrganization(t.http, 'OtherCheckpoints');
    const theirs = (await other.as.admin.post('/api/v1/audit-log/checkpoints').expect(201)).body;
    const into = org.as.auditor.in(other.id);
    await into.get('/api/v1/audit-log/checkpoints').expect(404);
    await into.post('/api/v1/audit-log/checkpoints').expect(404);
    await into.get('/api/v1/audit-log/verify').expect(404);
    const mine = (await org.as.auditor.get('/api/v1/audit-log/checkpoints?limit=500')).body.items;
    expect(mine.every((c: Checkpoint) => c.organizationId === org.id)).toBe(true);
    expect(JSON.stringify(mine)).not.toContain(theirs.signature);
    // A head of the other chain means nothing in this one.
    const res = await org.as.auditor
      .get(`/api/v1/audit-log/verify?headSeq=${theirs.headSeq}&headHash=${theirs.headHash}`)
      .expect(200);
    expect(res.body.firstBroken?.reason).toMatch(/^KNOWN_HEAD_/);
  });

  // Platform admins' checkpoints of the platform chain: audit-checkpoints-own-database.e2e-spec.ts (every test
  // file signs with a key of its own, so the shared platform chain is checkpointed on a database of its own).
  it('keeps the platform chain for platform admins', async () => {
    await org.as.admin.get('/api/v1/platform/audit-log/checkpoints').expect(403);
    await org.as.admin.post('/api/v1/platform/audit-log/checkpoints').expect(403);
    await org.as.auditor.get('/api/v1/platform/audit-log/public-key').expect(403);
    await org.as.auditor.get('/api/v1/platform/audit-log/verify').expect(403);
  });

  it('keeps the newest checkpoint of each chain in a private witness file outside the database', async () => {
    const cp = (await org.as.admin.post('/api/v1/audit-log/checkpoints').expect(201)).body;
    expect(statSync(witnessFile).mode & 0o777).toBe(0o600);
    const doc = witness();
    expect(doc.format).toBe('re100-ledger/audit-witness/v1');
    expect(doc.chains[org.id]).toEqual(cp);
    // The newest per chain only: the file does not grow with every checkpoint.
    const before = readFileSync(witnessFile, 'utf8').length;
    await org.as.admin.post('/api/v1/audit-log/checkpoints').expect(201);
    expect(Math.abs(readFileSync(witnessFile, 'utf8').length - before)).toBeLessThan(4);
  });

  it('records a checkpoint inside the caller transaction: rolled back, it leaves no trace, not even in the witness', async () => {
    const dataSource = t.app.get<DataSource>(getDataSourceToken());
    const checkpoints = t.app.get(AuditCheckpointService);
    const latestSeq = async () =>
      (await org.as.auditor.get('/api/v1/audit-log/checkpoints?limit=1')).body.items[0].seq as string;
    const before = await latestSeq();
    await expect(
      dataSource.transaction(async (em) => {
        await checkpoints.checkpoint(em, org.id, 'report');
        throw new Error('the report failed');
      }),
    ).rejects.toThrow('the report failed');
    expect(await latestSeq()).toBe(before);
    expect(witness().chains[org.id].seq).toBe(before);

    const cp = await dataSource.transaction((em) => checkpoints.checkpoint(em, org.id, 'finalization'));
    expect(cp).toMatchObject({ seq: String(BigInt(before) + 1n), reason: 'finalization' });
    expect(witness().chains[org.id]).toEqual(cp);
    await expect(checkpoints.checkpoint(dataSource.manager, org.id, 'report')).rejects.toThrow(/transaction/);
  });

  it('numbers checkpoints without gaps while entries and checkpoints are written at once', async () => {
    const busy = await createOrganization(t.http, 'BusyCheckpoints');
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        i % 2
          ? busy.as.officer.post('/api/v1/sites', site(`Busy ${i}`)).expect(201)
          : busy.as.admin.post('/api/v1/audit-log/checkpoints').expect(201),
      ),
    );
    const items = (await busy.as.auditor.get('/api/v1/audit-log/checkpoints?limit=500')).body.items;
    expect(items.map((c: Checkpoint) => Number(c.seq))).toEqual(
      items.map((_: unknown, i: number) => items.length - i),
    );
    const res = await busy.as.auditor.get('/api/v1/audit-log/verify').expect(200);
    expect(res.body).toMatchObject({ valid: true, checkpoints: { checked: items.length } });
  });

  it("refuses UPDATE, DELETE and TRUNCATE of checkpoints: the service's role lacks the privilege", async () => {
    const app = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await app.connect();
    try {
      for (const sql of [
        "UPDATE audit_checkpoints SET reason = 'manual' WHERE organization_id = $1",
        'DELETE FROM audit_checkpoints WHERE organization_id = $1',
        'TRUNCATE audit_checkpoints',
      ]) {
        await expect(app.query(sql, sql.includes('$1') ? [org.id] : [])).rejects.toThrow(
          /permission denied for table audit_checkpoints/,
        );
      }
    } finally {
      await app.end();
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE of checkpoints to their owner too: a trigger', async () => {
    await expect(
      owner.query("UPDATE audit_checkpoints SET reason = 'manual' WHERE organization_id = $1", [org.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      owner.query('DELETE FROM audit_checkpoints WHERE organization_id = $1', [org.id]),
    ).rejects.toThrow(/append-only/);
    await expect(owner.query('TRUNCATE audit_checkpoints')).rejects.toThrow(/append-only/);
  });

  it('allows in the database exactly the reasons the code knows', async () => {
    const { rows } = await owner.query(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conrelid = 'audit_checkpoints'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%reason%'`,
    );
    expect(rows).toHaveLength(1);
    const allowed = [...rows[0].def.matchAll(/'([a-z]+)'::text/g)].map((m) => m[1]);
    expect(allowed.sort()).toEqual([...CHECKPOINT_REASONS].sort());
  });
});
