import { finalizeYear } from '../support/reports';
import request from 'supertest';
import {
  auditEntries,
  createOrganization,
  joinByInvitation,
  MEMBER_PASSWORD,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';
import { withDb } from '../support/readings';
import { expectError } from '../support/assertions';

const newOrganization = {
  name: 'Hanbit Manufacturing',
  legalEntityName: 'Hanbit Manufacturing Co., Ltd.',
  country: 'KR',
  timeZone: 'Asia/Seoul',
  reportingYearStartMonth: 1,
  re100: { targetYear: 2040, baselineYear: 2021 },
};

describe('organizations and the RE100 commitment', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Orgs');
  });
  afterAll(() => t.close());

  it('lets a platform admin create an organization and become its admin, with default milestones', async () => {
    const res = await org.platformAdmin.post('/api/v1/organizations', newOrganization).expect(201);
    expect(res.body).toMatchObject({
      ...newOrganization,
      re100: { targetYear: 2040, baselineYear: 2021, milestones: [{ year: 2030, percent: 60 }] },
    });
    const mine = await org.platformAdmin.get('/api/v1/organizations?limit=500').expect(200);
    expect(mine.body.items.map((o: { id: string }) => o.id)).toContain(res.body.id);
    const firstPage = await org.platformAdmin.get('/api/v1/organizations?limit=1').expect(200);
    // Other suites create organizations in parallel: the total can only have grown since.
    expect(firstPage.body).toMatchObject({ limit: 1, offset: 0 });
    expect(firstPage.body.total).toBeGreaterThanOrEqual(mine.body.total);
    expect(firstPage.body.items).toHaveLength(1);
    const entries = await auditEntries({
      ...org,
      as: { ...org.as, auditor: org.platformAdmin.in(res.body.id) },
    });
    expect(entries.map((e) => `${e.action} ${e.entityType}`)).toEqual([
      'create organization',
      'create membership',
    ]);
  });

  it('refuses organization creation to users who are not platform admins', async () => {
    const res = await org.as.admin.post('/api/v1/organizations', newOrganization).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it.each([
    [{ ...newOrganization, country: 'XX' }, 'country'],
    [{ ...newOrganization, timeZone: 'Asia/Atlantis' }, 'timeZone'],
    [{ ...newOrganization, reportingYearStartMonth: 13 }, 'reportingYearStartMonth'],
    [{ ...newOrganization, re100: { targetYear: '2040' } }, 're100.targetYear'],
    [
      { ...newOrganization, re100: { targetYear: 2040, milestones: [{ year: 2030, percent: 101 }] } },
      're100.milestones.0.percent',
    ],
    [{ ...newOrganization, re100: { targetYear: 2040, surprise: true } }, 're100.surprise'],
    [{ ...newOrganization, name: '' }, 'name'],
  ])('rejects malformed input with 400 and the field path (%#)', async (body, path) => {
    // A legal entity name no other request uses, so the check is safe while other suites run in parallel.
    const legalEntityName = `Malformed ${path} ${Date.now()}`;
    const res = await org.platformAdmin
      .post('/api/v1/organizations', { ...body, legalEntityName })
      .expect(400);
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    const stored = await withDb((db) =>
      db.query('SELECT 1 FROM organizations WHERE legal_entity_name = $1', [legalEntityName]),
    );
    expect(stored.rowCount).toBe(0);
  });

  it.each([
    [{ targetYear: 2051 }, 'RE100_TARGET_TOO_LATE'],
    [
      {
        targetYear: 2050,
        milestones: [
          { year: 2030, percent: 50 },
          { year: 2040, percent: 90 },
        ],
      },
      'RE100_MILESTONE_TOO_LOOSE',
    ],
    [
      {
        targetYear: 2050,
        milestones: [
          { year: 2031, percent: 60 },
          { year: 2040, percent: 90 },
        ],
      },
      'RE100_MILESTONE_TOO_LOOSE',
    ],
    [{ targetYear: 2035, baselineYear: 2036 }, 'RE100_BASELINE_AFTER_TARGET'],
  ])('rejects a commitment that breaks RE100-TGT-1 with 422 (%#)', async (re100, code) => {
    const res = await org.as.officer.patch('/api/v1/organization', { re100 }).expect(422);
    expect(res.body.code).toBe(code);
    expect((await org.as.officer.get('/api/v1/organization')).body.re100).toBeNull();
  });

  it('lets an officer declare stricter milestones and audits the change with before and after', async () => {
    const re100 = {
      targetYear: 2045,
      baselineYear: 2022,
      milestones: [
        { year: 2040, percent: 95 },
        { year: 2028, percent: 65 },
      ],
    };
    const res = await org.as.officer
      .patch('/api/v1/organization', { re100, reportingYearStartMonth: 4 })
      .expect(200);
    expect(res.body.re100.milestones).toEqual([
      { year: 2028, percent: 65 },
      { year: 2040, percent: 95 },
    ]);
    expect(res.body.reportingYearStartMonth).toBe(4);
    const [last] = (await auditEntries(org, '&entityType=organization&action=update')).slice(-1);
    expect(last).toMatchObject({
      actorId: org.userIds.officer,
      before: { re100: null, reportingYearStartMonth: 1 },
    });
    expect((last.after as { re100: { targetYear: number } }).re100.targetYear).toBe(2045);
  });

  it('lets every role read the organization but only admins and officers change it', async () => {
    for (const role of ['admin', 'officer', 'auditor', 'executive'] as const) {
      expect((await org.as[role].get('/api/v1/organization').expect(200)).body.id).toBe(org.id);
    }
    await org.as.auditor.patch('/api/v1/organization', { name: 'Changed' }).expect(403);
    await org.as.executive.patch('/api/v1/organization', { name: 'Changed' }).expect(403);
    expect(
      (await org.as.admin.patch('/api/v1/organization', { name: 'Renamed' }).expect(200)).body.name,
    ).toBe('Renamed');
  });

  it('never shows or changes another organization', async () => {
    const other = await createOrganization(t.http, 'Other');
    await org.as.admin.in(other.id).get('/api/v1/organization').expect(404);
    await org.as.admin.in(other.id).patch('/api/v1/organization', { name: 'Hijacked' }).expect(404);
    expect((await other.as.admin.get('/api/v1/organization')).body.name).toBe(other.name);
  });
});

