import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { siteWithDailyMeter, withDb } from '../support/readings';
import {
  createOrganization,
  joinByInvitation,
  MEMBER_PASSWORD,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';
import { hiddenField, PageSession, signInToPages } from '../support/web';

/** The text inside the element with this id (first match), tags removed. */
function textOf(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no #${id}`);
  const rest = html.slice(html.indexOf('>', start) + 1);
  return rest.slice(0, rest.indexOf('</')).trim();
}
/** The exact figure (`data-value`) of the figure with this id, or null when it shows none. */
const valueOf = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no #${id}`);
  const block = html.slice(start, html.indexOf('</dd>', start));
  return /data-value="([^"]*)"/.exec(block)?.[1] ?? null;
};

/**
 * The web pages' gate: sign-in with the API's accounts into a cookie session, CSRF on every form, sign-out,
 * expiry, the organization switcher, error pages and security headers; a cookie never reaches the API.
 */
describe('web pages: sessions, CSRF, errors, headers', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Web');
    other = await createOrganization(t.http, 'Web other');
  });
  afterAll(() => t.close());

  it('sends a signed-out visitor to the sign-in page and back to the page after signing in', async () => {
    const agent = request.agent(t.http);
    const first = await agent.get('/app/years?x=1').expect(303);
    expect(first.headers.location).toBe('/app/sign-in?next=%2Fapp%2Fyears%3Fx%3D1');
    const form = await agent.get(first.headers.location).expect(200);
    expect(form.headers['content-type']).toMatch(/^text\/html/);
    expect(form.text).toContain('<label for="email"');
    const signed = await agent
      .post('/app/sign-in')
      .type('form')
      .send({
        _csrf: hiddenField(form.text, '_csrf'),
        email: org.emails.officer,
        password: MEMBER_PASSWORD,
        next: '/app/years?x=1',
      })
      .expect(303);
    expect(signed.headers.location).toBe('/app/years?x=1');
    const cookie = signed.headers['set-cookie'][0];
    expect(cookie).toMatch(/^re100_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(cookie).not.toMatch(/Expires|Max-Age/);
    // `/` leads to the pages.
    expect((await agent.get('/').expect(302)).headers.location).toBe('/app');
  });

  it('never sends the visitor to another site after signing in', async () => {
    for (const next of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      '/api/v1/sites',
      '/appx',
    ]) {
      const agent = request.agent(t.http);
      const form = await agent.get('/app/sign-in').expect(200);
      const res = await agent
        .post('/app/sign-in')
        .type('form')
        .send({
          _csrf: hiddenField(form.text, '_csrf'),
          email: org.emails.officer,
          password: MEMBER_PASSWORD,
          next,
        })
        .expect(303);
      expect(res.headers.location).toBe('/app');
    }
  });

  it('marks the session cookie Secure under the __Host- prefix behind a TLS proxy it trusts', async () => {
    const tls = await startTestApp({ TRUST_PROXY: 'loopback' });
    try {
      const agent = request.agent(tls.http);
      const form = await agent.get('/app/sign-in').set('X-Forwarded-Proto', 'https').expect(200);
      const csrf = hiddenField(form.text, '_csrf');
      const signed = await agent
        .post('/app/sign-in')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', `re100_signin=${csrf}`)
        .type('form')
        .send({ _csrf: csrf, email: org.emails.officer, password: MEMBER_PASSWORD, next: '/app' })
        .expect(303);
      expect(signed.headers['set-cookie'][0]).toMatch(
        /^__Host-re100_session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
      );
    } finally {
      await tls.close();
    }
  });

  it('refuses a wrong password with the sign-in page again (401), the same for an unknown e-mail', async () => {
    const agent = request.agent(t.http);
    const form = await agent.get('/app/sign-in');
    const send = (email: string) =>
      agent
        .post('/app/sign-in')
        .type('form')
        .send({
          _csrf: hiddenField(form.text, '_csrf'),
          email,
          password: 'wrong-password-123',
          next: '/app',
        });
    const wrong = await send(org.emails.officer).expect(401);
    const unknown = await send('nobody@test.local').expect(401);
    expect(wrong.text).toContain('The e-mail or password is wrong.');
    expect(unknown.text).toContain('The e-mail or password is wrong.');
    expect(wrong.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^re100_session/)]),
    );
  });

  it('applies the login rate limit to the sign-in page', async () => {
    const limited = await startTestApp({ LOGIN_RATE_LIMIT: '2', LOGIN_RATE_WINDOW_SECONDS: '600' });
    try {
      const agent = request.agent(limited.http);
      const form = await agent.get('/app/sign-in');
      const send = (password: string) =>
        agent
          .post('/app/sign-in')
          .type('form')
          .send({
            _csrf: hiddenField(form.text, '_csrf'),
            email: org.emails.auditor,
            password,
            next: '/app',
          });
      await send('wrong-password-1').expect(401);
      await send('wrong-password-2').expect(401);
      const refused = await send(MEMBER_PASSWORD).expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.text).toMatch(/Too many attempts/);
    } finally {
      await limited.close();
    }
  });

  it('refuses a sign-in form without its anti-forgery value, or from another site', async () => {
    const agent = request.agent(t.http);
    await agent.get('/app/sign-in');
    const body = { email: org.emails.officer, password: MEMBER_PASSWORD, next: '/app' };
    const missing = await agent.post('/app/sign-in').type('form').send(body).expect(403);
    expect(missing.text).toContain('Reload it and try again');
    await agent
      .post('/app/sign-in')
      .type('form')
      .send({ ...body, _csrf: 'x'.repeat(43) })
      .expect(403);
    const form = await agent.get('/app/sign-in');
    await agent
      .post('/app/sign-in')
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ ...body, _csrf: hiddenField(form.text, '_csrf') })
      .expect(403);
  });

  describe('signed in', () => {
    let officer: PageSession;
    beforeAll(async () => {
      officer = await signInToPages(t.http, org.emails.officer);
    });

    it('refuses every state-changing page request without the session CSRF token, or from another origin', async () => {
      const agent = officer.agent;
      await agent.post('/app/organization').type('form').send({ organizationId: org.id }).expect(403);
      await agent
        .post('/app/organization')
        .type('form')
        .send({ organizationId: org.id, _csrf: 'wrong' })
        .expect(403);
      await agent
        .post('/app/organization')
        .set('Origin', 'https://evil.example')
        .type('form')
        .send({ organizationId: org.id, _csrf: officer.csrf })
        .expect(403);
      // The token in the header (htmx) or in the field is accepted.
      await agent
        .post('/app/organization')
        .set('X-CSRF-Token', officer.csrf)
        .type('form')
        .send({ organizationId: org.id })
        .expect(303);
      await officer.post('/app/organization', { organizationId: org.id }).expect(303);
    });

    it('refuses a form body that is not a form, too large, compressed past its ratio or naming inherited keys', async () => {
      const agent = officer.agent;
      const post = () => agent.post('/app/organization').set('X-CSRF-Token', officer.csrf);
      const json = await post()
        .set('Content-Type', 'application/json')
        .send('{"organizationId":"x"}')
        .expect(415);
      expect(json.text).toContain('application/x-www-form-urlencoded');
      await post()
        .type('form')
        .send(`organizationId=${'a'.repeat(4096)}`)
        .expect(413);
      const bomb = gzipSync(Buffer.from(`organizationId=${'a'.repeat(1_000_000)}`));
      await post().type('form').set('Content-Encoding', 'gzip').send(bomb).expect(413);
      await post().type('form').send('__proto__=x&organizationId=y').expect(400);
      await post().type('form').send('constructor=x').expect(400);
      await post()
        .type('form')
        .send(Array.from({ length: 201 }, (_, i) => `f${i}=1`).join('&'))
        .expect((res) => expect([400, 413]).toContain(res.status));
      // Still signed in, in the same organization: nothing changed.
      expect((await agent.get('/app').expect(200)).text).toContain('(officer)');
    });

    it('sends an htmx redirect to a path of any script, encoded', async () => {
      const res = await officer.agent
        .get('/app/sign-in?next=/app/%ED%95%9C%EA%B5%AD')
        .set('HX-Request', 'true')
        .expect(200);
      expect(res.headers['hx-redirect']).toBe('/app/%ED%95%9C%EA%B5%AD');
      const raw = await officer.agent
        .get(`/app/sign-in?next=${encodeURIComponent('/app/한국')}`)
        .set('HX-Request', 'true')
        .expect(200);
      expect(raw.headers['hx-redirect']).toBe('/app/%ED%95%9C%EA%B5%AD');
    });

    it('never authenticates the API with the session cookie', async () => {
      const agent = officer.agent;
      const read = await agent.get('/api/v1/sites').expect(401);
      expect(read.body.code).toBe('UNAUTHENTICATED');
      const write = await agent
        .post('/api/v1/sites')
        .set('X-CSRF-Token', officer.csrf)
        .send({ name: 'Via cookie', country: 'DE', timeZone: 'Europe/Berlin' })
        .expect(401);
      expect(write.body.code).toBe('UNAUTHENTICATED');
      const sites = await org.as.officer.get('/api/v1/sites?limit=100').expect(200);
      expect(sites.body.items.map((s: { name: string }) => s.name)).not.toContain('Via cookie');
    });

    it('answers an unknown page with a 404 page and an unknown API route with the JSON error', async () => {
      const page = await officer.agent.get('/app/no-such-page').set('Accept', 'text/html').expect(404);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('Page not found');
      expect(page.text).not.toMatch(/at \w+ \(|node_modules|Error:/);
      const api = await officer.agent
        .get('/api/v1/no-such-route')
        .set('Accept', 'text/html,application/json')
        .expect(404);
      expect(api.body.code).toBe('NOT_FOUND');
    });

    it('answers a page of a role the person lacks with a 403 page that names the roles needed', async () => {
      const executive = await signInToPages(t.http, org.emails.executive);
      const page = await executive.agent.get('/app/years').expect(403);
      expect(page.text).toContain(
        'Your role (executive) may not open this page. It needs one of: admin, officer.',
      );
      const ko = await executive.agent.get('/app/years?lang=ko').expect(403);
      expect(ko.text).toContain('필요한 역할: 관리자, 담당자');
    });

    it('sends the security headers with every page', async () => {
      const res = await officer.agent.get('/app').expect(200);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['cache-control']).toBe('no-store');
      // No inline script or style in the markup: every script comes from /assets.
      expect(res.text).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/)[^>]*>/);
      expect(res.text).not.toMatch(/<style|\sstyle="/);
      for (const path of ['/app/sign-in', '/assets/app.css']) {
        const other = await request(t.http).get(path).expect(200);
        expect(other.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      }
    });

    it('keeps the pages out of the API document', async () => {
      const doc = (await request(t.http).get('/api/docs-json').expect(200)).body;
      const paths = Object.keys(doc.paths);
      expect(paths.filter((p) => !p.startsWith('/api/v1/') && p !== '/health')).toEqual([]);
    });

    it('serves every script, style and font of the pages itself', async () => {
      const page = (await officer.agent.get('/app').expect(200)).text;
      const assets = [...page.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      expect(assets).toEqual(
        expect.arrayContaining([
          '/assets/htmx.min.js',
          '/assets/echarts.min.js',
          '/assets/app.js',
          '/assets/app.css',
        ]),
      );
      for (const asset of assets) await request(t.http).get(asset).expect(200);
      expect(page).not.toMatch(/(?:src|href)="(https?:)?\/\//);
      const css = (await request(t.http).get('/assets/fonts/noto-sans-kr/400.css').expect(200)).text;
      const font = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(css)![1];
      const woff2 = await request(t.http).get(`/assets/fonts/noto-sans-kr/files/${font}`).expect(200);
      expect(woff2.body.subarray(0, 4).toString('latin1')).toBe('wOF2');
      await request(t.http).get('/assets/fonts/noto-sans-kr/files/../package.json').expect(404);
      await request(t.http).get('/assets/fonts/noto-sans-kr/package.json').expect(404);
    });

    it('shows names as text, never as markup', async () => {
      const xss = await createOrganization(t.http, 'Web xss');
      const renamed = await xss.as.admin
        .patch('/api/v1/organization', { name: '<img src=x onerror=alert(1)> 한빛 "전자"' })
        .expect(200);
      expect(renamed.body.name).toContain('<img');
      const session = await signInToPages(t.http, xss.emails.officer);
      const page = (await session.agent.get('/app').expect(200)).text;
      expect(page).not.toContain('<img src=x');
      expect(page).toContain('&lt;img src=x onerror=alert(1)> 한빛 &quot;전자&quot;');
    });

    it('switches language with ?lang= and remembers it', async () => {
      const ko = await officer.agent.get('/app?lang=ko').expect(200);
      expect(ko.text).toContain('<html lang="ko"');
      expect(ko.headers['set-cookie'][0]).toMatch(/^re100_lang=ko;/);
      const next = await officer.agent.get('/app').expect(200);
      expect(next.text).toContain('<html lang="ko"');
      expect(next.text).toContain('RE100 이행 현황');
      await officer.agent.get('/app?lang=en').expect(200);
      expect((await officer.agent.get('/app').expect(200)).text).toContain('<html lang="en"');
    });

    it('signs out: the session ends and its cookie no longer opens a page', async () => {
      const session = await signInToPages(t.http, org.emails.auditor);
      const cookie = (await session.agent.get('/app').expect(200)).request.cookies;
      const out = await session.post('/app/sign-out').expect(303);
      expect(out.headers.location).toBe('/app/sign-in?signedOut=1');
      expect(out.headers['set-cookie'][0]).toMatch(/^re100_session=;/);
      // The old cookie, replayed, is dead on the server too.
      const replay = await request(t.http).get('/app').set('Cookie', cookie).expect(303);
      expect(replay.headers.location).toBe('/app/sign-in?next=%2Fapp&expired=1');
    });
  });

  it('ends a session after its idle time, and says so on the sign-in page', async () => {
    const session = await signInToPages(t.http, org.emails.admin);
    await withDb((db) =>
      db.query(
        `UPDATE web_sessions SET last_seen_at = now() - interval '31 minutes'
         WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
        [org.emails.admin],
      ),
    );
    const res = await session.agent.get('/app/years').expect(303);
    expect(res.headers.location).toBe('/app/sign-in?next=%2Fapp%2Fyears&expired=1');
    const page = await session.agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('Your session has expired');
    // An htmx request is sent to the sign-in page as a whole, not swapped into the page.
    const hx = await session.agent.get('/app/years').set('HX-Request', 'true').expect(401);
    expect(hx.headers['hx-redirect']).toMatch(/^\/app\/sign-in\?next=/);
  });

  it('ends a session at its absolute lifetime and when the password changes', async () => {
    const lifetime = await signInToPages(t.http, org.emails.executive);
    await withDb((db) =>
      db.query(
        `UPDATE web_sessions SET expires_at = now() - interval '1 second', created_at = now() - interval '13 hours'
         WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
        [org.emails.executive],
      ),
    );
    await lifetime.agent.get('/app').expect(303);

    const member = await joinByInvitation(t.http, org.as.admin, `web-pw-${Date.now()}@test.local`, 'auditor');
    const session = await signInToPages(t.http, (await member.caller.get('/api/v1/auth/me')).body.email);
    await session.agent.get('/app').expect(200);
    await member.caller
      .post('/api/v1/auth/password', { currentPassword: MEMBER_PASSWORD, newPassword: 'a-new-password-0002' })
      .expect(204);
    await session.agent.get('/app').expect(303);
  });

  it('lets neither an API key nor a Bearer token open a page, as a cookie never opens the API', async () => {
    const key = (await org.as.admin.post('/api/v1/api-keys', { name: 'stolen' }).expect(201)).body.key;
    const token = org.as.admin.token;
    for (const headers of [
      { 'X-API-Key': key },
      { Authorization: `Bearer ${key}` },
      { Authorization: `Bearer ${token}` },
    ]) {
      const res = await request(t.http).get('/app').set(headers).expect(303);
      expect(res.headers.location).toBe('/app/sign-in?next=%2Fapp');
      await request(t.http)
        .post('/app/organization')
        .set(headers)
        .set('Sec-Fetch-Site', 'same-origin')
        .type('form')
        .send({ organizationId: org.id })
        .expect(303);
    }
  });

  it('takes the pages from a removed member at once, and a demoted one loses the pages of the old role', async () => {
    const removed = await joinByInvitation(
      t.http,
      org.as.admin,
      `web-removed-${Date.now()}@test.local`,
      'officer',
    );
    const demoted = await joinByInvitation(
      t.http,
      org.as.admin,
      `web-demoted-${Date.now()}@test.local`,
      'officer',
    );
    const [gone, lower] = await Promise.all(
      [removed, demoted].map(async (m) =>
        signInToPages(t.http, (await m.caller.get('/api/v1/auth/me')).body.email),
      ),
    );
    await gone.agent.get('/app/years').expect(200);
    await lower.agent.get('/app/years').expect(200);
    await org.as.admin.delete(`/api/v1/members/${removed.userId}`).expect(204);
    await org.as.admin.patch(`/api/v1/members/${demoted.userId}`, { role: 'executive' }).expect(200);
    const out = await gone.agent.get('/app/years').expect(303);
    expect(out.headers.location).toBe('/app/organizations?next=%2Fapp%2Fyears');
    expect((await gone.agent.get('/app/organizations').expect(200)).text).toContain(
      'not a member of any organization',
    );
    await gone.post('/app/organization', { organizationId: org.id }).expect(404);
    const refused = await lower.agent.get('/app/years').expect(403);
    expect(refused.text).toContain('Your role (executive) may not open this page');
  });

  describe('a person in several organizations', () => {
    let email: string;
    beforeAll(async () => {
      email = `web-two-${Date.now()}@test.local`;
      await joinByInvitation(t.http, org.as.admin, email, 'executive');
      await joinByInvitation(t.http, other.as.admin, email, 'auditor');
    });

    it('chooses one, switches to the other, and cannot choose one they are not a member of', async () => {
      const session = await signInToPages(t.http, email);
      const landing = await session.agent.get('/app').expect(303);
      expect(landing.headers.location).toBe('/app/organizations?next=%2Fapp');
      const choose = await session.agent.get('/app/organizations').expect(200);
      expect(choose.text).toContain(org.name);
      expect(choose.text).toContain(other.name);

      await session.post('/app/organization', { organizationId: org.id, next: '/app' }).expect(303);
      const first = (await session.agent.get('/app').expect(200)).text;
      expect(first).toContain('(executive)');
      expect(first).toMatch(new RegExp(`<option value="${org.id}" selected`));

      const switched = await session
        .post('/app/organization', { organizationId: other.id, next: '/app/reports/123' })
        .expect(303);
      expect(switched.headers.location).toBe('/app/reports');
      expect((await session.agent.get('/app').expect(200)).text).toContain('(auditor)');

      const stranger = await createOrganization(t.http, 'Web stranger');
      await session.post('/app/organization', { organizationId: stranger.id }).expect(404);
      await session.post('/app/organization', { organizationId: 'not-a-uuid' }).expect(404);
      expect((await session.agent.get('/app').expect(200)).text).toContain('(auditor)');
    });
  });

  describe('dashboard', () => {
    it('shows NO_DATA as such for a year without consumption', async () => {
      const fresh = await createOrganization(t.http, 'Web empty');
      const session = await signInToPages(t.http, fresh.emails.executive);
      const page = (await session.agent.get('/app?year=2024').expect(200)).text;
      expect(textOf(page, 'status')).toBe('No data');
      expect(page).toContain('No data: no consumption was recorded this year, so there is no RE %.');
      expect(valueOf(page, 're-percent')).toBeNull();
    });

    it('shows the API figures: RE %, the trajectory value, claimed and recognised MWh, Scope 2', async () => {
      await org.as.admin
        .patch('/api/v1/organization', { re100: { targetYear: 2040, baselineYear: 2024 } })
        .expect(200);
      await siteWithDailyMeter(org, { country: 'DE', timeZone: 'Europe/Berlin' }, [
        '2025-01-06T00:00:00+01:00',
        '2025-01-07T00:00:00+01:00',
      ]);
      const session = await signInToPages(t.http, org.emails.executive);
      const page = (await session.agent.get('/app?year=2025').expect(200)).text;
      const progress = (await org.as.executive.get('/api/v1/re100/progress?year=2025').expect(200)).body;
      const scope2 = (await org.as.executive.get('/api/v1/emissions/scope2?year=2025').expect(200)).body;
      expect(valueOf(page, 're-percent')).toBe(progress.rePercent);
      expect(valueOf(page, 'recognised-mwh')).toBe(progress.eligibleMwh);
      expect(valueOf(page, 'scope2-location')).toBe(scope2.organization.locationBased.tCo2e);
      expect(valueOf(page, 'scope2-market')).toBe(scope2.organization.marketBased.tCo2e);
      expect(textOf(page, 'year-state')).toBe(progress.provisional ? 'Provisional' : 'Finalized');
      if (progress.target) expect(valueOf(page, 'required-percent')).toBe(progress.target.requiredPercent);
    });

    it('answers a year out of range with the 404 page', async () => {
      const session = await signInToPages(t.http, org.emails.executive);
      await session.agent.get('/app?year=1900').expect(404);
      await session.agent.get('/app?year=abc').expect(404);
    });
  });
});
