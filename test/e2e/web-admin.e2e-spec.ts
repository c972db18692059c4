import request from 'supertest';
import { meterIn, quarterHours } from '../support/readings';
import {
  createOrganization,
  MEMBER_PASSWORD,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';
import { PageSession, signInToPages } from '../support/web';

/** The block of one form field (`data-field="…"`), to tell that a problem is said at that field. */
function fieldBlock(html: string, name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(
    `<(div|fieldset) class="field[^"]*" data-field="${escaped}"[^>]*>[\\s\\S]*?</\\1>`,
  ).exec(html);
  if (!match) throw new Error(`no field ${name} in the page`);
  return match[0];
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('Web pages: administration', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let admin: PageSession;
  let meter: { id: string; externalId: string };

  beforeAll(async () => {
    t = await startTestApp();
    [org, other] = await Promise.all([
      createOrganization(t.http, 'WebAdmin'),
      createOrganization(t.http, 'WebAdminOther'),
    ]);
    [admin, meter] = await Promise.all([
      signInToPages(t.http, org.emails.admin),
      meterIn(org, 'Europe/Berlin'),
    ]);
  });
  afterAll(() => t.close());

  const keysOf = async (o: TestOrganization) =>
    (await o.as.admin.get('/api/v1/api-keys?limit=500').expect(200)).body.items as {
      id: string;
      name: string;
      prefix: string;
      meterIds: string[] | null;
      revokedAt: string | null;
    }[];
  const membersOf = async (o: TestOrganization) =>
    (await o.as.admin.get('/api/v1/members?limit=500').expect(200)).body.items as {
      userId: string;
      email: string;
      role: string;
    }[];

  it('refuses officers, auditors and executives with a page naming the admin role, and lets them change nothing', async () => {
    const sessions = await Promise.all(
      (['officer', 'auditor', 'executive'] as const).map((role) => signInToPages(t.http, org.emails[role])),
    );
    for (const session of sessions) {
      for (const path of [
        '/app/admin',
        '/app/admin/members',
        '/app/admin/api-keys',
        '/app/admin/organization',
      ]) {
        const res = await session.agent.get(path).expect(403);
        expect(res.text).toContain('It needs one of: admin.');
      }
      const posted = await session.post('/app/admin/api-keys', { name: 'not-allowed' }).expect(403);
      expect(posted.text).toContain('It needs one of: admin.');
    }
    expect((await keysOf(org)).some((k) => k.name === 'not-allowed')).toBe(false);
  });

  it('creates an API key whose secret is shown once, pushes readings only, and is refused once revoked', async () => {
    const created = await admin
      .post('/app/admin/api-keys', { name: 'gateway-web', meterIds: meter.id })
      .expect(200);
    expect(created.headers['cache-control']).toBe('no-store');
    const key = /rlk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/.exec(created.text)?.[0];
    expect(key).toBeDefined();
    expect(occurrences(created.text, key!)).toBe(1);
    expect(created.text).toContain('shown here once and never again');

    const listed = (await keysOf(org)).find((k) => k.name === 'gateway-web')!;
    expect(listed).toMatchObject({ meterIds: [meter.id], revokedAt: null });
    expect(key!.startsWith(`rlk_${listed.prefix}_`)).toBe(true);
    const secret = key!.slice(`rlk_${listed.prefix}_`.length);

    // What an API key may do: push readings of its meter; reading anything is refused.
    const push = () =>
      request(t.http)
        .post(`/api/v1/meters/${meter.id}/readings`)
        .set('X-API-Key', key!)
        .send({ readings: quarterHours('2026-01-18T00:00:00Z', [1]) });
    expect((await push().expect(200)).body.accepted).toBe(1);
    await request(t.http).get('/api/v1/sites').set('X-API-Key', key!).expect(403);

    const list = await admin.agent.get('/app/admin/api-keys').expect(200);
    expect(list.text).not.toContain(secret);
    const row = new RegExp(`<tr data-key="${listed.id}">[\\s\\S]*?</tr>`).exec(list.text)![0];
    expect(row).toContain('gateway-web');
    expect(row).toContain(meter.externalId);
    expect(row).toContain(listed.prefix);

    // Revoking without the form's token is refused; the key keeps working.
    await admin.agent
      .post(`/app/admin/api-keys/${listed.id}/revoke`)
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send('')
      .expect(403);
    await request(t.http).get('/api/v1/sites').set('X-API-Key', key!).expect(403);

    const revoked = await admin.post(`/app/admin/api-keys/${listed.id}/revoke`).expect(303);
    expect(revoked.headers.location).toBe(`/app/admin/api-keys?done=revoked&key=${listed.id}`);
    await push().expect(401);
    const after = await admin.agent.get(revoked.headers.location).expect(200);
    expect(after.text).toContain('The key gateway-web was revoked.');
    expect(after.text).not.toContain(secret);
    expect((await keysOf(org)).find((k) => k.id === listed.id)!.revokedAt).not.toBeNull();
  });

  it('answers a key form the API refuses with 422, the problem at its field, and creates nothing', async () => {
    const before = (await keysOf(org)).length;
    const res = await admin.post('/app/admin/api-keys', { name: '' }).expect(422);
    expect(fieldBlock(res.text, 'name')).toMatch(/class="field-error"[^>]*>name is required/);
    expect(res.text).not.toMatch(/rlk_[0-9a-f]{16}_/);
    // The same through htmx: the page's content alone, to swap in.
    const hx = await admin.hx('post', '/app/admin/api-keys', { name: 'x'.repeat(101) }).expect(422);
    expect(hx.text.startsWith('<div id="api-keys-content">')).toBe(true);
    expect(fieldBlock(hx.text, 'name')).toContain('field-error');
    expect(await keysOf(org)).toHaveLength(before);
  });

  it('invites a person: the token is shown once, lets them join, and is never shown again', async () => {
    const email = `invited-${org.id.slice(0, 8)}@test.local`;
    const res = await admin.post('/app/admin/invitations', { email, role: 'auditor' }).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const token = /rli_[A-Za-z0-9_-]{43}/.exec(res.text)?.[0];
    expect(token).toBeDefined();
    expect(occurrences(res.text, token!)).toBe(1);
    expect(res.text).toContain('The token is shown here once and never again');

    const members = await admin.agent.get('/app/admin/members').expect(200);
    expect(members.text).not.toContain(token!);
    expect(/<table id="invitations">[\s\S]*?<\/table>/.exec(members.text)![0]).toContain(email);
    // Destructive buttons ask first.
    expect(members.text).toMatch(/action="\/app\/admin\/members\/[^"]+\/remove" data-confirm="Remove /);
    expect(members.text).toMatch(/action="\/app\/admin\/invitations\/[^"]+\/revoke" data-confirm="Revoke /);

    await request(t.http)
      .post('/api/v1/invitations/accept')
      .send({ token, password: MEMBER_PASSWORD })
      .expect(200);
    expect((await membersOf(org)).find((m) => m.email === email)?.role).toBe('auditor');

    // A second invitation, revoked through the page: its token stops working.
    const second = await admin
      .post('/app/admin/invitations', { email: `revoked-${email}`, role: 'officer' })
      .expect(200);
    const secondToken = /rli_[A-Za-z0-9_-]{43}/.exec(second.text)![0];
    const pending = (await org.as.admin.get('/api/v1/invitations?status=pending').expect(200)).body.items;
    const secondId = pending.find((i: { email: string }) => i.email === `revoked-${email}`).id;
    const revoked = await admin.post(`/app/admin/invitations/${secondId}/revoke`).expect(303);
    expect(revoked.headers.location).toBe('/app/admin/members?done=revoked');
    await request(t.http)
      .post('/api/v1/invitations/accept')
      .send({ token: secondToken, password: MEMBER_PASSWORD })
      .expect(404);

    // The domain's refusal, in words at the form: the person is a member now.
    const again = await admin.post('/app/admin/invitations', { email, role: 'officer' }).expect(422);
    expect(again.text).toContain(`${email} is already a member`);
    expect(again.text).not.toMatch(/rli_[A-Za-z0-9_-]{43}/);
  });

  it("changes a member's role, refuses to demote the last admin, and removes a member", async () => {
    const changed = await admin
      .post(`/app/admin/members/${org.userIds.executive}/role`, { role: 'auditor' })
      .expect(303);
    expect((await membersOf(org)).find((m) => m.userId === org.userIds.executive)?.role).toBe('auditor');
    const page = await admin.agent.get(changed.headers.location).expect(200);
    expect(page.text).toContain('now has the auditor role.');
    // Through htmx, the browser is sent to the same page.
    const hx = await admin
      .hx('post', `/app/admin/members/${org.userIds.executive}/role`, { role: 'executive' })
      .expect(200);
    expect(hx.headers['hx-redirect']).toBe(`/app/admin/members?done=role&member=${org.userIds.executive}`);
    expect((await membersOf(org)).find((m) => m.userId === org.userIds.executive)?.role).toBe('executive');
    const unknown = await admin
      .post(`/app/admin/members/${org.userIds.executive}/role`, { role: 'owner' })
      .expect(422);
    expect(unknown.text).toContain('role must be one of the following values');

    // The organization's creator is an admin too: without it, the admin member is the last one.
    const creator = (await membersOf(org)).find((m) => m.role === 'admin' && m.userId !== org.userIds.admin)!;
    await org.as.admin.delete(`/api/v1/members/${creator.userId}`).expect(204);
    const refused = await admin
      .post(`/app/admin/members/${org.userIds.admin}/role`, { role: 'officer' })
      .expect(422);
    const row = new RegExp(`<tr data-member="${org.userIds.admin}">[\\s\\S]*?</tr>`).exec(refused.text)![0];
    expect(row).toContain('An organization keeps at least one admin');
    expect((await membersOf(org)).find((m) => m.userId === org.userIds.admin)?.role).toBe('admin');

    const removed = await admin.post(`/app/admin/members/${org.userIds.executive}/remove`).expect(303);
    expect(removed.headers.location).toBe('/app/admin/members?done=removed');
    expect((await membersOf(org)).some((m) => m.userId === org.userIds.executive)).toBe(false);
  });

  it("answers 404 for another organization's member, invitation or key, and changes nothing there", async () => {
    const theirKey = (await other.as.admin.post('/api/v1/api-keys', { name: 'theirs' }).expect(201)).body.id;
    const theirInvitation = (
      await other.as.admin
        .post('/api/v1/invitations', { email: `x-${other.id.slice(0, 8)}@test.local`, role: 'officer' })
        .expect(201)
    ).body.id;
    await admin.post(`/app/admin/members/${other.userIds.officer}/role`, { role: 'auditor' }).expect(404);
    await admin.post(`/app/admin/members/${other.userIds.officer}/remove`).expect(404);
    await admin.post(`/app/admin/api-keys/${theirKey}/revoke`).expect(404);
    const res = await admin.post(`/app/admin/invitations/${theirInvitation}/revoke`).expect(404);
    expect(res.text).toContain('There is no such page, or it belongs to another organization.');
    await admin.post('/app/admin/api-keys/not-a-key/revoke').expect(404);
    expect((await membersOf(other)).find((m) => m.userId === other.userIds.officer)?.role).toBe('officer');
    expect((await keysOf(other)).find((k) => k.id === theirKey)?.revokedAt).toBeNull();
    const invitations = (await other.as.admin.get('/api/v1/invitations?status=pending').expect(200)).body
      .items;
    expect(invitations.map((i: { id: string }) => i.id)).toContain(theirInvitation);
  });

  it('refuses a form sent without the CSRF token and writes nothing', async () => {
    const before = await org.as.admin.get('/api/v1/organization').expect(200);
    const res = await admin.agent
      .post('/app/admin/organization')
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send(new URLSearchParams({ name: 'Forged' }).toString())
      .expect(403);
    expect(res.text).toContain('Reload it and try again');
    await admin.agent
      .post(`/app/admin/members/${org.userIds.officer}/role`)
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send('role=auditor')
      .expect(403);
    expect((await org.as.admin.get('/api/v1/organization').expect(200)).body).toEqual(before.body);
    expect((await membersOf(org)).find((m) => m.userId === org.userIds.officer)?.role).toBe('officer');
  });

  it('edits the settings and RE100 commitment: refusals at their fields with nothing written, a valid change saved', async () => {
    const before = (await org.as.admin.get('/api/v1/organization').expect(200)).body;
    const form = await admin.agent.get('/app/admin/organization').expect(200);
    expect(form.text).toContain(`value="${before.name}"`);
    const fields = {
      name: before.name,
      legalEntityName: before.legalEntityName,
      country: before.country,
      timeZone: before.timeZone,
      reportingYearStartMonth: String(before.reportingYearStartMonth),
    };

    const late = await admin
      .post('/app/admin/organization', { ...fields, 're100.targetYear': '2055' })
      .expect(422);
    expect(fieldBlock(late.text, 're100.targetYear')).toContain('RE100 requires 100 % by 2050 at the latest');
    const baseline = await admin
      .hx('post', '/app/admin/organization', {
        ...fields,
        're100.targetYear': '2040',
        're100.baselineYear': '2045',
      })
      .expect(422);
    expect(baseline.text.startsWith('<div id="settings-content">')).toBe(true);
    expect(fieldBlock(baseline.text, 're100.baselineYear')).toContain(
      'The baseline year must not be after the target year',
    );
    const milestone = await admin
      .post('/app/admin/organization', {
        ...fields,
        're100.targetYear': '2040',
        're100.milestones.0.year': '',
        're100.milestones.0.percent': '',
        're100.milestones.1.year': '2030',
        're100.milestones.1.percent': '50',
      })
      .expect(422);
    expect(fieldBlock(milestone.text, 're100.milestones')).toContain('RE100 requires at least 60 % by 2030');
    const emptied = await admin.post('/app/admin/organization', { ...fields, name: '' }).expect(422);
    expect(fieldBlock(emptied.text, 'name')).toContain('field-error');
    expect((await org.as.admin.get('/api/v1/organization').expect(200)).body).toEqual(before);

    const saved = await admin
      .post('/app/admin/organization', {
        ...fields,
        name: 'Renamed through the page',
        're100.targetYear': '2040',
        're100.baselineYear': '2020',
        're100.milestones.0.year': '2030',
        're100.milestones.0.percent': '60',
        're100.milestones.1.year': '',
        're100.milestones.1.percent': '',
        're100.milestones.2.year': '2035',
        're100.milestones.2.percent': '80.5',
      })
      .expect(303);
    expect(saved.headers.location).toBe('/app/admin/organization?saved=1');
    const after = (await org.as.admin.get('/api/v1/organization').expect(200)).body;
    expect(after).toMatchObject({
      name: 'Renamed through the page',
      legalEntityName: before.legalEntityName,
      re100: {
        targetYear: 2040,
        baselineYear: 2020,
        milestones: [
          { year: 2030, percent: 60 },
          { year: 2035, percent: 80.5 },
        ],
      },
    });
    const shown = await admin.agent.get(saved.headers.location).expect(200);
    expect(shown.text).toContain('The settings were saved.');
    expect(fieldBlock(shown.text, 're100.milestones.1.percent')).toContain('value="80.5"');
  });
});