describe('members and roles', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Members');
  });
  afterAll(() => t.close());

  it('re-checks the caller is still an admin when admins change each other at once', async () => {
    const trio = await createOrganization(t.http, 'Trio');
    const second = await joinByInvitation(
      t.http,
      trio.as.admin,
      `second-admin-${trio.id}@test.local`,
      'admin',
    );
    const [a, b] = await Promise.all([
      trio.as.admin.patch(`/api/v1/members/${second.userId}`, { role: 'officer' }),
      second.caller.patch(`/api/v1/members/${trio.userIds.admin}`, { role: 'officer' }),
    ]);
    // Whichever ran second found its author demoted and was refused.
    expect([a.status, b.status].sort()).toEqual([200, 403]);
    const members = (await trio.as.auditor.get('/api/v1/members')).body.items as {
      userId: string;
      role: string;
    }[];
    const roleOf = (id: string) => members.find((m) => m.userId === id)?.role;
    expect([roleOf(second.userId), roleOf(trio.userIds.admin)].sort()).toEqual(['admin', 'officer']);
  });

  it('has no way to add a member with a password: people join by invitation', async () => {
    await org.as.admin
      .post('/api/v1/members', { email: 'x@test.local', role: 'officer', password: MEMBER_PASSWORD })
      .expect(404);
  });

  it('changes roles, and the new role applies to the next request', async () => {
    const added = await joinByInvitation(t.http, org.as.admin, 'role-change@test.local', 'executive');
    const token = added.caller.token;
    const createSite = () =>
      request(t.http)
        .post('/api/v1/sites')
        .set('Authorization', `Bearer ${token}`)
        .send({ name: `Role site ${Date.now()}`, country: 'KR', timeZone: 'Asia/Seoul' });
    await createSite().expect(403);
    await org.as.admin.patch(`/api/v1/members/${added.userId}`, { role: 'officer' }).expect(200);
    await createSite().expect(201);
    await org.as.admin.delete(`/api/v1/members/${added.userId}`).expect(204);
    await createSite().expect(403);
    // In that organization's context the removed member is refused (403) as on every organization route.
    const me = () => request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
    expect((await me().set('X-Organization-Id', org.id).expect(403)).body.message).toMatch(
      /no longer a member/,
    );
    await request(t.http)
      .get('/api/v1/sites')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Organization-Id', org.id)
      .expect(403);
    expect((await me().expect(200)).body.memberships).toEqual([]);
  });

  it('keeps at least one admin', async () => {
    const solo = await createOrganization(t.http, 'Solo');
    // The platform admin created the organization and is an admin too: demote it first.
    await solo.as.admin
      .patch(`/api/v1/members/${(await solo.platformAdmin.get('/api/v1/auth/me')).body.id}`, {
        role: 'auditor',
      })
      .expect(200);
    const res = await solo.as.admin
      .patch(`/api/v1/members/${solo.userIds.admin}`, { role: 'officer' })
      .expect(409);
    expect(res.body.code).toBe('LAST_ADMIN');
    await solo.as.admin.delete(`/api/v1/members/${solo.userIds.admin}`).expect(409);
  });

  it('lets only admins manage members; auditors read them', async () => {
    await org.as.auditor.get('/api/v1/members').expect(200);
    await org.as.executive.get('/api/v1/members').expect(403);
    await org.as.officer.post('/api/v1/invitations', { email: 'y@test.local', role: 'admin' }).expect(403);
    await org.as.officer.patch(`/api/v1/members/${org.userIds.executive}`, { role: 'admin' }).expect(403);
    await org.as.officer.delete(`/api/v1/members/${org.userIds.executive}`).expect(403);
  });

  it('answers 404 for members of another organization and 400 for malformed ids', async () => {
    const other = await createOrganization(t.http, 'Elsewhere');
    await org.as.admin.patch(`/api/v1/members/${other.userIds.officer}`, { role: 'admin' }).expect(404);
    await org.as.admin.delete(`/api/v1/members/${other.userIds.officer}`).expect(404);
    const bad = await org.as.admin.patch('/api/v1/members/123', { role: 'admin' }).expect(400);
    expect(bad.body.details[0].path).toBe('params.userId');
  });
});

