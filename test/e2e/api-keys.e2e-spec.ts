import request from 'supertest';
import {
  auditEntries,
  createOrganization,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

describe('API keys', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let meterId: string;
  let otherMeterId: string;

  async function meterOf(o: TestOrganization, externalId: string): Promise<string> {
    const site = await o.as.officer
      .post('/api/v1/sites', { name: `Plant ${externalId}`, country: 'DE', timeZone: 'Europe/Berlin' })
      .expect(201);
    const meter = await o.as.officer
      .post('/api/v1/meters', {
        siteId: site.body.id,
        externalId,
        kind: 'interval',
        intervalMinutes: 15,
        direction: 'import',
        unit: 'kWh',
      })
      .expect(201);
    return meter.body.id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Keys');
    other = await createOrganization(t.http, 'OtherKeys');
    meterId = await meterOf(org, 'M-1');
    otherMeterId = await meterOf(other, 'M-9');
  });
  afterAll(() => t.close());

  const withKey = (key: string, url: string) =>
    request(t.http).get(url).set('Authorization', `Bearer ${key}`);

  it('creates a key whose secret is shown once and stored hashed', async () => {
    const res = await org.as.admin
      .post('/api/v1/api-keys', { name: 'gateway-1', meterIds: [meterId] })
      .expect(201);
    expect(res.body).toMatchObject({
      name: 'gateway-1',
      permissions: ['readings:write'],
      meterIds: [meterId],
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(res.body.key).toMatch(/^rlk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(res.body.key.startsWith(`rlk_${res.body.prefix}_`)).toBe(true);

    const secret = res.body.key.slice(`rlk_${res.body.prefix}_`.length); // base64url: may itself contain '_'
    expect(secret).toHaveLength(43);
    const list = await org.as.admin.get('/api/v1/api-keys').expect(200);
    const listed = list.body.items.find((k: { id: string }) => k.id === res.body.id);
    expect(listed.key).toBeUndefined();
    expect(JSON.stringify(list.body)).not.toContain(secret);

    const [entry] = await auditEntries(org, `&entityType=api_key&entityId=${res.body.id}`);
    expect(entry).toMatchObject({ action: 'create', actorId: org.userIds.admin });
    expect(JSON.stringify(entry)).not.toContain(secret);
  });

  it('lets a key authenticate (Bearer or X-API-Key) but only for ingestion: 403 elsewhere, and records its use', async () => {
    const { body } = await org.as.admin.post('/api/v1/api-keys', { name: 'meter-key' }).expect(201);
    expect(body.meterIds).toBeNull();
    const res = await withKey(body.key, '/api/v1/sites').expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    await request(t.http).get(`/api/v1/meters/${meterId}`).set('X-API-Key', body.key).expect(403);
    await request(t.http)
      .post('/api/v1/sites')
      .set('X-API-Key', body.key)
      .send({ name: 'x', country: 'DE', timeZone: 'UTC' })
      .expect(403);
    await withKey(body.key, '/api/v1/auth/me').expect(403);
    const listed = (await org.as.admin.get('/api/v1/api-keys')).body.items.find(
      (k: { id: string }) => k.id === body.id,
    );
    expect(new Date(listed.lastUsedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('answers 404 when a key names another organization', async () => {
    const { body } = await org.as.admin.post('/api/v1/api-keys', { name: 'scoped' }).expect(201);
    await withKey(body.key, '/api/v1/sites').set('X-Organization-Id', other.id).expect(404);
  });

  it('refuses unknown, malformed and tampered keys with 401', async () => {
    const { body } = await org.as.admin.post('/api/v1/api-keys', { name: 'tamper' }).expect(201);
    const tampered = body.key.slice(0, -1) + (body.key.endsWith('A') ? 'B' : 'A');
    await withKey(tampered, '/api/v1/sites').expect(401);
    await withKey('rlk_0000000000000000_' + 'A'.repeat(43), '/api/v1/sites').expect(401);
    await withKey('rlk_short', '/api/v1/sites').expect(401);
  });

  it('revokes a key at once, keeps it listed, and revoking again changes nothing', async () => {
    const { body } = await org.as.admin.post('/api/v1/api-keys', { name: 'to-revoke' }).expect(201);
    const revoked = await org.as.admin.delete(`/api/v1/api-keys/${body.id}`).expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const res = await withKey(body.key, '/api/v1/sites').expect(401);
    expect(res.body.message).toMatch(/revoked/);
    const before = (await auditEntries(org)).length;
    await org.as.admin.delete(`/api/v1/api-keys/${body.id}`).expect(200);
    expect(await auditEntries(org)).toHaveLength(before);
  });

  it('refuses meters of another organization or unknown ones with 404 and writes nothing', async () => {
    const before = (await org.as.admin.get('/api/v1/api-keys')).body.total;
    await org.as.admin.post('/api/v1/api-keys', { name: 'x', meterIds: [otherMeterId] }).expect(404);
    await org.as.admin
      .post('/api/v1/api-keys', { name: 'x', meterIds: [meterId, '00000000-0000-4000-8000-000000000000'] })
      .expect(404);
    expect((await org.as.admin.get('/api/v1/api-keys')).body.total).toBe(before);
  });

  it.each([
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(101) }, 'name'],
    [{ name: 'x', meterIds: ['nope'] }, 'meterIds'],
    [{ name: 'x', meterIds: [] }, 'meterIds'],
    [{ name: 'x', meterIds: 'all' }, 'meterIds'],
    [{ name: 'x', permissions: ['admin'] }, 'permissions'],
  ])('rejects malformed key requests with 400 (%#)', async (body, path) => {
    const res = await org.as.admin.post('/api/v1/api-keys', body).expect(400);
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('lets only admins manage keys', async () => {
    for (const role of ['officer', 'auditor', 'executive'] as const) {
      await org.as[role].get('/api/v1/api-keys').expect(403);
      await org.as[role].post('/api/v1/api-keys', { name: 'nope' }).expect(403);
    }
  });

  it("gives another organization's key nothing of this one: no route answers with data", async () => {
    const { body } = await other.as.admin.post('/api/v1/api-keys', { name: 'foreign' }).expect(201);
    const site = (await org.as.officer.get('/api/v1/sites')).body.items[0];
    const mine = await org.as.admin.post('/api/v1/api-keys', { name: 'mine' }).expect(201);
    const urls = [
      `/api/v1/sites/${site.id}`,
      `/api/v1/meters/${meterId}`,
      '/api/v1/audit-log',
      '/api/v1/members',
      '/api/v1/organization',
    ];
    for (const url of urls) {
      const res = await withKey(body.key, url);
      expect([403, 404]).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain(org.id);
      await withKey(body.key, url).set('X-Organization-Id', org.id).expect(404);
    }
    await request(t.http).delete(`/api/v1/api-keys/${mine.body.id}`).set('X-API-Key', body.key).expect(403);
    expect(
      (await org.as.admin.get('/api/v1/api-keys')).body.items.find(
        (k: { id: string }) => k.id === mine.body.id,
      ).revokedAt,
    ).toBeNull();
  });

  it("answers 404 for another organization's key ids", async () => {
    const { body } = await other.as.admin.post('/api/v1/api-keys', { name: 'theirs' }).expect(201);
    await org.as.admin.delete(`/api/v1/api-keys/${body.id}`).expect(404);
    await withKey(body.key, '/api/v1/organization').expect(403);
    expect((await other.as.admin.get('/api/v1/api-keys')).body.items[0].revokedAt).toBeNull();
  });
});
