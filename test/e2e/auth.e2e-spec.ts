import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import {
  createOrganization,
  joinByInvitation,
  MEMBER_PASSWORD,
  PLATFORM_ADMIN,
  startTestApp,
  TEST_JWT_SECRET,
  TestApp,
  TestOrganization,
} from '../support/test-app';

describe('auth: login, tokens, organization context', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Auth');
  });
  afterAll(() => t.close());

  const post = (body: unknown) =>
    request(t.http)
      .post('/api/v1/auth/login')
      .send(body as object);

  it('logs in with the bootstrap admin and returns a bearer token with the memberships', async () => {
    const res = await post(PLATFORM_ADMIN).expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { email: PLATFORM_ADMIN.email, isPlatformAdmin: true },
    });
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    expect(res.body.user.passwordHash).toBeUndefined();
    expect(res.body.memberships).toEqual(
      expect.arrayContaining([{ organizationId: org.id, organizationName: org.name, role: 'admin' }]),
    );
  });

  it('treats the e-mail case-insensitively', async () => {
    await post({ email: PLATFORM_ADMIN.email.toUpperCase(), password: PLATFORM_ADMIN.password }).expect(200);
  });

  it('answers 401 INVALID_CREDENTIALS for a wrong password and for an unknown e-mail alike', async () => {
    const wrong = await post({ email: PLATFORM_ADMIN.email, password: 'not-the-password' }).expect(401);
    const unknown = await post({ email: 'nobody@test.local', password: 'whatever-password' }).expect(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it.each([
    [{}, 'email'],
    [{ email: 'not-an-email', password: 'x' }, 'email'],
    [{ email: 'a@b.c', password: 5 }, 'password'],
    [{ email: 'a@b.c', password: 'x', role: 'admin' }, 'role'],
    [{ email: 'a@b.c', password: 'x'.repeat(5000) }, 'password'],
  ])('rejects a malformed login body %j with the field path', async (body, path) => {
    const res = await post(body).expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      requestId: expect.any(String),
    });
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('rejects malformed JSON and non-object bodies as 400', async () => {
    const res = await request(t.http)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":')
      .expect(400);
    expect(res.body).toMatchObject({ code: 'MALFORMED_BODY', requestId: res.headers['x-request-id'] });
    await request(t.http)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('[1,2]')
      .expect(400);
  });

  it('answers 413 for a body over the JSON limit', async () => {
    const res = await post({ email: 'a@b.c', password: 'x'.repeat(1_200_000) }).expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses missing, malformed, forged and expired tokens with 401', async () => {
    await request(t.http).get('/api/v1/auth/me').expect(401);
    await request(t.http).get('/api/v1/auth/me').set('Authorization', 'Basic abc').expect(401);
    await request(t.http).get('/api/v1/auth/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
    const forged = new JwtService({ secret: 'another-secret-another-secret-another-1' }).sign({
      sub: org.userIds.admin,
    });
    await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`).expect(401);
    const expired = new JwtService({ secret: TEST_JWT_SECRET }).sign({
      sub: org.userIds.admin,
      exp: Math.floor(Date.now() / 1000) - 10,
    });
    const res = await request(t.http)
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${expired}`)
      .expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('refuses tokens without a lifetime, older than the lifetime, or naming a malformed account', async () => {
    const signer = new JwtService({ secret: TEST_JWT_SECRET });
    const now = Math.floor(Date.now() / 1000);
    const noExpOld = signer.sign({ sub: org.userIds.admin, iat: now - 3600 });
    await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${noExpOld}`).expect(401);
    const badSub = signer.sign({ sub: 'not-a-uuid' }, { expiresIn: 60 });
    await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${badSub}`).expect(401);
  });

  it('refuses a token whose lifetime exceeds JWT_TTL_SECONDS, whoever signed it', async () => {
    const signer = new JwtService({ secret: TEST_JWT_SECRET });
    const me = (token: string) =>
      request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
    const ver = 0; // the officer never changed their password
    // Signed just now with our secret, but meant to live a year (an instance configured otherwise, or a leak).
    const longLived = signer.sign({ sub: org.userIds.officer, ver }, { expiresIn: 365 * 86400 });
    await me(longLived).expect(401);
    // No issue time: its lifetime cannot be told.
    const noIat = signer.sign(
      { sub: org.userIds.officer, ver, exp: Math.floor(Date.now() / 1000) + 60 },
      { noTimestamp: true },
    );
    await me(noIat).expect(401);
    // Issued in the future.
    const now = Math.floor(Date.now() / 1000);
    const future = signer.sign({
      sub: org.userIds.officer,
      ver,
      iat: now + 3600,
      exp: now + 3600 + 600,
    });
    await me(future).expect(401);
    // Within the lifetime: accepted.
    await me(signer.sign({ sub: org.userIds.officer, ver }, { expiresIn: 900 })).expect(200);
  });

  it('rejects deeply nested JSON with 400 and non-JSON bodies with 415, never a 500', async () => {
    const nested = `{"email":${'['.repeat(5000)}${']'.repeat(5000)},"password":"x"}`;
    const deep = await request(t.http)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(nested)
      .expect(400);
    expect(deep.body.code).toBe('MALFORMED_BODY');
    const text = await request(t.http)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'text/plain')
      .send('email=a')
      .expect(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('returns the signed-in user with their memberships', async () => {
    const res = await org.as.officer.get('/api/v1/auth/me').expect(200);
    expect(res.body).toMatchObject({
      id: org.userIds.officer,
      memberships: [{ organizationId: org.id, role: 'officer' }],
    });
  });

  describe('organization context', () => {
    it('uses the only organization when X-Organization-Id is absent', async () => {
      const officerWithoutHeader = request(t.http)
        .get('/api/v1/organization')
        .set('Authorization', `Bearer ${org.as.officer.token}`);
      expect((await officerWithoutHeader.expect(200)).body.id).toBe(org.id);
    });

    it('requires X-Organization-Id from a member of several organizations', async () => {
      await createOrganization(t.http, 'Second');
      const res = await request(t.http)
        .get('/api/v1/sites')
        .set('Authorization', `Bearer ${org.platformAdmin.token}`)
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'ORGANIZATION_REQUIRED',
        details: [{ path: 'headers.x-organization-id' }],
      });
    });

    it('rejects a malformed X-Organization-Id with 400 and a foreign one with 404', async () => {
      const bad = await org.as.officer.in('nope').get('/api/v1/sites').expect(400);
      expect(bad.body.details[0].path).toBe('headers.x-organization-id');
      const other = await createOrganization(t.http, 'Foreign');
      const res = await org.as.officer.in(other.id).get('/api/v1/sites').expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  describe('changing the password', () => {
    it('needs the current password, then the new one works and the old one does not', async () => {
      const member = await joinByInvitation(t.http, org.platformAdmin, 'pw-change@test.local', 'executive');
      const token = member.caller.token;
      const send = (body: object) =>
        request(t.http).post('/api/v1/auth/password').set('Authorization', `Bearer ${token}`).send(body);

      const wrong = await send({
        currentPassword: 'wrong-password-123',
        newPassword: 'brand-new-password-1',
      }).expect(422);
      expect(wrong.body.details[0].path).toBe('currentPassword');
      await send({ currentPassword: MEMBER_PASSWORD, newPassword: 'short' }).expect(400);
      await send({ currentPassword: MEMBER_PASSWORD, newPassword: 'brand-new-password-1' }).expect(204);

      await post({ email: 'pw-change@test.local', password: MEMBER_PASSWORD }).expect(401);
      await post({ email: 'pw-change@test.local', password: 'brand-new-password-1' }).expect(200);
      // Tokens issued before the change no longer work.
      await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(member.userId).toBeDefined();
    });
  });
});

describe('auth: login rate limit', () => {
  let t: TestApp;
  // A fresh limiter per test: every request comes from the same loopback address.
  beforeEach(
    async () => (t = await startTestApp({ LOGIN_RATE_LIMIT: '3', LOGIN_RATE_WINDOW_SECONDS: '600' })),
  );
  afterEach(() => t.close());

  it('counts parallel guesses: of 20 at once, at most 3 are tried', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () =>
        request(t.http)
          .post('/api/v1/auth/login')
          .send({ email: 'parallel@test.local', password: 'guess-guess-1' }),
      ),
    );
    const statuses = attempts.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
  });

  it('limits guesses of the current password too', async () => {
    const org = await createOrganization(t.http, 'Limits');
    const guess = () =>
      org.as.executive.post('/api/v1/auth/password', {
        currentPassword: 'wrong-guess-123',
        newPassword: 'brand-new-password-1',
      });
    for (let i = 0; i < 3; i++) await guess().expect(422);
    expect((await guess().expect(429)).body.code).toBe('RATE_LIMITED');
  });

  it('refuses further attempts with 429 and Retry-After once failures reach the limit, even with the right password', async () => {
    const attempt = (password: string) =>
      request(t.http).post('/api/v1/auth/login').send({ email: PLATFORM_ADMIN.email, password });
    for (let i = 0; i < 3; i++) await attempt('wrong-password-x').expect(401);
    const limited = await attempt(PLATFORM_ADMIN.password).expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