describe('organization updates with null', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Nulls');
  });
  afterAll(() => t.close());

  it.each([
    'name',
    'legalEntityName',
    'country',
    'timeZone',
    'reportingYearStartMonth',
    'excludeImmaterialMarkets',
  ])('answers 400 to %s: null and changes nothing', async (field) => {
    const before = (await org.as.admin.get('/api/v1/organization')).body;
    const res = await org.as.admin.patch('/api/v1/organization', { [field]: null }).expect(400);
    expect(res.body.details[0].path).toBe(field);
    expect((await org.as.admin.get('/api/v1/organization')).body).toEqual(before);
  });

  it('clears the RE100 commitment with re100: null', async () => {
    await org.as.admin.patch('/api/v1/organization', { re100: { targetYear: 2050 } }).expect(200);
    const res = await org.as.admin.patch('/api/v1/organization', { re100: null }).expect(200);
    expect(res.body.re100).toBeNull();
  });
});

describe('the choice to exclude immaterial markets (RE100-SCOPE-2)', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Immaterial');
  });
  afterAll(() => t.close());

  it('is off unless the organization chooses it, at creation or later, and each change is audited', async () => {
    expect((await org.as.auditor.get('/api/v1/organization').expect(200)).body.excludeImmaterialMarkets).toBe(
      false,
    );
    const created = await org.platformAdmin
      .post('/api/v1/organizations', { ...newOrganization, excludeImmaterialMarkets: true })
      .expect(201);
    expect(created.body.excludeImmaterialMarkets).toBe(true);

    const res = await org.as.admin
      .patch('/api/v1/organization', { excludeImmaterialMarkets: true })
      .expect(200);
    expect(res.body.excludeImmaterialMarkets).toBe(true);
    expect((await org.as.auditor.get('/api/v1/organization')).body.excludeImmaterialMarkets).toBe(true);
    const entries = await auditEntries(org, '&entityType=organization');
    expect(entries[entries.length - 1]).toMatchObject({
      action: 'update',
      actorId: org.userIds.admin,
      before: { excludeImmaterialMarkets: false },
      after: { excludeImmaterialMarkets: true },
    });
  });

  it('answers 400 to anything but a boolean and changes nothing', async () => {
    const before = (await org.as.admin.get('/api/v1/organization')).body;
    const auditBefore = (await auditEntries(org)).length;
    for (const value of ['true', 1]) {
      expectError(
        await org.as.admin.patch('/api/v1/organization', { excludeImmaterialMarkets: value }),
        400,
        'VALIDATION_FAILED',
        'excludeImmaterialMarkets',
      );
    }
    expect((await org.as.admin.get('/api/v1/organization')).body).toEqual(before);
    expect((await auditEntries(org)).length).toBe(auditBefore);
  });

  it('is refused (409 PERIOD_LOCKED) while a year is finalized: it changes the figures of every year', async () => {
    await finalizeYear(org.as.admin, 2024);
    const before = (await org.as.admin.get('/api/v1/organization')).body;
    expectError(
      await org.as.admin.patch('/api/v1/organization', {
        excludeImmaterialMarkets: !before.excludeImmaterialMarkets,
      }),
      409,
      'PERIOD_LOCKED',
    );
    expect((await org.as.admin.get('/api/v1/organization')).body).toEqual(before);
    // Sending the value it has changes nothing, and other settings still change.
    await org.as.admin
      .patch('/api/v1/organization', { excludeImmaterialMarkets: before.excludeImmaterialMarkets })
      .expect(200);
    await org.as.admin.patch('/api/v1/organization', { name: `${before.name} (renamed)` }).expect(200);
  });
});
