import request from 'supertest';
import { expectError } from '../support/assertions';
import { withDb } from '../support/readings';
import {
  auditEntries,
  Caller,
  createOrganization,
  joinByInvitation,
  login,
  MEMBER_PASSWORD,
  PLATFORM_ADMIN,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

const ATTACKER_PASSWORD = 'attacker-chosen-password';

describe('invitations: people join by accepting, nobody sets another person’s password', () => {
  let t: TestApp;
  let a: TestOrganization;
  let b: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    a = await createOrganization(t.http, 'Victim');
    b = await createOrganization(t.http, 'Attacker');
  });
  afterAll(() => t.close());

  const accept = (body: object, token?: string) => {
    const req = request(t.http).post('/api/v1/invitations/accept');
    return (token ? req.set('Authorization', `Bearer ${token}`) : req).send(body);
  };
  const invite = (by: Caller, email: string, role = 'officer') =>
    by.post('/api/v1/invitations', { email, role });
  const unique = (name: string) => `${name}-${Date.now().toString(36)}@test.local`;

  it('stops the takeover: B’s admin cannot choose a password for an account A later adds', async () => {
    const victim = unique('victim');
    // Before: B's admin added the victim's e-mail with a password of B's choosing. There is no such route now.
    await b.as.admin
      .post('/api/v1/members', { email: victim, role: 'officer', password: ATTACKER_PASSWORD })
      .expect(404);

    // B's admin can still invite the e-mail and accept the invitation themselves (e-mail ownership cannot be
    // proven without mail), then remove the member again…
    const fromB = (await invite(b.as.admin, victim).expect(201)).body;
    const attacker = (await accept({ token: fromB.token, password: ATTACKER_PASSWORD }).expect(200)).body;
    await b.as.admin.delete(`/api/v1/members/${attacker.user.id}`).expect(204);

    // …but A's invitation is a token A hands to the real person. Without it, signing in as the victim gives
    // nothing of A: a pending invitation grants nothing.
    const fromA = (await invite(a.as.admin, victim).expect(201)).body;
    const asVictim = await login(t.http, victim, ATTACKER_PASSWORD);
    await new Caller(t.http, asVictim, a.id).get('/api/v1/sites').expect(404);
    expect(
      (await new Caller(t.http, asVictim, null).get('/api/v1/auth/me').expect(200)).body.memberships,
    ).toEqual([]);

    // The token holder (the real person) cannot join with a new password: the account's password is needed,
    // so the attacker's account never becomes a member of A through this invitation.
    expectError(
      await accept({ token: fromA.token, password: 'the-real-persons-password' }),
      401,
      'INVALID_CREDENTIALS',
    );
    const pending = await a.as.admin.get('/api/v1/invitations?status=pending').expect(200);
    expect(pending.body.items.map((i: { id: string }) => i.id)).toContain(fromA.id);
    expect(
      (await a.as.admin.get('/api/v1/members?limit=500')).body.items.map((m: { email: string }) => m.email),
    ).not.toContain(victim);
  });

  it('never adds an existing member of A to B without their consent', async () => {
    const aAdminEmail = (await a.as.admin.get('/api/v1/auth/me')).body.email;
    const created = await invite(b.as.admin, aAdminEmail, 'admin').expect(201);
    // The invitation grants nothing until A's admin accepts it.
    const me = await a.as.admin.get('/api/v1/auth/me').expect(200);
    expect(me.body.memberships.map((m: { organizationId: string }) => m.organizationId)).toEqual([a.id]);
    expect(
      (await b.as.admin.get('/api/v1/members?limit=500')).body.items.map((m: { email: string }) => m.email),
    ).not.toContain(aAdminEmail);
    // Holding the token is not enough for B's admin: the account's password is, and B does not know it.
    expectError(
      await accept({ token: created.body.token, password: ATTACKER_PASSWORD }),
      401,
      'INVALID_CREDENTIALS',
    );
    // Guessing it through invitations counts against the login rate limit like any password attempt.
    expect((await a.as.admin.get('/api/v1/auth/me')).body.memberships).toHaveLength(1);
  });

  it('answers an invitation alike whether or not the e-mail has an account', async () => {
    const existing = (await a.as.officer.get('/api/v1/auth/me')).body.email;
    const fresh = unique('nobody');
    const [x, y] = [
      await invite(b.as.admin, existing).expect(201),
      await invite(b.as.admin, fresh).expect(201),
    ];
    expect(Object.keys(x.body).sort()).toEqual(Object.keys(y.body).sort());
    const shape = (body: Record<string, unknown>) => ({
      ...body,
      id: 0,
      email: 0,
      token: 0,
      createdAt: 0,
      expiresAt: 0,
    });
    expect(shape(x.body)).toEqual(shape(y.body));
  });

  it('lets a signed-in person accept as themselves, and only for their own e-mail', async () => {
    const officerOfA = a.as.officer;
    const email = (await officerOfA.get('/api/v1/auth/me')).body.email;
    const created = (await invite(b.as.admin, email, 'auditor').expect(201)).body;
    const other = (await invite(b.as.admin, unique('someone-else'), 'auditor').expect(201)).body;
    expectError(
      await accept({ token: other.token }, officerOfA.token),
      403,
      'INVITATION_FOR_ANOTHER_ACCOUNT',
    );
    const joined = await accept({ token: created.token }, officerOfA.token).expect(200);
    expect(
      joined.body.memberships
        .map((m: { organizationId: string; role: string }) => `${m.organizationId} ${m.role}`)
        .sort(),
    ).toEqual([`${a.id} officer`, `${b.id} auditor`].sort());
    // Their password is unchanged.
    await login(t.http, email, MEMBER_PASSWORD);
  });

  it('creates a new account only with the person’s own password, and signs them in', async () => {
    const email = unique('New.Person').replace('New.Person', 'New.Person');
    const created = (await invite(a.as.admin, email, 'executive').expect(201)).body;
    expect(created).toMatchObject({ email: email.toLowerCase(), role: 'executive', status: 'pending' });
    expect(created.token).toMatch(/^rli_[A-Za-z0-9_-]{43}$/);
    const listed = (await a.as.admin.get('/api/v1/invitations').expect(200)).body.items.find(
      (i: { id: string }) => i.id === created.id,
    );
    expect(listed.token).toBeUndefined();
    expectError(await accept({ token: created.token }), 400, 'VALIDATION_FAILED', 'password');
    const res = await accept({
      token: created.token,
      password: 'my-own-password-1',
      displayName: 'New Person',
    }).expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      user: { email: email.toLowerCase(), displayName: 'New Person' },
    });
    expect(res.body.memberships).toEqual([
      { organizationId: a.id, organizationName: a.name, role: 'executive' },
    ]);
    await new Caller(t.http, res.body.accessToken, a.id).get('/api/v1/sites').expect(200);
    // Single use.
    expectError(
      await accept({ token: created.token, password: 'my-own-password-1' }),
      404,
      'INVITATION_INVALID',
    );
    const entries = await auditEntries(a, `&entityType=invitation&entityId=${created.id}`);
    expect(entries.map((e) => e.action)).toEqual(['create', 'accept']);
    expect(JSON.stringify(entries)).not.toContain(created.token);
  });

  it('refuses unknown, revoked, expired and replaced tokens with 404 INVITATION_INVALID', async () => {
    const revoked = (await invite(a.as.admin, unique('revoked')).expect(201)).body;
    await a.as.admin.delete(`/api/v1/invitations/${revoked.id}`).expect(200);
    expectError(await accept({ token: revoked.token, password: MEMBER_PASSWORD }), 404, 'INVITATION_INVALID');

    const email = unique('replaced');
    const first = (await invite(a.as.admin, email).expect(201)).body;
    const second = (await invite(a.as.admin, email).expect(201)).body;
    expectError(await accept({ token: first.token, password: MEMBER_PASSWORD }), 404, 'INVITATION_INVALID');

    const expired = (await invite(a.as.admin, unique('expired')).expect(201)).body;
    await withDb((db) =>
      db.query(
        `UPDATE invitations SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE id = $1`,
        [expired.id],
      ),
    );
    expectError(await accept({ token: expired.token, password: MEMBER_PASSWORD }), 404, 'INVITATION_INVALID');
    expect(
      (await a.as.admin.get('/api/v1/invitations?status=expired').expect(200)).body.items.map(
        (i: { id: string }) => i.id,
      ),
    ).toContain(expired.id);

    const unknown = `rli_${'A'.repeat(43)}`;
    expectError(await accept({ token: unknown, password: MEMBER_PASSWORD }), 404, 'INVITATION_INVALID');
    expectError(
      await accept({ token: 'not-a-token', password: MEMBER_PASSWORD }),
      400,
      'VALIDATION_FAILED',
      'token',
    );
    await accept({ token: second.token, password: MEMBER_PASSWORD }).expect(200);
  });

  it('revokes the pending invitations of an admin who is demoted or removed, for good', async () => {
    const second = await joinByInvitation(t.http, a.as.admin, unique('second-admin'), 'admin');
    const planted = (await invite(second.caller, unique('backdoor'), 'admin').expect(201)).body;
    await a.as.admin.patch(`/api/v1/members/${second.userId}`, { role: 'auditor' }).expect(200);
    const listed = (await a.as.admin.get('/api/v1/invitations?limit=500').expect(200)).body.items;
    expect(listed.find((i: { id: string }) => i.id === planted.id)).toMatchObject({ status: 'revoked' });
    // Promoted again: the planted invitation stays dead.
    await a.as.admin.patch(`/api/v1/members/${second.userId}`, { role: 'admin' }).expect(200);
    expectError(await accept({ token: planted.token, password: MEMBER_PASSWORD }), 404, 'INVITATION_INVALID');

    const third = await joinByInvitation(t.http, a.as.admin, unique('third-admin'), 'admin');
    const left = (await invite(third.caller, unique('left-behind'), 'officer').expect(201)).body;
    await a.as.admin.delete(`/api/v1/members/${third.userId}`).expect(204);
    expectError(await accept({ token: left.token, password: MEMBER_PASSWORD }), 404, 'INVITATION_INVALID');
    const entries = await auditEntries(a, `&entityType=invitation&entityId=${left.id}`);
    expect(entries.map((e) => e.action)).toEqual(['create', 'revoke']);
  });

  it('lets a platform admin invite the first admin of a new organization, who is then its only member', async () => {
    const platform = new Caller(
      t.http,
      await login(t.http, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password),
      null,
    );
    const email = unique('first-admin');
    const created = await platform
      .post('/api/v1/organizations', {
        name: `Fresh ${Date.now()}`,
        legalEntityName: `Fresh ${Date.now()} Ltd.`,
        country: 'DE',
        timeZone: 'Europe/Berlin',
        firstAdminEmail: email,
      })
      .expect(201);
    expect(created.body.firstAdminInvitation).toMatchObject({ email, role: 'admin', status: 'pending' });
    // The platform admin did not become a member.
    await platform.in(created.body.id).get('/api/v1/members').expect(404);
    const admin = (
      await accept({ token: created.body.firstAdminInvitation.token, password: MEMBER_PASSWORD }).expect(200)
    ).body;
    const members = await new Caller(t.http, admin.accessToken, created.body.id)
      .get('/api/v1/members')
      .expect(200);
    expect(members.body.items.map((m: { email: string; role: string }) => `${m.email} ${m.role}`)).toEqual([
      `${email} admin`,
    ]);
    // A platform admin can invite into any organization (e.g. when its admins are gone), nobody else can.
    await platform
      .post(`/api/v1/platform/organizations/${created.body.id}/invitations`, {
        email: unique('rescue'),
        role: 'admin',
      })
      .expect(201);
    await a.as.admin
      .post(`/api/v1/platform/organizations/${created.body.id}/invitations`, {
        email: unique('x'),
        role: 'admin',
      })
      .expect(403);
    await platform
      .post(`/api/v1/platform/organizations/00000000-0000-4000-8000-000000000000/invitations`, {
        email: unique('x'),
        role: 'admin',
      })
      .expect(404);
  });

  it('keeps invitations inside their organization and their admins', async () => {
    const created = (await invite(a.as.admin, unique('scoped')).expect(201)).body;
    await b.as.admin.delete(`/api/v1/invitations/${created.id}`).expect(404);
    expect(
      (await b.as.admin.get('/api/v1/invitations?limit=500')).body.items.map((i: { id: string }) => i.id),
    ).not.toContain(created.id);
    await a.as.officer.post('/api/v1/invitations', { email: unique('x'), role: 'officer' }).expect(403);
    await a.as.executive.get('/api/v1/invitations').expect(403);
    await a.as.auditor.get('/api/v1/invitations').expect(200);
    await a.as.auditor.delete(`/api/v1/invitations/${created.id}`).expect(403);
    const memberEmail = (await a.as.officer.get('/api/v1/auth/me')).body.email;
    expectError(await invite(a.as.admin, memberEmail), 409, 'ALREADY_MEMBER');
  });

  it.each([
    [{ email: 'x@test.local', role: 'owner' }, 'role'],
    [{ email: 'x', role: 'officer' }, 'email'],
    [{ email: 'x@test.local', role: 'officer', password: 'chosen-by-admin-1' }, 'password'],
    [{ email: `${'x'.repeat(250)}@test.local`, role: 'officer' }, 'email'],
  ])('rejects a malformed invitation with 400 and writes nothing (%#)', async (body, path) => {
    const before = (await auditEntries(a)).length;
    expectError(await a.as.admin.post('/api/v1/invitations', body), 400, 'VALIDATION_FAILED', path);
    expect(await auditEntries(a)).toHaveLength(before);
  });

  it.each([
    [{ token: 5, password: MEMBER_PASSWORD }, 'token'],
    [{ token: `rli_${'A'.repeat(43)}`, password: 'short' }, 'password'],
    [{ token: `rli_${'A'.repeat(43)}`, password: MEMBER_PASSWORD, role: 'admin' }, 'role'],
  ])('rejects a malformed acceptance with 400 (%#)', async (body, path) => {
    expectError(await accept(body), 400, 'VALIDATION_FAILED', path);
  });
});

