import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Role } from '../../src/auth/principal';
import {
  auditEntries,
  Caller,
  createOrganization,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';
import { errorPaths as paths, expectError, ISO_INSTANT, UUID } from '../support/assertions';

const SITES = '/api/v1/sites';

interface Site {
  organizationId: string;
  id: string;
  name: string;
  country: string;
  gridRegion: string | null;
  supplierFactorId: string | null;
  timeZone: string;
  address: string | null;
  excludedFromRe100: boolean;
  exclusionReason: string | null;
  createdAt: string;
  updatedAt: string;
}

interface Snapshot {
  sites: number;
  audit: number;
}

/** A valid create body with a unique name. */
const siteBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: `Plant ${randomUUID().slice(0, 8)}`,
  country: 'DE',
  timeZone: 'Europe/Berlin',
  ...overrides,
});

describe('sites (/api/v1/sites)', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Sites');
    other = await createOrganization(t.http, 'Sites Other');
  });
  afterAll(() => t.close());

  async function snapshot(o: TestOrganization = org): Promise<Snapshot> {
    const sites = await o.as.auditor.get(`${SITES}?limit=1`).expect(200);
    const audit = await o.as.auditor.get('/api/v1/audit-log?limit=1').expect(200);
    return { sites: sites.body.total, audit: audit.body.total };
  }

  /** A rejected request wrote nothing: no site row and no audit entry. */
  async function expectNothingWritten(before: Snapshot, o: TestOrganization = org): Promise<void> {
    expect(await snapshot(o)).toEqual(before);
  }

  /** The audit entries written after `before` was taken. */
  async function newAuditEntries(before: Snapshot, o: TestOrganization = org) {
    return (await auditEntries(o)).filter((e) => Number(e.seq) > before.audit);
  }

  async function createSite(
    overrides: Record<string, unknown> = {},
    caller: Caller = org.as.admin,
  ): Promise<Site> {
    const res = await caller.post(SITES, siteBody(overrides));
    if (res.status !== 201) throw new Error(`create site: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function createMeter(site: Site, caller: Caller = org.as.admin): Promise<{ id: string }> {
    const res = await caller.post('/api/v1/meters', {
      siteId: site.id,
      externalId: `M-${randomUUID()}`,
      kind: 'register',
      direction: 'import',
      unit: 'kWh',
    });
    if (res.status !== 201) throw new Error(`create meter: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  describe('POST', () => {
    it('creates a site with every field, returns exactly the stored fields and audits it', async () => {
      const before = await snapshot();
      const body = {
        name: `Ulsan Plant ${randomUUID().slice(0, 8)}`,
        country: 'KR',
        gridRegion: 'KR-MAIN_1',
        supplierFactorId: 'SUPPLIER-KEPCO-2025',
        timeZone: 'Asia/Seoul',
        address: '1 Industrial Road, Ulsan',
        excludedFromRe100: true,
        exclusionReason: 'Immaterial office load under 1 % of consumption',
      };
      const res = await org.as.admin.post(SITES, body).expect(201);
      expect(res.body).toEqual({
        ...body,
        organizationId: org.id,
        id: expect.stringMatching(UUID),
        createdAt: expect.stringMatching(ISO_INSTANT),
        updatedAt: res.body.createdAt,
      });
      expect((await org.as.admin.get(`${SITES}/${res.body.id}`).expect(200)).body).toEqual(res.body);

      const entries = await newAuditEntries(before);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actorType: 'user',
        actorId: org.userIds.admin,
        action: 'create',
        entityType: 'site',
        entityId: res.body.id,
        before: null,
        after: res.body,
        requestId: res.headers['x-request-id'],
      });
      expect((await snapshot()).sites).toBe(before.sites + 1);
    });

    it('fills the optional fields with their defaults', async () => {
      const body = siteBody();
      const res = await org.as.admin.post(SITES, body).expect(201);
      expect(res.body).toEqual({
        ...body,
        organizationId: org.id,
        id: expect.stringMatching(UUID),
        gridRegion: null,
        supplierFactorId: null,
        address: null,
        excludedFromRe100: false,
        exclusionReason: null,
        createdAt: expect.stringMatching(ISO_INSTANT),
        updatedAt: res.body.createdAt,
      });
    });

    it('accepts explicit nulls for the nullable fields', async () => {
      const res = await org.as.admin
        .post(
          SITES,
          siteBody({ gridRegion: null, address: null, excludedFromRe100: false, exclusionReason: null }),
        )
        .expect(201);
      expect(res.body).toMatchObject({
        gridRegion: null,
        address: null,
        excludedFromRe100: false,
        exclusionReason: null,
      });
    });

    it.each(['UTC', 'America/Argentina/Buenos_Aires', 'America/Port-au-Prince', 'Etc/GMT+5'])(
      'accepts the IANA time zone %s',
      async (timeZone) => {
        const res = await org.as.admin.post(SITES, siteBody({ timeZone })).expect(201);
        expect(res.body.timeZone).toBe(timeZone);
      },
    );

    it('accepts names and addresses at their maximum lengths', async () => {
      const name = `${randomUUID()}${'n'.repeat(164)}`;
      const res = await org.as.admin.post(SITES, siteBody({ name, address: 'a'.repeat(500) })).expect(201);
      expect(res.body.name).toHaveLength(200);
      expect(res.body.address).toHaveLength(500);
    });

    it('lets an officer create a site, audited under the officer', async () => {
      const before = await snapshot();
      const res = await org.as.officer.post(SITES, siteBody()).expect(201);
      const entries = await newAuditEntries(before);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actorId: org.userIds.officer,
        action: 'create',
        entityId: res.body.id,
      });
    });

    const long = 'x'.repeat(10_000);
    it.each([
      ['an unknown field', { color: 'red' }, 'color'],
      ['an organizationId in the body', { organizationId: randomUUID() }, 'organizationId'],
      ['a missing name', { name: undefined }, 'name'],
      ['a numeric name', { name: 42 }, 'name'],
      ['an empty name', { name: '' }, 'name'],
      ['a 10,000-character name', { name: long }, 'name'],
      ['a 201-character name', { name: 'n'.repeat(201) }, 'name'],
      ['a missing country', { country: undefined }, 'country'],
      ['the unassigned country XX', { country: 'XX' }, 'country'],
      ['a lower-case country', { country: 'de' }, 'country'],
      ['an alpha-3 country', { country: 'DEU' }, 'country'],
      ['a numeric country', { country: 276 }, 'country'],
      ['a missing time zone', { timeZone: undefined }, 'timeZone'],
      ['the unknown time zone Mars/Base', { timeZone: 'Mars/Base' }, 'timeZone'],
      ['an offset instead of a time zone', { timeZone: '+01:00' }, 'timeZone'],
      ['a time zone with a trailing space', { timeZone: 'Europe/Berlin ' }, 'timeZone'],
      ['a numeric time zone', { timeZone: 1 }, 'timeZone'],
      ['a grid region with a space', { gridRegion: 'RFC E' }, 'gridRegion'],
      ['a 33-character grid region', { gridRegion: 'G'.repeat(33) }, 'gridRegion'],
      ['a numeric grid region', { gridRegion: 7 }, 'gridRegion'],
      ['a supplier factor id with a space', { supplierFactorId: 'KEPCO 2025' }, 'supplierFactorId'],
      ['a 101-character supplier factor id', { supplierFactorId: 'F'.repeat(101) }, 'supplierFactorId'],
      ['a 10,000-character address', { address: long }, 'address'],
      ['an empty address', { address: '' }, 'address'],
      ['a string for excludedFromRe100', { excludedFromRe100: 'yes' }, 'excludedFromRe100'],
      ['a null excludedFromRe100', { excludedFromRe100: null }, 'excludedFromRe100'],
      ['a numeric exclusion reason', { excludedFromRe100: true, exclusionReason: 5 }, 'exclusionReason'],
      ['an empty exclusion reason', { excludedFromRe100: true, exclusionReason: '' }, 'exclusionReason'],
      [
        'a 1,001-character exclusion reason',
        { excludedFromRe100: true, exclusionReason: 'r'.repeat(1001) },
        'exclusionReason',
      ],
    ])(
      'rejects %s with 400 VALIDATION_FAILED naming the field, writing nothing',
      async (_, overrides, path) => {
        const before = await snapshot();
        const res = await org.as.admin.post(SITES, siteBody(overrides));
        expectError(res, 400, 'VALIDATION_FAILED', path);
        await expectNothingWritten(before);
      },
    );

    it('reports every invalid field at once', async () => {
      const res = await org.as.admin.post(SITES, {
        name: '',
        country: 'de',
        timeZone: 'Mars/Base',
        extra: 1,
      });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(paths(res)).toEqual(expect.arrayContaining(['name', 'country', 'timeZone', 'extra']));
      expect(res.body.details.find((d: { path: string }) => d.path === 'extra').code).toBe('UNKNOWN_FIELD');
    });

    it.each([
      ['name', { name: 'Plant\u0000 1' }],
      ['address', { address: 'Street\u0000 1' }],
    ])('rejects a NUL character in the %s with 400, writing nothing', async (_, overrides) => {
      const before = await snapshot();
      expectError(await org.as.admin.post(SITES, siteBody(overrides)), 400, 'INVALID_TEXT');
      await expectNothingWritten(before);
    });

    it('rejects a body over the JSON limit with 413 PAYLOAD_TOO_LARGE, writing nothing', async () => {
      const before = await snapshot();
      const body = siteBody({ address: 'a'.repeat(1_500_000) });
      expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(1_400_000);
      const res = await org.as.admin.post(SITES, body);
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
      await expectNothingWritten(before);
    });

    it.each([
      ['truncated JSON', '{"name": "Broken", "country": "DE"'],
      ['single-quoted JSON', "{'name': 'Broken'}"],
      ['a bare string', '"just a string"'],
    ])('rejects %s with 400 MALFORMED_BODY, writing nothing', async (_, text) => {
      const before = await snapshot();
      const res = await org.as.admin.raw('post', SITES).set('Content-Type', 'application/json').send(text);
      expectError(res, 400, 'MALFORMED_BODY');
      await expectNothingWritten(before);
    });

    it('rejects a JSON array body with 400, writing nothing', async () => {
      const before = await snapshot();
      const res = await org.as.admin
        .raw('post', SITES)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify([siteBody()]));
      expectError(res, 400, 'VALIDATION_FAILED');
      await expectNothingWritten(before);
    });

    it.each([
      ['missing', {}],
      ['null', { exclusionReason: null }],
    ])(
      'rejects an excluded site whose reason is %s with 422 EXCLUSION_REASON_REQUIRED, writing nothing',
      async (_, reason) => {
        const before = await snapshot();
        const res = await org.as.admin.post(SITES, siteBody({ excludedFromRe100: true, ...reason }));
        expectError(res, 422, 'EXCLUSION_REASON_REQUIRED', 'exclusionReason');
        await expectNothingWritten(before);
      },
    );

    it('rejects a second site with the same name with 409 ALREADY_EXISTS, writing nothing', async () => {
      const site = await createSite();
      const before = await snapshot();
      const res = await org.as.officer.post(
        SITES,
        siteBody({ name: site.name, country: 'FR', timeZone: 'Europe/Paris' }),
      );
      expectError(res, 409, 'ALREADY_EXISTS');
      await expectNothingWritten(before);
    });

    it('allows the same name in another organization', async () => {
      const site = await createSite();
      const res = await other.as.admin.post(SITES, siteBody({ name: site.name })).expect(201);
      expect(res.body).toMatchObject({ organizationId: other.id, name: site.name });
      expect(res.body.id).not.toBe(site.id);
    });

    it('keeps one site when the same name is created concurrently, answering 409 to the others', async () => {
      const before = await snapshot();
      const body = siteBody();
      const results = await Promise.all(Array.from({ length: 5 }, () => org.as.admin.post(SITES, body)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409]);
      for (const res of results.filter((r) => r.status === 409)) {
        expect(res.body.code).toBe('ALREADY_EXISTS');
      }
      const after = await snapshot();
      expect(after).toEqual({ sites: before.sites + 1, audit: before.audit + 1 });
    });
  });

  describe('GET list', () => {
    // A country no other test uses, so the filter isolates this test's rows.
    const COUNTRY = 'IS';
    let listed: Site[];

    beforeAll(async () => {
      const prefix = `Reykjavik ${randomUUID().slice(0, 4)}`;
      listed = [];
      for (const letter of ['e', 'c', 'a', 'd', 'b']) {
        listed.push(
          await createSite({ name: `${prefix} ${letter}`, country: COUNTRY, timeZone: 'Atlantic/Reykjavik' }),
        );
      }
      listed.sort((a, b) => a.name.localeCompare(b.name));
      await createSite({ name: `Reykjavik ${randomUUID()}`, country: COUNTRY }, other.as.admin);
    });

    it('pages through the filtered sites in name order with limit and offset', async () => {
      const page = (query: string) =>
        org.as.executive.get(`${SITES}?country=${COUNTRY}&${query}`).expect(200);
      const first = await page('limit=2');
      expect(first.body).toEqual({ items: listed.slice(0, 2), total: 5, limit: 2, offset: 0 });
      const second = await page('limit=2&offset=2');
      expect(second.body).toEqual({ items: listed.slice(2, 4), total: 5, limit: 2, offset: 2 });
      const last = await page('limit=2&offset=4');
      expect(last.body).toEqual({ items: listed.slice(4), total: 5, limit: 2, offset: 4 });
      const beyond = await page('offset=10');
      expect(beyond.body).toEqual({ items: [], total: 5, limit: 50, offset: 10 });
    });

    it('defaults to limit 50 and offset 0 and accepts the maximum page size of 500', async () => {
      const all = await org.as.auditor.get(SITES).expect(200);
      expect(all.body).toMatchObject({ limit: 50, offset: 0 });
      const max = await org.as.auditor.get(`${SITES}?limit=500`).expect(200);
      expect(max.body.limit).toBe(500);
      expect(max.body.items).toHaveLength(max.body.total);
    });

    it('never shows another organization’s sites', async () => {
      const mine = await org.as.admin.get(`${SITES}?limit=500`).expect(200);
      expect(mine.body.items.every((s: Site) => s.organizationId === org.id)).toBe(true);
      const theirs = await other.as.admin.get(`${SITES}?limit=500`).expect(200);
      expect(theirs.body.items.length).toBeGreaterThan(0);
      expect(theirs.body.items.every((s: Site) => s.organizationId === other.id)).toBe(true);
      const theirIds = new Set(theirs.body.items.map((s: Site) => s.id));
      expect(mine.body.items.some((s: Site) => theirIds.has(s.id))).toBe(false);
      const filtered = await org.as.admin.get(`${SITES}?country=${COUNTRY}`).expect(200);
      expect(filtered.body.total).toBe(5);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=1.5', 'limit'],
      ['offset=-1', 'offset'],
      ['country=de', 'country'],
      ['country=XX', 'country'],
      ['color=red', 'color'],
    ])('rejects the query %s with 400 VALIDATION_FAILED', async (query, path) => {
      const res = await org.as.admin.get(`${SITES}?${query}`);
      expectError(res, 400, 'VALIDATION_FAILED', path);
    });
  });

  describe('GET /:id', () => {
    it('returns the site, also for an upper-case id', async () => {
      const site = await createSite();
      expect((await org.as.auditor.get(`${SITES}/${site.id}`).expect(200)).body).toEqual(site);
      expect((await org.as.executive.get(`${SITES}/${site.id.toUpperCase()}`).expect(200)).body).toEqual(
        site,
      );
    });

    it('answers 404 NOT_FOUND for an unknown id', async () => {
      expectError(await org.as.admin.get(`${SITES}/${randomUUID()}`), 404, 'NOT_FOUND');
    });

    it.each(['get', 'patch', 'delete'] as const)(
      'answers %s on a malformed id with 400 naming params.id, writing nothing',
      async (method) => {
        const before = await snapshot();
        const caller = org.as.admin;
        const res = await (method === 'patch'
          ? caller.patch(`${SITES}/not-a-uuid`, { name: 'x' })
          : caller[method](`${SITES}/not-a-uuid`));
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details[0].path).toBe('params.id');
        await expectNothingWritten(before);
      },
    );
  });

  describe('PATCH /:id', () => {
    it('changes only the given fields, returns the whole site and audits before and after', async () => {
      const site = await createSite({ gridRegion: 'DE-N', address: 'Hafenstraße 1' });
      const before = await snapshot();
      const res = await org.as.officer
        .patch(`${SITES}/${site.id}`, {
          name: `${site.name} renamed`,
          timeZone: 'Europe/Vienna',
          country: 'AT',
        })
        .expect(200);
      expect(res.body).toEqual({
        ...site,
        name: `${site.name} renamed`,
        timeZone: 'Europe/Vienna',
        country: 'AT',
        updatedAt: expect.stringMatching(ISO_INSTANT),
      });
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(site.updatedAt));
      expect((await org.as.auditor.get(`${SITES}/${site.id}`).expect(200)).body).toEqual(res.body);

      const entries = await newAuditEntries(before);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actorId: org.userIds.officer,
        action: 'update',
        entityType: 'site',
        entityId: site.id,
        before: site,
        after: res.body,
      });
      expect((await snapshot()).sites).toBe(before.sites);
    });

    it('clears the nullable fields with null', async () => {
      const site = await createSite({ gridRegion: 'RFCE', address: 'Somewhere' });
      const res = await org.as.admin
        .patch(`${SITES}/${site.id}`, { gridRegion: null, address: null })
        .expect(200);
      expect(res.body).toMatchObject({ gridRegion: null, address: null, name: site.name });
    });

    it('keeps the name when renaming a site to its own name', async () => {
      const site = await createSite();
      const res = await org.as.admin.patch(`${SITES}/${site.id}`, { name: site.name }).expect(200);
      expect(res.body.name).toBe(site.name);
    });

    it('excludes a site with a reason and clears the reason when the exclusion is lifted', async () => {
      const site = await createSite();
      const excluded = await org.as.admin
        .patch(`${SITES}/${site.id}`, { excludedFromRe100: true, exclusionReason: 'Sold in 2026' })
        .expect(200);
      expect(excluded.body).toMatchObject({ excludedFromRe100: true, exclusionReason: 'Sold in 2026' });
      const lifted = await org.as.admin
        .patch(`${SITES}/${site.id}`, { excludedFromRe100: false })
        .expect(200);
      expect(lifted.body).toMatchObject({ excludedFromRe100: false, exclusionReason: null });
    });

    it.each([
      ['excluding it without a reason', {}, { excludedFromRe100: true }],
      [
        'removing the reason of an excluded site',
        { excludedFromRe100: true, exclusionReason: 'Immaterial' },
        { exclusionReason: null },
      ],
    ])('rejects %s with 422 EXCLUSION_REASON_REQUIRED, writing nothing', async (_, initial, change) => {
      const site = await createSite(initial);
      const before = await snapshot();
      const res = await org.as.admin.patch(`${SITES}/${site.id}`, change);
      expectError(res, 422, 'EXCLUSION_REASON_REQUIRED', 'exclusionReason');
      await expectNothingWritten(before);
      expect((await org.as.admin.get(`${SITES}/${site.id}`)).body).toEqual(site);
    });

    it('rejects a rename to another site’s name with 409 ALREADY_EXISTS, writing nothing', async () => {
      const [a, b] = [await createSite(), await createSite()];
      const before = await snapshot();
      expectError(await org.as.admin.patch(`${SITES}/${b.id}`, { name: a.name }), 409, 'ALREADY_EXISTS');
      await expectNothingWritten(before);
      expect((await org.as.admin.get(`${SITES}/${b.id}`)).body).toEqual(b);
    });

    it.each([
      ['an unknown field', { color: 'red' }, 'color'],
      ['an id in the body', { id: randomUUID() }, 'id'],
      ['a numeric name', { name: 1 }, 'name'],
      ['a 10,000-character name', { name: 'x'.repeat(10_000) }, 'name'],
      ['a lower-case country', { country: 'de' }, 'country'],
      ['the country XX', { country: 'XX' }, 'country'],
      ['the time zone Mars/Base', { timeZone: 'Mars/Base' }, 'timeZone'],
      ['an offset as time zone', { timeZone: '+01:00' }, 'timeZone'],
      ['a string for excludedFromRe100', { excludedFromRe100: 'true' }, 'excludedFromRe100'],
      ['a null name', { name: null }, 'name'],
      ['a null country', { country: null }, 'country'],
      ['a null time zone', { timeZone: null }, 'timeZone'],
      ['a null excludedFromRe100', { excludedFromRe100: null }, 'excludedFromRe100'],
    ])('rejects %s with 400 VALIDATION_FAILED, writing nothing', async (_, change, path) => {
      const site = await createSite();
      const before = await snapshot();
      expectError(await org.as.admin.patch(`${SITES}/${site.id}`, change), 400, 'VALIDATION_FAILED', path);
      await expectNothingWritten(before);
      expect((await org.as.admin.get(`${SITES}/${site.id}`)).body).toEqual(site);
    });

    it('rejects malformed JSON with 400 MALFORMED_BODY', async () => {
      const site = await createSite();
      const before = await snapshot();
      const res = await org.as.admin
        .raw('patch', `${SITES}/${site.id}`)
        .set('Content-Type', 'application/json')
        .send('{"name": ');
      expectError(res, 400, 'MALFORMED_BODY');
      await expectNothingWritten(before);
    });

    it('answers 404 NOT_FOUND for an unknown id, writing nothing', async () => {
      const before = await snapshot();
      expectError(await org.as.admin.patch(`${SITES}/${randomUUID()}`, { name: 'Ghost' }), 404, 'NOT_FOUND');
      await expectNothingWritten(before);
    });
  });

  describe('DELETE /:id', () => {
    it('deletes a site without meters, audits it, and then answers 404', async () => {
      const site = await createSite();
      const before = await snapshot();
      const res = await org.as.officer.delete(`${SITES}/${site.id}`).expect(204);
      expect(res.text).toBe('');
      expect(await snapshot()).toEqual({ sites: before.sites - 1, audit: before.audit + 1 });
      const [entry] = await newAuditEntries(before);
      expect(entry).toMatchObject({
        actorId: org.userIds.officer,
        action: 'delete',
        entityType: 'site',
        entityId: site.id,
        before: site,
        after: null,
      });
      expectError(await org.as.admin.get(`${SITES}/${site.id}`), 404, 'NOT_FOUND');
      const again = await snapshot();
      expectError(await org.as.admin.delete(`${SITES}/${site.id}`), 404, 'NOT_FOUND');
      await expectNothingWritten(again);
    });

    it('refuses to delete a site that has meters with 409 SITE_HAS_METERS, then deletes it once they are gone', async () => {
      const site = await createSite();
      const meter = await createMeter(site);
      const before = await snapshot();
      expectError(await org.as.admin.delete(`${SITES}/${site.id}`), 409, 'SITE_HAS_METERS');
      await expectNothingWritten(before);
      expect((await org.as.admin.get(`${SITES}/${site.id}`).expect(200)).body).toEqual(site);

      await org.as.admin.delete(`/api/v1/meters/${meter.id}`).expect(204);
      await org.as.admin.delete(`${SITES}/${site.id}`).expect(204);
    });
  });

  describe('roles', () => {
    it.each(['admin', 'officer', 'auditor', 'executive'] as Role[])(
      'lets the %s read sites',
      async (role) => {
        const site = await createSite();
        expect((await org.as[role].get(`${SITES}/${site.id}`).expect(200)).body).toEqual(site);
        const list = await org.as[role].get(`${SITES}?limit=500`).expect(200);
        expect(list.body.items.map((s: Site) => s.id)).toContain(site.id);
      },
    );

    it.each(['admin', 'officer'] as Role[])('lets the %s update and delete a site', async (role) => {
      const site = await createSite();
      await org.as[role].patch(`${SITES}/${site.id}`, { address: 'New address' }).expect(200);
      await org.as[role].delete(`${SITES}/${site.id}`).expect(204);
    });

    it.each(['auditor', 'executive'] as Role[])(
      'refuses POST, PATCH and DELETE to the %s with 403 FORBIDDEN, writing nothing',
      async (role) => {
        const site = await createSite();
        const before = await snapshot();
        expectError(await org.as[role].post(SITES, siteBody()), 403, 'FORBIDDEN');
        expectError(
          await org.as[role].patch(`${SITES}/${site.id}`, { name: 'Taken over' }),
          403,
          'FORBIDDEN',
        );
        expectError(await org.as[role].delete(`${SITES}/${site.id}`), 403, 'FORBIDDEN');
        await expectNothingWritten(before);
        expect((await org.as.admin.get(`${SITES}/${site.id}`)).body).toEqual(site);
      },
    );

    it('answers 401 UNAUTHENTICATED without a token or with a bad one, writing nothing', async () => {
      const site = await createSite();
      const before = await snapshot();
      const anonymous = [
        request(t.http).get(SITES),
        request(t.http).get(`${SITES}/${site.id}`),
        request(t.http).post(SITES).send(siteBody()),
        request(t.http).patch(`${SITES}/${site.id}`).send({ name: 'Anonymous' }),
        request(t.http).delete(`${SITES}/${site.id}`),
        request(t.http).post(SITES).set('Authorization', 'Bearer not.a.valid.token').send(siteBody()),
        request(t.http).delete(`${SITES}/${site.id}`).set('Authorization', 'Bearer not.a.valid.token'),
      ];
      for (const req of anonymous) expectError(await req, 401, 'UNAUTHENTICATED');
      await expectNothingWritten(before);
    });
  });

  describe('organizations are isolated', () => {
    let site: Site;
    beforeAll(async () => {
      site = await createSite({ address: 'Secret address' });
    });

    it('answers 404 to another organization’s admin on GET, PATCH and DELETE, writing nothing', async () => {
      const [mine, theirs] = [await snapshot(), await snapshot(other)];
      const intruder = other.as.admin;
      expectError(await intruder.get(`${SITES}/${site.id}`), 404, 'NOT_FOUND');
      expectError(await intruder.patch(`${SITES}/${site.id}`, { name: 'Hijacked' }), 404, 'NOT_FOUND');
      expectError(await intruder.delete(`${SITES}/${site.id}`), 404, 'NOT_FOUND');
      await expectNothingWritten(mine);
      await expectNothingWritten(theirs, other);
      expect((await org.as.admin.get(`${SITES}/${site.id}`).expect(200)).body).toEqual(site);
    });

    it('answers 404 to another organization’s admin who names this organization in X-Organization-Id', async () => {
      const [mine, theirs] = [await snapshot(), await snapshot(other)];
      const intruder = other.as.admin.in(org.id);
      expectError(await intruder.get(SITES), 404, 'NOT_FOUND');
      expectError(await intruder.get(`${SITES}/${site.id}`), 404, 'NOT_FOUND');
      expectError(await intruder.post(SITES, siteBody()), 404, 'NOT_FOUND');
      expectError(await intruder.patch(`${SITES}/${site.id}`, { name: 'Hijacked' }), 404, 'NOT_FOUND');
      expectError(await intruder.delete(`${SITES}/${site.id}`), 404, 'NOT_FOUND');
      await expectNothingWritten(mine);
      await expectNothingWritten(theirs, other);
    });

    it('rejects a malformed X-Organization-Id with 400 naming the header', async () => {
      const res = await org.as.admin.in('not-a-uuid').get(`${SITES}/${site.id}`);
      expectError(res, 400, 'VALIDATION_FAILED', 'headers.x-organization-id');
    });

    it('does not let another organization put a meter on this organization’s site', async () => {
      const [mine, theirs] = [await snapshot(), await snapshot(other)];
      await expect(createMeter(site, other.as.admin)).rejects.toThrow(/create meter: 404/);
      await expectNothingWritten(mine);
      await expectNothingWritten(theirs, other);
    });
  });
});
