import { Client } from 'pg';
import {
  auditEntries,
  Caller,
  createOrganization,
  joinByInvitation,
  MEMBER_PASSWORD,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

describe('audit log (invariant 6)', () => {
  let t: TestApp;
  let org: TestOrganization;
  let db: Client;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Audit');
    db = new Client({ connectionString: process.env.TEST_DATABASE_OWNER_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const site = (name: string) => ({ name, country: 'NL', timeZone: 'Europe/Amsterdam' });

  it('writes exactly one entry per change, with actor, request id, before and after', async () => {
    const before = await auditEntries(org);
    const created = await org.as.officer
      .post('/api/v1/sites', site('Eindhoven'))
      .set('X-Request-Id', 'req-audit-1')
      .expect(201);
    const after = await auditEntries(org);
    expect(after).toHaveLength(before.length + 1);
    expect(after[after.length - 1]).toMatchObject({
      action: 'create',
      entityType: 'site',
      entityId: created.body.id,
      actorType: 'user',
      actorId: org.userIds.officer,
      actorLabel: expect.stringContaining('officer-'),
      requestId: 'req-audit-1',
      before: null,
      after: { name: 'Eindhoven', country: 'NL' },
    });
  });

  it('writes nothing for reads and rejected requests', async () => {
    const before = (await auditEntries(org)).length;
    await org.as.officer.get('/api/v1/sites').expect(200);
    await org.as.officer.post('/api/v1/sites', { ...site('Bad'), country: 'ZZ' }).expect(400);
    await org.as.executive.post('/api/v1/sites', site('Denied')).expect(403);
    expect(await auditEntries(org)).toHaveLength(before);
  });

  it('writes nothing for an update that changes nothing', async () => {
    const created = await org.as.officer.post('/api/v1/sites', site('Unchanged')).expect(201);
    const before = (await auditEntries(org)).length;
    const empty = await org.as.officer.patch(`/api/v1/sites/${created.body.id}`, {}).expect(200);
    const same = await org.as.officer
      .patch(`/api/v1/sites/${created.body.id}`, { name: 'Unchanged', country: 'NL' })
      .expect(200);
    await org.as.admin.patch('/api/v1/organization', {}).expect(200);
    await org.as.admin.patch(`/api/v1/members/${org.userIds.officer}`, { role: 'officer' }).expect(200);
    expect(await auditEntries(org)).toHaveLength(before);
    expect(empty.body.updatedAt).toBe(created.body.updatedAt);
    expect(same.body.updatedAt).toBe(created.body.updatedAt);
  });

  it('filters by entity, action, actor and time, and pages', async () => {
    const created = await org.as.admin.post('/api/v1/sites', site('Filter me')).expect(201);
    await org.as.admin.patch(`/api/v1/sites/${created.body.id}`, { address: 'Strijp-S' }).expect(200);
    const byEntity = await org.as.auditor
      .get(`/api/v1/audit-log?entityType=site&entityId=${created.body.id}`)
      .expect(200);
    expect(byEntity.body.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    const byActor = await org.as.auditor
      .get(`/api/v1/audit-log?actorId=${org.userIds.admin}&action=update`)
      .expect(200);
    expect(
      byActor.body.items.every(
        (e: { actorId: string; action: string }) => e.actorId === org.userIds.admin && e.action === 'update',
      ),
    ).toBe(true);
    const future = await org.as.auditor.get('/api/v1/audit-log?from=2999-01-01T00:00:00Z').expect(200);
    expect(future.body).toMatchObject({ items: [], total: 0 });
    const page = await org.as.auditor.get('/api/v1/audit-log?limit=1&offset=1').expect(200);
    expect(page.body).toMatchObject({ limit: 1, offset: 1 });
    expect(page.body.items).toHaveLength(1);
  });

  it.each([
    'limit=0',
    'limit=501',
    'offset=-1',
    'from=yesterday',
    'from=2026-W01-1',
    'from=2026-01-01T10',
    'to=20260101',
    'actorId=7',
    'action=erase',
    'colour=red',
  ])('rejects the malformed filter %s with 400', async (query) => {
    const res = await org.as.auditor.get(`/api/v1/audit-log?${query}`).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('keeps account changes in a platform chain that platform admins read and verify', async () => {
    const { userId, caller: member } = await joinByInvitation(
      t.http,
      org.as.admin,
      `pw-${org.id}@test.local`,
      'executive',
    );
    await member
      .post('/api/v1/auth/password', { currentPassword: MEMBER_PASSWORD, newPassword: 'member-new-password' })
      .expect(204);
    const platform = new Caller(t.http, org.platformAdmin.token, null);
    const list = await platform.get(`/api/v1/platform/audit-log?entityId=${userId}`).expect(200);
    expect(list.body.items[0]).toMatchObject({
      action: 'update',
      entityType: 'user_password',
      actorId: userId,
    });
    expect(JSON.stringify(list.body)).not.toContain('member-new-password');
    expect((await platform.get('/api/v1/platform/audit-log/verify').expect(200)).body).toMatchObject({
      valid: true,
    });
    await org.as.admin.get('/api/v1/platform/audit-log').expect(403);
    await org.as.auditor.get('/api/v1/platform/audit-log/verify').expect(403);
  });

  it('is readable by admins and auditors only', async () => {
    await org.as.admin.get('/api/v1/audit-log').expect(200);
    await org.as.officer.get('/api/v1/audit-log').expect(403);
    await org.as.executive.get('/api/v1/audit-log/verify').expect(403);
  });

  it("never shows another organization's entries", async () => {
    const other = await createOrganization(t.http, 'OtherAudit');
    await other.as.officer.post('/api/v1/sites', site('Secret site')).expect(201);
    const mine = await auditEntries(org);
    expect(mine.every((e) => e.organizationId === org.id)).toBe(true);
    expect(JSON.stringify(mine)).not.toContain('Secret site');
    await org.as.auditor.in(other.id).get('/api/v1/audit-log').expect(404);
  });

  it('keeps one unbroken chain under concurrent changes', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        org.as.officer.post('/api/v1/sites', site(`Parallel ${i}`)).expect(201),
      ),
    );
    const res = await org.as.auditor.get('/api/v1/audit-log/verify').expect(200);
    expect(res.body).toMatchObject({ valid: true, firstBroken: null });
    const entries = await auditEntries(org);
    expect(res.body.entriesChecked).toBe(entries.length);
    expect(entries.map((e) => Number(e.seq))).toEqual(entries.map((_, i) => i + 1));
  });

  it("refuses UPDATE, DELETE and TRUNCATE on the audit table: the service's role lacks the privilege", async () => {
    const app = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await app.connect();
    try {
      for (const sql of [
        "UPDATE audit_log SET actor_label = 'x' WHERE organization_id = $1",
        'DELETE FROM audit_log WHERE organization_id = $1',
        'TRUNCATE audit_log',
      ]) {
        await expect(app.query(sql, sql.includes('$1') ? [org.id] : [])).rejects.toThrow(
          /permission denied for table audit_log/,
        );
      }
    } finally {
      await app.end();
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit table to its owner too: a trigger', async () => {
    await expect(
      db.query("UPDATE audit_log SET actor_label = 'x' WHERE organization_id = $1", [org.id]),
    ).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log WHERE organization_id = $1', [org.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('detects a row altered behind the trigger and names the first broken entry', async () => {
    const victim = await createOrganization(t.http, 'Tampered');
    for (let i = 0; i < 3; i++) await victim.as.officer.post('/api/v1/sites', site(`Site ${i}`)).expect(201);
    expect((await victim.as.auditor.get('/api/v1/audit-log/verify')).body.valid).toBe(true);

    const seq = String((await auditEntries(victim, '&entityType=site')).at(-2)!.seq);

    // A database superuser can bypass triggers; the hash chain still tells.
    await db.query('BEGIN');
    await db.query('SET LOCAL session_replication_role = replica');
    await db.query(
      `UPDATE audit_log SET after = jsonb_set(after, '{name}', '"Forged"') WHERE organization_id = $1 AND seq = $2`,
      [victim.id, seq],
    );
    await db.query('COMMIT');

    const res = await victim.as.auditor.get('/api/v1/audit-log/verify').expect(200);
    expect(res.body).toMatchObject({ valid: false, firstBroken: { seq, reason: 'HASH_MISMATCH' } });
  });

  it('detects a deleted entry', async () => {
    const victim = await createOrganization(t.http, 'Deleted');
    await victim.as.officer.post('/api/v1/sites', site('Gone')).expect(201);
    await victim.as.officer.post('/api/v1/sites', site('Kept')).expect(201);
    const [gone, kept] = (await auditEntries(victim, '&entityType=site')).map((e) => String(e.seq));
    await db.query('BEGIN');
    await db.query('SET LOCAL session_replication_role = replica');
    await db.query('DELETE FROM audit_log WHERE organization_id = $1 AND seq = $2', [victim.id, gone]);
    await db.query('COMMIT');
    const res = await victim.as.auditor.get('/api/v1/audit-log/verify').expect(200);
    expect(res.body).toMatchObject({ valid: false, firstBroken: { seq: kept, reason: 'SEQUENCE_GAP' } });
  });
});