describe('accounts nobody has claimed, and password resets', () => {
  let t: TestApp;
  let org: TestOrganization;
  let platform: Caller;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Resets');
    platform = new Caller(t.http, org.platformAdmin.token, null);
  });
  afterAll(() => t.close());

  const reset = (body: object) => request(t.http).post('/api/v1/auth/password-reset').send(body);

  it('refuses sign-in to an account whose password someone else chose, until the person resets it', async () => {
    const email = `legacy-${Date.now()}@test.local`;
    const { userId } = await joinByInvitation(t.http, org.as.admin, email, 'officer');
    // As accounts created by an admin with a password of the admin's choosing were before invitations.
    await withDb((db) =>
      db.query('UPDATE users SET claimed_at = NULL, token_version = 0 WHERE id = $1', [userId]),
    );
    expectError(
      await request(t.http).post('/api/v1/auth/login').send({ email, password: MEMBER_PASSWORD }),
      401,
      'INVALID_CREDENTIALS',
    );
    const issued = await platform.post('/api/v1/platform/password-resets', { email }).expect(201);
    expect(issued.body.token).toMatch(/^rlr_/);
    const signedIn = await reset({ token: issued.body.token, newPassword: 'the-persons-own-1' }).expect(200);
    expect(signedIn.body.user.id).toBe(userId);
    await login(t.http, email, 'the-persons-own-1');
    expectError(
      await reset({ token: issued.body.token, newPassword: 'again-and-again-1' }),
      404,
      'RESET_INVALID',
    );
    const chain = await platform.get(`/api/v1/platform/audit-log?entityId=${userId}`).expect(200);
    expect(chain.body.items[0]).toMatchObject({ action: 'claim', entityType: 'user_password' });
  });

  it('lets only platform admins issue resets, and a new reset voids the previous one', async () => {
    const email = (await org.as.executive.get('/api/v1/auth/me')).body.email;
    await org.as.admin.post('/api/v1/platform/password-resets', { email }).expect(403);
    const first = (await platform.post('/api/v1/platform/password-resets', { email }).expect(201)).body;
    const second = (await platform.post('/api/v1/platform/password-resets', { email }).expect(201)).body;
    expectError(
      await reset({ token: first.token, newPassword: 'whatever-password-1' }),
      404,
      'RESET_INVALID',
    );
    const oldToken = org.as.executive.token;
    await reset({ token: second.token, newPassword: 'whatever-password-1' }).expect(200);
    // Tokens issued before the reset stop working.
    await new Caller(t.http, oldToken, org.id).get('/api/v1/auth/me').expect(401);
    await platform.post('/api/v1/platform/password-resets', { email: 'nobody-here@test.local' }).expect(404);
    expectError(
      await reset({ token: 'rlr_short', newPassword: 'whatever-password-1' }),
      400,
      'VALIDATION_FAILED',
      'token',
    );
  });
});
