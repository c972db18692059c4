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
import {
  errorCodes as codes,
  errorPaths as paths,
  expectError,
  ISO_INSTANT,
  UUID,
} from '../support/assertions';

const METERS = '/api/v1/meters';
const SITES = '/api/v1/sites';

interface Meter {
  organizationId: string;
  id: string;
  siteId: string;
  externalId: string;
  name: string | null;
  kind: 'interval' | 'register';
  intervalMinutes: number | null;
  energyCarrier: string;
  direction: 'import' | 'export' | 'generation';
  unit: 'Wh' | 'kWh' | 'MWh';
  rolloverModulusWh: string | null;
  activeFrom: string | null;
  activeTo: string | null;
  createdAt: string;
  updatedAt: string;
}

interface Snapshot {
  meters: number;
  sites: number;
  audit: number;
}

type Body = Record<string, unknown>;

const externalId = () => `MTR-${randomUUID()}`;

describe('meters (/api/v1/meters)', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let siteId: string;
  let secondSiteId: string;
  let otherSiteId: string;

  async function createSite(caller: Caller): Promise<string> {
    const res = await caller.post(SITES, {
      name: `Meter site ${randomUUID().slice(0, 8)}`,
      country: 'KR',
      timeZone: 'Asia/Seoul',
    });
    if (res.status !== 201) throw new Error(`create site: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Meters');
    other = await createOrganization(t.http, 'Meters Other');
    siteId = await createSite(org.as.admin);
    secondSiteId = await createSite(org.as.admin);
    otherSiteId = await createSite(other.as.admin);
  });
  afterAll(() => t.close());

  /** A valid 15-minute interval meter on the first site. */
  const intervalBody = (overrides: Body = {}): Body => ({
    siteId,
    externalId: externalId(),
    kind: 'interval',
    intervalMinutes: 15,
    direction: 'import',
    unit: 'kWh',
    ...overrides,
  });

  /** A valid register meter on the first site. */
  const registerBody = (overrides: Body = {}): Body => ({
    siteId,
    externalId: externalId(),
    kind: 'register',
    direction: 'import',
    unit: 'kWh',
    ...overrides,
  });

  async function createMeter(body: Body, caller: Caller = org.as.admin): Promise<Meter> {
    const res = await caller.post(METERS, body);
    if (res.status !== 201) throw new Error(`create meter: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function snapshot(o: TestOrganization = org): Promise<Snapshot> {
    const total = async (url: string) => (await o.as.auditor.get(`${url}?limit=1`).expect(200)).body.total;
    return {
      meters: await total(METERS),
      sites: await total(SITES),
      audit: await total('/api/v1/audit-log'),
    };
  }

  /** A rejected request wrote nothing: no meter or site row and no audit entry. */
  async function expectNothingWritten(before: Snapshot, o: TestOrganization = org): Promise<void> {
    expect(await snapshot(o)).toEqual(before);
  }

  async function newAuditEntries(before: Snapshot, o: TestOrganization = org) {
    return (await auditEntries(o)).filter((e) => Number(e.seq) > before.audit);
  }

  /** Sends `body` as `caller`, expects the error, and checks nothing was written and the meter is unchanged. */
  async function expectPatchRejected(
    meter: Meter,
    body: Body,
    status: number,
    code: string,
    path?: string,
  ): Promise<request.Response> {
    const before = await snapshot();
    const res = await org.as.admin.patch(`${METERS}/${meter.id}`, body);
    expectError(res, status, code, path);
    await expectNothingWritten(before);
    expect((await org.as.admin.get(`${METERS}/${meter.id}`).expect(200)).body).toEqual(meter);
    return res;
  }

  async function expectCreateRejected(body: Body, status: number, code: string, path?: string) {
    const before = await snapshot();
    const res = await org.as.admin.post(METERS, body);
    expectError(res, status, code, path);
    await expectNothingWritten(before);
    return res;
  }

  describe('POST', () => {
    it('creates an interval meter with every field, returns exactly the stored fields and audits it', async () => {
      const before = await snapshot();
      const body = {
        siteId,
        externalId: externalId(),
        name: 'Main incomer',
        kind: 'interval',
        intervalMinutes: 15,
        energyCarrier: 'electricity',
        direction: 'import',
        unit: 'kWh',
        activeFrom: '2026-01-01T00:00:00+09:00',
        activeTo: '2027-01-01T00:00:00.000+09:00',
      };
      const res = await org.as.admin.post(METERS, body).expect(201);
      expect(res.body).toEqual({
        ...body,
        organizationId: org.id,
        id: expect.stringMatching(UUID),
        rolloverModulusWh: null,
        activeFrom: '2025-12-31T15:00:00.000Z',
        activeTo: '2026-12-31T15:00:00.000Z',
        createdAt: expect.stringMatching(ISO_INSTANT),
        updatedAt: res.body.createdAt,
      });
      expect((await org.as.auditor.get(`${METERS}/${res.body.id}`).expect(200)).body).toEqual(res.body);

      const entries = await newAuditEntries(before);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actorType: 'user',
        actorId: org.userIds.admin,
        action: 'create',
        entityType: 'meter',
        entityId: res.body.id,
        before: null,
        after: res.body,
        requestId: res.headers['x-request-id'],
      });
      expect(await snapshot()).toEqual({ ...before, meters: before.meters + 1, audit: before.audit + 1 });
    });

    it('takes the unit in any case, as readings do, and stores its canonical spelling', async () => {
      for (const [given, stored] of [
        ['kwh', 'kWh'],
        ['MWH', 'MWh'],
        ['wh', 'Wh'],
      ]) {
        const res = await org.as.officer.post(METERS, intervalBody({ unit: given })).expect(201);
        expect(res.body.unit).toBe(stored);
      }
    });

    it('creates a register meter with its rollover modulus converted to Wh and the defaults filled', async () => {
      const body = registerBody({ rolloverModulus: '1000000' });
      const res = await org.as.officer.post(METERS, body).expect(201);
      const { rolloverModulus: _, ...rest } = body;
      expect(res.body).toEqual({
        ...rest,
        organizationId: org.id,
        id: expect.stringMatching(UUID),
        name: null,
        intervalMinutes: null,
        energyCarrier: 'electricity',
        rolloverModulusWh: '1000000000',
        activeFrom: null,
        activeTo: null,
        createdAt: expect.stringMatching(ISO_INSTANT),
        updatedAt: res.body.createdAt,
      });
      expect((await org.as.admin.get(`${METERS}/${res.body.id}`).expect(200)).body).toEqual(res.body);
      const [entry] = (await auditEntries(org, `&entityType=meter&entityId=${res.body.id}`)).slice(-1);
      expect(entry).toMatchObject({ actorId: org.userIds.officer, action: 'create', after: res.body });
    });

    it.each([
      ['999999', 'Wh', '999999'],
      [999999, 'Wh', '999999'],
      ['1000000', 'kWh', '1000000000'],
      [1000000, 'kWh', '1000000000'],
      ['0.001', 'kWh', '1'],
      [' 42.5 ', 'kWh', '42500'],
      ['1.5', 'MWh', '1500000'],
      ['100000.000', 'kWh', '100000000'],
      ['9223372036854775807', 'Wh', '9223372036854775807'],
    ])('stores a rollover modulus of %j %s as %s Wh', async (rolloverModulus, unit, wh) => {
      const meter = await createMeter(registerBody({ rolloverModulus, unit }));
      expect(meter).toMatchObject({ unit, rolloverModulusWh: wh });
      expect((await org.as.admin.get(`${METERS}/${meter.id}`)).body.rolloverModulusWh).toBe(wh);
    });

    it.each([5, 15, 30, 60, 1440])('accepts an interval of %i minutes', async (intervalMinutes) => {
      expect((await createMeter(intervalBody({ intervalMinutes }))).intervalMinutes).toBe(intervalMinutes);
    });

    it.each(['import', 'export', 'generation'])('accepts the direction %s', async (direction) => {
      expect((await createMeter(intervalBody({ direction }))).direction).toBe(direction);
    });

    it.each(['Wh', 'kWh', 'MWh'])('accepts the unit %s', async (unit) => {
      expect((await createMeter(registerBody({ unit }))).unit).toBe(unit);
    });

    it('accepts an upper-case site id and returns the site id as stored', async () => {
      const meter = await createMeter(intervalBody({ siteId: siteId.toUpperCase() }));
      expect(meter.siteId).toBe(siteId);
      expect((await org.as.admin.get(`${METERS}/${meter.id}`)).body).toEqual(meter);
    });

    it('accepts an externalId of 100 printable characters', async () => {
      const id = `${randomUUID()}~!#$%&'()*+,-./:;<=>?@[]^_\`{|}`.padEnd(100, 'x');
      expect((await createMeter(intervalBody({ externalId: id }))).externalId).toBe(id);
    });

    it.each([
      ['an unknown field', { color: 'red' }, 'color'],
      ['an id in the body', { id: randomUUID() }, 'id'],
      ['rolloverModulusWh in the body', { rolloverModulusWh: '1000' }, 'rolloverModulusWh'],
      ['a missing siteId', { siteId: undefined }, 'siteId'],
      ['a malformed siteId', { siteId: 'not-a-uuid' }, 'siteId'],
      ['a numeric siteId', { siteId: 42 }, 'siteId'],
      ['a missing externalId', { externalId: undefined }, 'externalId'],
      ['an empty externalId', { externalId: '' }, 'externalId'],
      ['an externalId with a space', { externalId: 'MTR 1' }, 'externalId'],
      ['a non-ASCII externalId', { externalId: 'zähler-1' }, 'externalId'],
      ['a 101-character externalId', { externalId: 'x'.repeat(101) }, 'externalId'],
      ['a numeric externalId', { externalId: 12345 }, 'externalId'],
      ['a 10,000-character name', { name: 'n'.repeat(10_000) }, 'name'],
      ['an empty name', { name: '' }, 'name'],
      ['a missing kind', { kind: undefined }, 'kind'],
      ['the kind cumulative', { kind: 'cumulative' }, 'kind'],
      ['an interval of 10 minutes', { intervalMinutes: 10 }, 'intervalMinutes'],
      ['an interval given as a string', { intervalMinutes: '15' }, 'intervalMinutes'],
      ['the energy carrier gas', { energyCarrier: 'gas' }, 'energyCarrier'],
      ['a null energy carrier', { energyCarrier: null }, 'energyCarrier'],
      ['a missing direction', { direction: undefined }, 'direction'],
      ['the direction both', { direction: 'both' }, 'direction'],
      ['a missing unit', { unit: undefined }, 'unit'],
      ['the unit GWh', { unit: 'GWh' }, 'unit'],
      ['activeFrom without an offset', { activeFrom: '2026-01-01T00:00:00' }, 'activeFrom'],
      ['activeFrom as a date only', { activeFrom: '2026-01-01' }, 'activeFrom'],
      ['activeFrom on 30 February', { activeFrom: '2026-02-30T00:00:00Z' }, 'activeFrom'],
      ['activeFrom with a space for T', { activeFrom: '2026-01-01 00:00:00Z' }, 'activeFrom'],
      ['activeTo without an offset', { activeTo: '2027-01-01T00:00:00' }, 'activeTo'],
      ['activeTo as epoch milliseconds', { activeTo: 1798761600000 }, 'activeTo'],
    ])(
      'rejects %s with 400 VALIDATION_FAILED naming the field, writing nothing',
      async (_, overrides, path) => {
        await expectCreateRejected(intervalBody(overrides), 400, 'VALIDATION_FAILED', path);
      },
    );

    it.each([
      ['a boolean', true],
      ['an object', { value: 1000 }],
      ['an array', ['1000']],
    ])(
      'rejects a rollover modulus given as %s with 400 VALIDATION_FAILED, writing nothing',
      async (_, rolloverModulus) => {
        await expectCreateRejected(
          registerBody({ rolloverModulus }),
          400,
          'VALIDATION_FAILED',
          'rolloverModulus',
        );
      },
    );

    it('rejects a NUL character in the name with 400, writing nothing', async () => {
      await expectCreateRejected(intervalBody({ name: 'Meter\u0000 1' }), 400, 'INVALID_TEXT');
    });

    it('rejects a body over the JSON limit with 413 PAYLOAD_TOO_LARGE, writing nothing', async () => {
      const body = intervalBody({ name: 'n'.repeat(1_500_000) });
      expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(1_400_000);
      await expectCreateRejected(body, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('rejects malformed JSON with 400 MALFORMED_BODY, writing nothing', async () => {
      const before = await snapshot();
      const res = await request(t.http)
        .post(METERS)
        .set('Authorization', `Bearer ${org.as.admin.token}`)
        .set('Content-Type', 'application/json')
        .send(`{"siteId": "${siteId}", "kind": interval}`);
      expectError(res, 400, 'MALFORMED_BODY');
      await expectNothingWritten(before);
    });

    it.each([
      [
        'an interval meter without intervalMinutes',
        { intervalMinutes: undefined },
        'INTERVAL_REQUIRED',
        'intervalMinutes',
      ],
      [
        'an interval meter with a null intervalMinutes',
        { intervalMinutes: null },
        'INTERVAL_REQUIRED',
        'intervalMinutes',
      ],
      [
        'a rollover modulus on an interval meter',
        { rolloverModulus: '1000' },
        'ROLLOVER_ONLY_FOR_REGISTERS',
        'rolloverModulus',
      ],
      [
        'activeTo before activeFrom',
        { activeFrom: '2026-06-01T00:00:00Z', activeTo: '2026-05-31T23:59:59Z' },
        'PERIOD_REVERSED',
        'activeTo',
      ],
      [
        'activeTo at the same instant as activeFrom, written with another offset',
        { activeFrom: '2026-01-01T09:00:00+09:00', activeTo: '2026-01-01T00:00:00Z' },
        'PERIOD_REVERSED',
        'activeTo',
      ],
    ])('rejects %s with 422, writing nothing', async (_, overrides, code, path) => {
      await expectCreateRejected(intervalBody(overrides), 422, code, path);
    });

    it('reports every broken rule of the meter at once', async () => {
      const res = await expectCreateRejected(
        intervalBody({
          intervalMinutes: undefined,
          rolloverModulus: '5',
          activeFrom: '2026-02-01T00:00:00Z',
          activeTo: '2026-01-01T00:00:00Z',
        }),
        422,
        'INTERVAL_REQUIRED',
      );
      expect(codes(res)).toEqual(['INTERVAL_REQUIRED', 'ROLLOVER_ONLY_FOR_REGISTERS', 'PERIOD_REVERSED']);
    });

    it.each([
      ['0.0001', 'kWh', 'FINER_THAN_WH'],
      ['0.5', 'Wh', 'FINER_THAN_WH'],
      ['1.0000001', 'MWh', 'FINER_THAN_WH'],
      [0.0001, 'kWh', 'FINER_THAN_WH'],
      ['0', 'kWh', 'OUT_OF_RANGE'],
      ['-1000', 'Wh', 'OUT_OF_RANGE'],
      ['9223372036854775808', 'Wh', 'OUT_OF_RANGE'],
      ['10000000000000', 'MWh', 'OUT_OF_RANGE'],
      ['abc', 'kWh', 'INVALID_NUMBER'],
      ['1e6', 'Wh', 'INVALID_NUMBER'],
      ['', 'Wh', 'INVALID_NUMBER'],
      [1e21, 'Wh', 'INVALID_NUMBER'],
    ])(
      'rejects a rollover modulus of %j %s with 422 %s, writing nothing',
      async (rolloverModulus, unit, code) => {
        await expectCreateRejected(registerBody({ rolloverModulus, unit }), 422, code, 'rolloverModulus');
      },
    );

    it('rejects an unknown site with 404 NOT_FOUND, writing nothing', async () => {
      await expectCreateRejected(intervalBody({ siteId: randomUUID() }), 404, 'NOT_FOUND');
    });

    it('rejects a duplicate externalId, even on another site, with 409 ALREADY_EXISTS, writing nothing', async () => {
      const meter = await createMeter(intervalBody());
      await expectCreateRejected(
        registerBody({ siteId: secondSiteId, externalId: meter.externalId }),
        409,
        'ALREADY_EXISTS',
      );
    });

    it('allows the same externalId in another organization', async () => {
      const meter = await createMeter(intervalBody());
      const theirs = await createMeter(
        intervalBody({ siteId: otherSiteId, externalId: meter.externalId }),
        other.as.admin,
      );
      expect(theirs).toMatchObject({ organizationId: other.id, externalId: meter.externalId });
      expect(theirs.id).not.toBe(meter.id);
    });

    it('keeps one meter when the same externalId is created concurrently, answering 409 to the others', async () => {
      const before = await snapshot();
      const body = intervalBody();
      const results = await Promise.all(Array.from({ length: 5 }, () => org.as.admin.post(METERS, body)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      for (const res of results.filter((r) => r.status === 409)) {
        expect(res.body.code).toBe('ALREADY_EXISTS');
      }
      expect(await snapshot()).toEqual({ ...before, meters: before.meters + 1, audit: before.audit + 1 });
    });
  });

  describe('GET list', () => {
    let listSiteId: string;
    let listed: Meter[];

    beforeAll(async () => {
      listSiteId = await createSite(org.as.admin);
      const prefix = `L-${randomUUID().slice(0, 8)}`;
      const directions = ['import', 'export', 'generation', 'import', 'import'];
      listed = [];
      for (const [i, letter] of ['e', 'c', 'a', 'd', 'b'].entries()) {
        listed.push(
          await createMeter(
            intervalBody({ siteId: listSiteId, externalId: `${prefix}-${letter}`, direction: directions[i] }),
          ),
        );
      }
      listed.sort((a, b) => (a.externalId < b.externalId ? -1 : 1));
    });

    it('pages through one site’s meters in externalId order with limit and offset', async () => {
      const page = (query: string) =>
        org.as.executive.get(`${METERS}?siteId=${listSiteId}&${query}`).expect(200);
      expect((await page('limit=2')).body).toEqual({
        items: listed.slice(0, 2),
        total: 5,
        limit: 2,
        offset: 0,
      });
      expect((await page('limit=2&offset=2')).body).toEqual({
        items: listed.slice(2, 4),
        total: 5,
        limit: 2,
        offset: 2,
      });
      expect((await page('limit=2&offset=4')).body).toEqual({
        items: listed.slice(4),
        total: 5,
        limit: 2,
        offset: 4,
      });
      expect((await page('offset=5')).body).toEqual({ items: [], total: 5, limit: 50, offset: 5 });
    });

    it('filters by direction, alone and with the site', async () => {
      const imports = listed.filter((m) => m.direction === 'import');
      const both = await org.as.auditor.get(`${METERS}?siteId=${listSiteId}&direction=import`).expect(200);
      expect(both.body).toEqual({ items: imports, total: 3, limit: 50, offset: 0 });
      const exports = await org.as.auditor.get(`${METERS}?direction=export&limit=500`).expect(200);
      expect(exports.body.items.length).toBe(exports.body.total);
      expect(exports.body.items.every((m: Meter) => m.direction === 'export')).toBe(true);
      expect(exports.body.items.map((m: Meter) => m.id)).toContain(
        listed.find((m) => m.direction === 'export')!.id,
      );
    });

    it('defaults to limit 50 and offset 0 and accepts the maximum page size of 500', async () => {
      expect((await org.as.auditor.get(METERS).expect(200)).body).toMatchObject({ limit: 50, offset: 0 });
      const max = await org.as.auditor.get(`${METERS}?limit=500`).expect(200);
      expect(max.body.limit).toBe(500);
      expect(max.body.items).toHaveLength(max.body.total);
    });

    it('never shows another organization’s meters', async () => {
      await createMeter(intervalBody({ siteId: otherSiteId }), other.as.admin);
      const mine = await org.as.admin.get(`${METERS}?limit=500`).expect(200);
      const theirs = await other.as.admin.get(`${METERS}?limit=500`).expect(200);
      expect(mine.body.items.every((m: Meter) => m.organizationId === org.id)).toBe(true);
      expect(theirs.body.items.length).toBeGreaterThan(0);
      expect(theirs.body.items.every((m: Meter) => m.organizationId === other.id)).toBe(true);
      const filtered = await other.as.admin.get(`${METERS}?siteId=${listSiteId}`).expect(200);
      expect(filtered.body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
    });

    it.each([
      ['siteId=not-a-uuid', 'siteId'],
      ['direction=both', 'direction'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['offset=-1', 'offset'],
      ['kind=interval', 'kind'],
    ])('rejects the query %s with 400 VALIDATION_FAILED', async (query, path) => {
      expectError(await org.as.admin.get(`${METERS}?${query}`), 400, 'VALIDATION_FAILED', path);
    });
  });

  describe('GET /:id', () => {
    it('returns the meter, also for an upper-case id', async () => {
      const meter = await createMeter(registerBody({ rolloverModulus: '99999' }));
      expect((await org.as.executive.get(`${METERS}/${meter.id}`).expect(200)).body).toEqual(meter);
      expect((await org.as.auditor.get(`${METERS}/${meter.id.toUpperCase()}`).expect(200)).body).toEqual(
        meter,
      );
    });

    it('answers 404 NOT_FOUND for an unknown id', async () => {
      expectError(await org.as.admin.get(`${METERS}/${randomUUID()}`), 404, 'NOT_FOUND');
    });

    it.each(['get', 'patch', 'delete'] as const)(
      'answers %s on a malformed id with 400 naming params.id, writing nothing',
      async (method) => {
        const before = await snapshot();
        const caller = org.as.admin;
        const res = await (method === 'patch'
          ? caller.patch(`${METERS}/not-a-uuid`, { name: 'x' })
          : caller[method](`${METERS}/not-a-uuid`));
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details[0].path).toBe('params.id');
        await expectNothingWritten(before);
      },
    );
  });

  describe('PATCH /:id', () => {
    it('changes only the given fields, returns the whole meter and audits before and after', async () => {
      const meter = await createMeter(intervalBody({ name: 'Old name', activeFrom: '2026-01-01T00:00:00Z' }));
      const before = await snapshot();
      const res = await org.as.officer
        .patch(`${METERS}/${meter.id}`, {
          name: 'New name',
          direction: 'generation',
          intervalMinutes: 60,
          activeTo: '2026-07-01T00:00:00+02:00',
        })
        .expect(200);
      expect(res.body).toEqual({
        ...meter,
        name: 'New name',
        direction: 'generation',
        intervalMinutes: 60,
        activeTo: '2026-06-30T22:00:00.000Z',
        updatedAt: expect.stringMatching(ISO_INSTANT),
      });
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(meter.updatedAt));
      expect((await org.as.auditor.get(`${METERS}/${meter.id}`).expect(200)).body).toEqual(res.body);

      const entries = await newAuditEntries(before);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actorId: org.userIds.officer,
        action: 'update',
        entityType: 'meter',
        entityId: meter.id,
        before: meter,
        after: res.body,
      });
      expect((await snapshot()).meters).toBe(before.meters);
    });

    it('moves a meter to another site of the organization, named by an id in any case', async () => {
      const meter = await createMeter(intervalBody());
      const res = await org.as.admin
        .patch(`${METERS}/${meter.id}`, { siteId: secondSiteId.toUpperCase() })
        .expect(200);
      expect(res.body.siteId).toBe(secondSiteId);
      expect((await org.as.admin.get(`${METERS}/${meter.id}`)).body).toEqual(res.body);
      const [entry] = (await auditEntries(org, `&entityType=meter&entityId=${meter.id}`)).slice(-1);
      expect(entry).toMatchObject({ action: 'update', before: { siteId }, after: { siteId: secondSiteId } });
      const list = await org.as.admin.get(`${METERS}?siteId=${secondSiteId}&limit=500`).expect(200);
      expect(list.body.items.map((m: Meter) => m.id)).toContain(meter.id);
    });

    it('converts a new rollover modulus with the new unit, keeps it when only the unit changes, and clears it', async () => {
      const meter = await createMeter(registerBody({ rolloverModulus: '1000000' }));
      const converted = await org.as.admin
        .patch(`${METERS}/${meter.id}`, { unit: 'MWh', rolloverModulus: '2' })
        .expect(200);
      expect(converted.body).toMatchObject({ unit: 'MWh', rolloverModulusWh: '2000000' });
      const unitOnly = await org.as.admin.patch(`${METERS}/${meter.id}`, { unit: 'Wh' }).expect(200);
      expect(unitOnly.body).toMatchObject({ unit: 'Wh', rolloverModulusWh: '2000000' });
      const cleared = await org.as.admin
        .patch(`${METERS}/${meter.id}`, { rolloverModulus: null })
        .expect(200);
      expect(cleared.body.rolloverModulusWh).toBeNull();
      expect((await org.as.admin.get(`${METERS}/${meter.id}`)).body).toEqual(cleared.body);
    });

    it('turns a register meter into an interval meter when the rollover goes and an interval comes', async () => {
      const meter = await createMeter(registerBody({ rolloverModulus: '1000' }));
      const res = await org.as.admin
        .patch(`${METERS}/${meter.id}`, { kind: 'interval', intervalMinutes: 1440, rolloverModulus: null })
        .expect(200);
      expect(res.body).toMatchObject({ kind: 'interval', intervalMinutes: 1440, rolloverModulusWh: null });
    });

    it('sets and clears the active period and the name with null', async () => {
      const meter = await createMeter(intervalBody({ name: 'Temporary' }));
      const set = await org.as.admin
        .patch(`${METERS}/${meter.id}`, {
          activeFrom: '2026-03-29T01:00:00+01:00',
          activeTo: '2026-10-25T03:00:00+01:00',
        })
        .expect(200);
      expect(set.body).toMatchObject({
        activeFrom: '2026-03-29T00:00:00.000Z',
        activeTo: '2026-10-25T02:00:00.000Z',
      });
      const cleared = await org.as.admin
        .patch(`${METERS}/${meter.id}`, { activeFrom: null, activeTo: null, name: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ activeFrom: null, activeTo: null, name: null });
    });

    it('keeps the externalId when it is sent unchanged', async () => {
      const meter = await createMeter(intervalBody());
      const res = await org.as.admin
        .patch(`${METERS}/${meter.id}`, { externalId: meter.externalId })
        .expect(200);
      expect(res.body.externalId).toBe(meter.externalId);
    });

    it('rejects turning a register meter with a rollover into an interval meter with 422 naming both problems', async () => {
      const meter = await createMeter(registerBody({ rolloverModulus: '1000' }));
      const res = await expectPatchRejected(meter, { kind: 'interval' }, 422, 'INTERVAL_REQUIRED');
      expect(codes(res)).toEqual(['INTERVAL_REQUIRED', 'ROLLOVER_ONLY_FOR_REGISTERS']);
      expect(paths(res)).toEqual(['intervalMinutes', 'rolloverModulus']);
    });

    it.each([
      [
        'removing the interval of an interval meter',
        { intervalMinutes: null },
        'INTERVAL_REQUIRED',
        'intervalMinutes',
      ],
      [
        'a rollover modulus on an interval meter',
        { rolloverModulus: '10' },
        'ROLLOVER_ONLY_FOR_REGISTERS',
        'rolloverModulus',
      ],
      [
        'activeTo before the stored activeFrom',
        { activeTo: '2025-12-31T23:59:59Z' },
        'PERIOD_REVERSED',
        'activeTo',
      ],
      [
        'activeFrom after the stored activeTo',
        { activeFrom: '2027-06-01T00:00:00Z' },
        'PERIOD_REVERSED',
        'activeTo',
      ],
    ])('rejects %s with 422, writing nothing', async (_, change, code, path) => {
      const meter = await createMeter(
        intervalBody({ activeFrom: '2026-01-01T00:00:00Z', activeTo: '2027-01-01T00:00:00Z' }),
      );
      await expectPatchRejected(meter, change, 422, code, path);
    });

    it.each([
      ['0.0001', 'kWh', 'FINER_THAN_WH'],
      ['0', 'Wh', 'OUT_OF_RANGE'],
      ['lots', 'Wh', 'INVALID_NUMBER'],
    ])(
      'rejects a new rollover modulus of %s %s with 422 %s, writing nothing',
      async (rolloverModulus, unit, code) => {
        const meter = await createMeter(registerBody({ rolloverModulus: '1000' }));
        await expectPatchRejected(meter, { rolloverModulus, unit }, 422, code, 'rolloverModulus');
      },
    );

    it('rejects another meter’s externalId with 409 ALREADY_EXISTS, writing nothing', async () => {
      const [a, b] = [await createMeter(intervalBody()), await createMeter(intervalBody())];
      await expectPatchRejected(b, { externalId: a.externalId }, 409, 'ALREADY_EXISTS');
    });

    it.each([
      ['an unknown site', () => randomUUID()],
      ['another organization’s site', () => otherSiteId],
    ])('rejects a move to %s with 404 NOT_FOUND, writing nothing', async (_, target) => {
      const meter = await createMeter(intervalBody());
      await expectPatchRejected(meter, { siteId: target() }, 404, 'NOT_FOUND');
    });

    it.each([
      ['an unknown field', { color: 'red' }, 'color'],
      ['an organizationId in the body', { organizationId: randomUUID() }, 'organizationId'],
      ['the kind cumulative', { kind: 'cumulative' }, 'kind'],
      ['an interval of 7 minutes', { intervalMinutes: 7 }, 'intervalMinutes'],
      ['the direction sideways', { direction: 'sideways' }, 'direction'],
      ['the unit J', { unit: 'J' }, 'unit'],
      ['a malformed siteId', { siteId: 'site-1' }, 'siteId'],
      ['an externalId with a tab', { externalId: 'a\tb' }, 'externalId'],
      ['a 10,000-character name', { name: 'n'.repeat(10_000) }, 'name'],
      ['activeFrom without an offset', { activeFrom: '2026-01-01T00:00' }, 'activeFrom'],
      ['a boolean rollover modulus', { rolloverModulus: false }, 'rolloverModulus'],
      ['a null siteId', { siteId: null }, 'siteId'],
      ['a null externalId', { externalId: null }, 'externalId'],
      ['a null kind', { kind: null }, 'kind'],
      ['a null direction', { direction: null }, 'direction'],
      ['a null unit', { unit: null }, 'unit'],
      ['a null energy carrier', { energyCarrier: null }, 'energyCarrier'],
    ])('rejects %s with 400 VALIDATION_FAILED, writing nothing', async (_, change, path) => {
      const meter = await createMeter(intervalBody());
      await expectPatchRejected(meter, change, 400, 'VALIDATION_FAILED', path);
    });

    it('rejects malformed JSON with 400 MALFORMED_BODY, writing nothing', async () => {
      const meter = await createMeter(intervalBody());
      const before = await snapshot();
      const res = await request(t.http)
        .patch(`${METERS}/${meter.id}`)
        .set('Authorization', `Bearer ${org.as.admin.token}`)
        .set('Content-Type', 'application/json')
        .send('{"name": "x",}');
      expectError(res, 400, 'MALFORMED_BODY');
      await expectNothingWritten(before);
    });

    it('answers 404 NOT_FOUND for an unknown id, writing nothing', async () => {
      const before = await snapshot();
      expectError(await org.as.admin.patch(`${METERS}/${randomUUID()}`, { name: 'Ghost' }), 404, 'NOT_FOUND');
      await expectNothingWritten(before);
    });
  });

  describe('DELETE /:id', () => {
    it('deletes a meter, audits it, and then answers 404', async () => {
      const meter = await createMeter(
        registerBody({ rolloverModulus: '5000', activeFrom: '2026-01-01T00:00:00Z' }),
      );
      const before = await snapshot();
      const res = await org.as.officer.delete(`${METERS}/${meter.id}`).expect(204);
      expect(res.text).toBe('');
      expect(await snapshot()).toEqual({ ...before, meters: before.meters - 1, audit: before.audit + 1 });
      const [entry] = await newAuditEntries(before);
      expect(entry).toMatchObject({
        actorId: org.userIds.officer,
        action: 'delete',
        entityType: 'meter',
        entityId: meter.id,
        before: meter,
        after: null,
      });
      expectError(await org.as.admin.get(`${METERS}/${meter.id}`), 404, 'NOT_FOUND');
      const again = await snapshot();
      expectError(await org.as.admin.delete(`${METERS}/${meter.id}`), 404, 'NOT_FOUND');
      await expectNothingWritten(again);
    });

    it('refuses to delete a meter a live API key is scoped to with 409, writing nothing', async () => {
      const meter = await createMeter(intervalBody());
      await org.as.admin
        .post('/api/v1/api-keys', { name: `gateway ${meter.externalId}`, meterIds: [meter.id] })
        .expect(201);
      const before = await snapshot();
      expectError(await org.as.admin.delete(`${METERS}/${meter.id}`), 409, 'METER_HAS_API_KEYS');
      await expectNothingWritten(before);
      expect((await org.as.admin.get(`${METERS}/${meter.id}`).expect(200)).body).toEqual(meter);
    });

    it('deletes a meter whose API keys are all revoked', async () => {
      const meter = await createMeter(intervalBody());
      const key = await org.as.admin
        .post('/api/v1/api-keys', { name: `old gateway ${meter.externalId}`, meterIds: [meter.id] })
        .expect(201);
      await org.as.admin.delete(`/api/v1/api-keys/${key.body.id}`).expect(200);
      await org.as.admin.delete(`${METERS}/${meter.id}`).expect(204);
      const listed = (await org.as.admin.get('/api/v1/api-keys?limit=500')).body.items.find(
        (k: { id: string }) => k.id === key.body.id,
      );
      expect(listed).toMatchObject({ meterIds: [], revokedAt: expect.any(String) });
    });
  });

  describe('roles', () => {
    it.each(['admin', 'officer', 'auditor', 'executive'] as Role[])(
      'lets the %s read meters',
      async (role) => {
        const meter = await createMeter(intervalBody());
        expect((await org.as[role].get(`${METERS}/${meter.id}`).expect(200)).body).toEqual(meter);
        const list = await org.as[role].get(`${METERS}?siteId=${siteId}&limit=500`).expect(200);
        expect(list.body.items.map((m: Meter) => m.id)).toContain(meter.id);
      },
    );

    it.each(['admin', 'officer'] as Role[])('lets the %s create, update and delete a meter', async (role) => {
      const meter = await createMeter(intervalBody(), org.as[role]);
      await org.as[role].patch(`${METERS}/${meter.id}`, { name: 'Renamed' }).expect(200);
      await org.as[role].delete(`${METERS}/${meter.id}`).expect(204);
    });

    it.each(['auditor', 'executive'] as Role[])(
      'refuses POST, PATCH and DELETE to the %s with 403 FORBIDDEN, writing nothing',
      async (role) => {
        const meter = await createMeter(intervalBody());
        const before = await snapshot();
        expectError(await org.as[role].post(METERS, intervalBody()), 403, 'FORBIDDEN');
        expectError(
          await org.as[role].patch(`${METERS}/${meter.id}`, { name: 'Mine now' }),
          403,
          'FORBIDDEN',
        );
        expectError(await org.as[role].delete(`${METERS}/${meter.id}`), 403, 'FORBIDDEN');
        await expectNothingWritten(before);
        expect((await org.as.admin.get(`${METERS}/${meter.id}`)).body).toEqual(meter);
      },
    );

    it('answers 401 UNAUTHENTICATED without a token or with a bad one, writing nothing', async () => {
      const meter = await createMeter(intervalBody());
      const before = await snapshot();
      const attempts = [
        request(t.http).get(METERS),
        request(t.http).get(`${METERS}/${meter.id}`),
        request(t.http).post(METERS).send(intervalBody()),
        request(t.http).patch(`${METERS}/${meter.id}`).send({ name: 'Anonymous' }),
        request(t.http).delete(`${METERS}/${meter.id}`),
        request(t.http).post(METERS).set('Authorization', 'Bearer forged.token.value').send(intervalBody()),
        request(t.http).patch(`${METERS}/${meter.id}`).set('Authorization', 'Basic YTpi').send({ name: 'x' }),
      ];
      for (const attempt of attempts) expectError(await attempt, 401, 'UNAUTHENTICATED');
      await expectNothingWritten(before);
    });

    it('refuses machine API keys with 403 FORBIDDEN: they may only write readings', async () => {
      const meter = await createMeter(intervalBody());
      const key = (
        await org.as.admin.post('/api/v1/api-keys', { name: `key ${meter.externalId}` }).expect(201)
      ).body.key;
      const before = await snapshot();
      const asKey = (req: request.Test) => req.set('X-API-Key', key);
      expectError(await asKey(request(t.http).get(METERS)), 403, 'FORBIDDEN');
      expectError(await asKey(request(t.http).post(METERS)).send(intervalBody()), 403, 'FORBIDDEN');
      expectError(await asKey(request(t.http).delete(`${METERS}/${meter.id}`)), 403, 'FORBIDDEN');
      await expectNothingWritten(before);
    });
  });

  describe('organizations are isolated', () => {
    let meter: Meter;
    beforeAll(async () => {
      meter = await createMeter(registerBody({ name: 'Confidential', rolloverModulus: '100000' }));
    });

    it('answers 404 to another organization’s admin on GET, PATCH and DELETE, writing nothing', async () => {
      const [mine, theirs] = [await snapshot(), await snapshot(other)];
      const intruder = other.as.admin;
      expectError(await intruder.get(`${METERS}/${meter.id}`), 404, 'NOT_FOUND');
      expectError(await intruder.patch(`${METERS}/${meter.id}`, { name: 'Hijacked' }), 404, 'NOT_FOUND');
      expectError(await intruder.delete(`${METERS}/${meter.id}`), 404, 'NOT_FOUND');
      await expectNothingWritten(mine);
      await expectNothingWritten(theirs, other);
      expect((await org.as.admin.get(`${METERS}/${meter.id}`).expect(200)).body).toEqual(meter);
    });

    it('does not let another organization create a meter on, or move a meter to, this organization’s site', async () => {
      const theirMeter = await createMeter(intervalBody({ siteId: otherSiteId }), other.as.admin);
      const [mine, theirs] = [await snapshot(), await snapshot(other)];
      expectError(await other.as.admin.post(METERS, intervalBody({ siteId })), 404, 'NOT_FOUND');
      expectError(await other.as.admin.patch(`${METERS}/${theirMeter.id}`, { siteId }), 404, 'NOT_FOUND');
      await expectNothingWritten(mine);
      await expectNothingWritten(theirs, other);
      expect((await other.as.admin.get(`${METERS}/${theirMeter.id}`)).body).toEqual(theirMeter);
    });

    it('answers 404 to another organization’s admin who names this organization in X-Organization-Id', async () => {
      const [mine, theirs] = [await snapshot(), await snapshot(other)];
      const intruder = other.as.admin.in(org.id);
      expectError(await intruder.get(METERS), 404, 'NOT_FOUND');
      expectError(await intruder.get(`${METERS}/${meter.id}`), 404, 'NOT_FOUND');
      expectError(await intruder.post(METERS, intervalBody()), 404, 'NOT_FOUND');
      expectError(await intruder.patch(`${METERS}/${meter.id}`, { name: 'Hijacked' }), 404, 'NOT_FOUND');
      expectError(await intruder.delete(`${METERS}/${meter.id}`), 404, 'NOT_FOUND');
      await expectNothingWritten(mine);
      await expectNothingWritten(theirs, other);
    });
  });
});
