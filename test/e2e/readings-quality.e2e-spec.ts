import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectError, ISO_INSTANT } from '../support/assertions';
import { meterIn, quarterHours, rollupsMatchReadings } from '../support/readings';
import { createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';

/**
 * Data quality (M-4, auditors' check 1), raw readings with their revisions (invariant 1) and consumption
 * queries (RE100-SCOPE-1, C-2). Dates are in the past and meters have an active period where expected
 * counts matter, so nothing here depends on today's date except the staleness checks, which are relative.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();
const at = (start: string, quarters: number) => iso(Date.parse(start) + quarters * 15 * MIN);

// Europe/Berlin local days around the 2026 DST changes (C-2).
const SPRING_START = '2026-03-28T23:00:00.000Z'; // 2026-03-29 00:00+01:00
const SPRING_END = '2026-03-29T22:00:00.000Z'; //   2026-03-30 00:00+02:00: 23 hours, 92 quarter-hours
const FALL_START = '2026-10-24T22:00:00.000Z'; //   2026-10-25 00:00+02:00
const FALL_END = '2026-10-25T23:00:00.000Z'; //     2026-10-26 00:00+01:00: 25 hours, 100 quarter-hours

type Reading = { start: string; value: number | string; quality?: string | number };

async function push(org: TestOrganization, meterId: string, readings: Reading[], query = '') {
  const res = await org.as.officer.post(`/api/v1/meters/${meterId}/readings${query}`, { readings });
  expect(res.status).toBe(200);
  expect(res.body.rejected).toEqual([]);
  return res;
}

/** An organization whose reporting year is the calendar year in Europe/Berlin. */
async function berlinOrganization(http: TestApp['http'], label: string): Promise<TestOrganization> {
  const org = await createOrganization(http, label);
  await org.as.admin.patch('/api/v1/organization', { timeZone: 'Europe/Berlin' }).expect(200);
  return org;
}

describe('data quality of one meter (M-4)', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await berlinOrganization(t.http, 'Quality');
  });
  afterAll(() => t.close());

  it('expects 92 quarter-hours on the spring-forward day and lists each hole, the estimated share and the last reading', async () => {
    const meter = await meterIn(org, 'Europe/Berlin', { activeFrom: SPRING_START, activeTo: SPRING_END });
    // Quarter-hours 0..91 of the local day; 10, 11, 12 and 91 are left out; every fourth one is estimated.
    const missing = new Set([10, 11, 12, 91]);
    const readings: Reading[] = [];
    for (let q = 0; q < 92; q++) {
      if (missing.has(q)) continue;
      readings.push({ start: at(SPRING_START, q), value: 100, quality: q % 4 === 0 ? 'ESTIMATED' : 0 });
    }
    // 88 readings of 100 Wh, 22 of them estimated (quarter-hours 0, 4, …, 88; 12 is missing).
    expect(readings.filter((r) => r.quality === 'ESTIMATED')).toHaveLength(22);
    await push(org, meter.id, readings);

    const res = await org.as.auditor.get(`/api/v1/meters/${meter.id}/data-quality?year=2026`).expect(200);
    expect(res.body).toEqual({
      meterId: meter.id,
      externalId: meter.externalId,
      siteId: meter.siteId,
      year: 2026,
      checkedFrom: SPRING_START,
      checkedTo: SPRING_END,
      expectedIntervals: 92,
      receivedIntervals: 88,
      missingIntervals: 4,
      completeness: 88 / 92,
      estimatedShare: 0.25,
      lastReadingAt: at(SPRING_START, 91), // the end of quarter-hour 90
      stale: false, // the meter's active period is over: it is not expected to report
      gaps: [
        { from: at(SPRING_START, 10), to: at(SPRING_START, 13), missingIntervals: 3 },
        { from: at(SPRING_START, 91), to: SPRING_END, missingIntervals: 1 },
      ],
      gapCount: 2,
    });
    // The local day has 23 hours: 01:00+01:00 is followed by 03:00+02:00.
    expect(at(SPRING_START, 8)).toBe('2026-03-29T01:00:00.000Z');
  });

  it('expects 100 quarter-hours on the fall-back day and reports a complete day without gaps', async () => {
    const meter = await meterIn(org, 'Europe/Berlin', { activeFrom: FALL_START, activeTo: FALL_END });
    await push(org, meter.id, quarterHours(FALL_START, new Array(100).fill(7)));
    const res = await org.as.executive.get(`/api/v1/meters/${meter.id}/data-quality?year=2026`).expect(200);
    expect(res.body).toMatchObject({
      checkedFrom: FALL_START,
      checkedTo: FALL_END,
      expectedIntervals: 100,
      receivedIntervals: 100,
      missingIntervals: 0,
      completeness: 1,
      estimatedShare: 0,
      lastReadingAt: FALL_END,
      stale: false,
      gaps: [],
      gapCount: 0,
    });
  });

  it('counts a whole month DST-aware, and one gap over it when nothing arrived', async () => {
    // March 2026 in Berlin: 31 days less the skipped hour = 743 hours = 2,972 quarter-hours.
    const from = '2026-02-28T23:00:00.000Z';
    const to = '2026-03-31T22:00:00.000Z';
    const meter = await meterIn(org, 'Europe/Berlin', { activeFrom: from, activeTo: to });
    const res = await org.as.auditor.get(`/api/v1/meters/${meter.id}/data-quality?year=2026`).expect(200);
    expect(res.body).toMatchObject({
      expectedIntervals: 2972,
      receivedIntervals: 0,
      missingIntervals: 2972,
      completeness: 0,
      estimatedShare: 0,
      lastReadingAt: null,
      stale: false,
      gaps: [{ from, to, missingIntervals: 2972 }],
      gapCount: 1,
    });
    // An hourly meter over the same month expects a quarter as many.
    const hourly = await meterIn(org, 'Europe/Berlin', {
      activeFrom: from,
      activeTo: to,
      intervalMinutes: 60,
    });
    const hourlyRes = await org.as.auditor.get(`/api/v1/meters/${hourly.id}/data-quality?year=2026`);
    expect(hourlyRes.body).toMatchObject({
      expectedIntervals: 743,
      gaps: [{ from, to, missingIntervals: 743 }],
    });
  });

  it('uses the organization’s reporting year: a year outside the active period expects nothing', async () => {
    const meter = await meterIn(org, 'Europe/Berlin', { activeFrom: FALL_START, activeTo: FALL_END });
    await push(org, meter.id, quarterHours(FALL_START, [1, 2, 3]));
    const res = await org.as.auditor.get(`/api/v1/meters/${meter.id}/data-quality?year=2025`).expect(200);
    expect(res.body).toMatchObject({
      year: 2025,
      expectedIntervals: 0,
      receivedIntervals: 0,
      missingIntervals: 0,
      completeness: null,
      gaps: [],
      gapCount: 0,
      lastReadingAt: at(FALL_START, 3), // the meter's last reading, whatever the year
    });
  });

  it('follows a reporting year that starts in April', async () => {
    const fiscal = await berlinOrganization(t.http, 'QualityFiscal');
    await fiscal.as.admin.patch('/api/v1/organization', { reportingYearStartMonth: 4 }).expect(200);
    // Active over the spring-forward day: in the reporting year 2025 (April 2025 – March 2026).
    const meter = await meterIn(fiscal, 'Europe/Berlin', { activeFrom: SPRING_START, activeTo: SPRING_END });
    await push(fiscal, meter.id, quarterHours(SPRING_START, new Array(92).fill(5)));
    const in2025 = await fiscal.as.auditor.get(`/api/v1/meters/${meter.id}/data-quality?year=2025`);
    expect(in2025.body).toMatchObject({ expectedIntervals: 92, receivedIntervals: 92, missingIntervals: 0 });
    const in2026 = await fiscal.as.auditor.get(`/api/v1/meters/${meter.id}/data-quality?year=2026`);
    expect(in2026.body).toMatchObject({ expectedIntervals: 0, receivedIntervals: 0 });
  });

  it('counts expected and received intervals over the same span when the site is in another zone than the organization', async () => {
    // The organization is in Asia/Seoul, the site in Europe/Berlin. The meter is active for one UTC day
    // across the turn of the year, and every quarter-hour of it arrives.
    const seoul = await createOrganization(t.http, 'QualityZones');
    const from = '2025-12-31T12:00:00.000Z'; // 21:00 in Seoul, 13:00 in Berlin
    const to = '2026-01-01T12:00:00.000Z';
    const meter = await meterIn(seoul, 'Europe/Berlin', { activeFrom: from, activeTo: to });
    await push(seoul, meter.id, quarterHours(from, new Array(96).fill(1)));
    const years = [];
    for (const year of [2025, 2026]) {
      const res = await seoul.as.auditor
        .get(`/api/v1/meters/${meter.id}/data-quality?year=${year}`)
        .expect(200);
      years.push(res.body);
      // Complete data: nothing missing and no gaps in either year; received = expected.
      expect({
        year,
        gaps: res.body.gaps,
        missing: res.body.missingIntervals,
        completeness: res.body.completeness,
        received: res.body.receivedIntervals,
      }).toEqual({ year, gaps: [], missing: 0, completeness: 1, received: res.body.expectedIntervals });
    }
    // The two years split the 96 quarter-hours between them, at the site's local midnight (23:00 UTC),
    // where its daily rollups split them.
    expect(years.map((y) => [y.checkedFrom, y.checkedTo, y.expectedIntervals])).toEqual([
      [from, '2025-12-31T23:00:00.000Z', 44],
      ['2025-12-31T23:00:00.000Z', to, 52],
    ]);
    // Nor is the meter listed as having gaps.
    const listed = await seoul.as.auditor.get('/api/v1/data-quality?year=2026').expect(200);
    expect(listed.body.items.map((m: { meterId: string }) => m.meterId)).not.toContain(meter.id);
  });

  it('answers null expectations for a register meter, and lists no gaps for it', async () => {
    const meter = await meterIn(org, 'Europe/Berlin', { kind: 'register', intervalMinutes: undefined });
    const reads = await org.as.officer
      .post(`/api/v1/meters/${meter.id}/readings`, {
        readings: [
          { at: '2026-05-01T00:00:00Z', value: 1000 },
          { at: '2026-05-02T00:00:00Z', value: 1500 },
          { at: '2026-05-03T00:00:00Z', value: 1600, quality: 'ESTIMATED' },
        ],
      })
      .expect(200);
    expect(reads.body).toMatchObject({ accepted: 3, rejected: [] });
    const res = await org.as.auditor.get(`/api/v1/meters/${meter.id}/data-quality?year=2026`).expect(200);
    expect(res.body).toMatchObject({
      expectedIntervals: null,
      receivedIntervals: 2,
      missingIntervals: null,
      completeness: null,
      estimatedShare: 0.166666, // 100 of 600 Wh, to 6 decimals
      lastReadingAt: '2026-05-03T00:00:00.000Z',
    });
    expect(res.body).not.toHaveProperty('gaps');
  });

  it('checks the year and the meter: 400 for a bad year, 404 for a missing or foreign meter', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    for (const query of ['', '?year=1999', '?year=2101', '?year=20x6', '?year=2026&limit=5']) {
      expectError(
        await org.as.auditor.get(`/api/v1/meters/${meter.id}/data-quality${query}`),
        400,
        'VALIDATION_FAILED',
      );
    }
    expectError(
      await org.as.auditor.get(`/api/v1/meters/${randomUUID()}/data-quality?year=2026`),
      404,
      'NOT_FOUND',
    );
    const other = await createOrganization(t.http, 'QualityOther');
    expectError(
      await other.as.auditor.get(`/api/v1/meters/${meter.id}/data-quality?year=2026`),
      404,
      'NOT_FOUND',
    );
  });
});

describe('meters with gaps or stale data (GET /data-quality)', () => {
  let t: TestApp;
  let org: TestOrganization;
  const ids: Record<string, string> = {};
  const now = Date.now();

  beforeAll(async () => {
    t = await startTestApp();
    org = await berlinOrganization(t.http, 'QualityList');
    const tag = randomUUID().slice(0, 6);
    const create = async (name: string, extra: Record<string, unknown>) => {
      const meter = await meterIn(org, 'Europe/Berlin', { externalId: `${name}-${tag}`, ...extra });
      ids[name] = meter.id;
      return meter.id;
    };
    // A: complete over its (past) active day: not listed.
    await push(
      org,
      await create('A-complete', { activeFrom: FALL_START, activeTo: FALL_END }),
      quarterHours(FALL_START, new Array(100).fill(1)),
    );
    // B: one quarter-hour missing on the spring-forward day.
    await push(
      org,
      await create('B-gap', { activeFrom: SPRING_START, activeTo: SPRING_END }),
      quarterHours(SPRING_START, new Array(91).fill(1)),
    );
    // C: nothing received over its active day.
    await create('C-empty', { activeFrom: SPRING_START, activeTo: SPRING_END });
    // D: register meter read three and four days ago.
    const register = { kind: 'register', intervalMinutes: undefined };
    const d = await create('D-register-old', register);
    await org.as.officer
      .post(`/api/v1/meters/${d}/readings`, {
        readings: [
          { at: iso(now - 96 * HOUR), value: 10 },
          { at: iso(now - 72 * HOUR), value: 20 },
        ],
      })
      .expect(200);
    // E: register meter read 150 and 90 minutes ago.
    const e = await create('E-register-fresh', register);
    await org.as.officer
      .post(`/api/v1/meters/${e}/readings`, {
        readings: [
          { at: iso(now - 150 * MIN), value: 10 },
          { at: iso(now - 90 * MIN), value: 20 },
        ],
      })
      .expect(200);
  });
  afterAll(() => t.close());

  const names = (res: request.Response) =>
    res.body.items.map((m: { meterId: string }) => Object.keys(ids).find((k) => ids[k] === m.meterId));

  it('lists meters with gaps and stale meters, not complete ones, in external-id order', async () => {
    const res = await org.as.auditor.get('/api/v1/data-quality?year=2026').expect(200);
    expect({ total: res.body.total, names: names(res) }).toEqual({
      total: 3,
      names: ['B-gap', 'C-empty', 'D-register-old'],
    });
    const [b, c, d] = res.body.items;
    expect(b).toMatchObject({
      expectedIntervals: 92,
      receivedIntervals: 91,
      missingIntervals: 1,
      stale: false,
    });
    expect(b).not.toHaveProperty('gaps');
    expect(c).toMatchObject({ expectedIntervals: 92, receivedIntervals: 0, completeness: 0, stale: false });
    expect(d).toMatchObject({
      expectedIntervals: null,
      missingIntervals: null,
      stale: true,
      lastReadingAt: iso(now - 72 * HOUR),
    });
    for (const item of res.body.items)
      expect(item.lastReadingAt === null || ISO_INSTANT.test(item.lastReadingAt)).toBe(true);
  });

  it('applies staleAfterHours', async () => {
    const lenient = await org.as.executive
      .get('/api/v1/data-quality?year=2026&staleAfterHours=100')
      .expect(200);
    expect(names(lenient)).toEqual(['B-gap', 'C-empty']);
    const strict = await org.as.executive.get('/api/v1/data-quality?year=2026&staleAfterHours=1').expect(200);
    expect(names(strict)).toEqual(['B-gap', 'C-empty', 'D-register-old', 'E-register-fresh']);
    expect(strict.body.items[3]).toMatchObject({ stale: true, lastReadingAt: iso(now - 90 * MIN) });
    for (const bad of ['0', '8761', '1.5', 'x']) {
      expectError(
        await org.as.executive.get(`/api/v1/data-quality?year=2026&staleAfterHours=${bad}`),
        400,
        'VALIDATION_FAILED',
        'staleAfterHours',
      );
    }
  });

  it('pages through the list', async () => {
    const first = await org.as.officer.get('/api/v1/data-quality?year=2026&limit=2').expect(200);
    expect({ total: first.body.total, limit: first.body.limit, offset: first.body.offset }).toEqual({
      total: 3,
      limit: 2,
      offset: 0,
    });
    expect(names(first)).toEqual(['B-gap', 'C-empty']);
    const second = await org.as.officer.get('/api/v1/data-quality?year=2026&limit=2&offset=2').expect(200);
    expect({ total: second.body.total, names: names(second) }).toEqual({
      total: 3,
      names: ['D-register-old'],
    });
    const beyond = await org.as.officer.get('/api/v1/data-quality?year=2026&offset=10').expect(200);
    expect(beyond.body).toMatchObject({ total: 3, items: [] });
    expectError(
      await org.as.officer.get('/api/v1/data-quality?year=2026&limit=501'),
      400,
      'VALIDATION_FAILED',
      'limit',
    );
    expectError(
      await org.as.officer.get('/api/v1/data-quality?year=2026&offset=-1'),
      400,
      'VALIDATION_FAILED',
      'offset',
    );
    expectError(await org.as.officer.get('/api/v1/data-quality'), 400, 'VALIDATION_FAILED', 'year');
  });

  it('shows only the organization’s own meters', async () => {
    const other = await berlinOrganization(t.http, 'QualityListOther');
    const res = await other.as.auditor.get('/api/v1/data-quality?year=2026').expect(200);
    expect(res.body).toMatchObject({ total: 0, items: [] });
  });
});

describe('raw readings of a meter with their revisions (invariant 1)', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'RawReadings');
  });
  afterAll(() => t.close());

  it('pages oldest first and limits to [from, to)', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const start = '2026-02-01T00:00:00.000Z';
    await push(org, meter.id, quarterHours(start, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]));
    const page = await org.as.auditor.get(`/api/v1/meters/${meter.id}/readings?limit=3&offset=3`).expect(200);
    expect(page.body).toMatchObject({ total: 10, limit: 3, offset: 3 });
    expect(page.body.items.map((r: { start: string; valueWh: string }) => [r.start, r.valueWh])).toEqual([
      [at(start, 3), '13'],
      [at(start, 4), '14'],
      [at(start, 5), '15'],
    ]);
    expect(page.body.items[0]).toEqual({
      start: at(start, 3),
      durationMinutes: 15,
      valueWh: '13',
      quality: 0,
      qualityClass: 'ACTUAL',
      revision: 0,
      source: 'api',
      receivedAt: expect.stringMatching(ISO_INSTANT),
      revisions: [],
    });
    const window = await org.as.auditor
      .get(
        `/api/v1/meters/${meter.id}/readings?from=${encodeURIComponent('2026-02-01T01:30:00+01:00')}&to=${at(start, 5)}`,
      )
      .expect(200);
    // 01:30+01:00 is 00:30Z: quarter-hours 2, 3 and 4; `to` is exclusive.
    expect(window.body.total).toBe(3);
    expect(window.body.items.map((r: { valueWh: string }) => r.valueWh)).toEqual(['12', '13', '14']);
    const tail = await org.as.auditor
      .get(`/api/v1/meters/${meter.id}/readings?from=${at(start, 8)}`)
      .expect(200);
    expect(tail.body.items.map((r: { valueWh: string }) => r.valueWh)).toEqual(['18', '19']);
    // A local date is the start of that day in the site's zone, as /consumption reads dates: 2026-02-01 in
    // Berlin begins at 23:00Z the day before, so `to=2026-02-01` ends before the first quarter-hour.
    const byDate = await org.as.auditor
      .get(`/api/v1/meters/${meter.id}/readings?from=2026-02-01&to=2026-02-02`)
      .expect(200);
    expect(byDate.body.total).toBe(10);
    expect(
      (await org.as.auditor.get(`/api/v1/meters/${meter.id}/readings?to=2026-02-01`).expect(200)).body.total,
    ).toBe(0);
    for (const query of ['from=2026-02-01T00:00:00', 'to=2026-02-30', 'limit=0', 'limit=501', 'offset=-1']) {
      expectError(
        await org.as.auditor.get(`/api/v1/meters/${meter.id}/readings?${query}`),
        400,
        'VALIDATION_FAILED',
      );
    }
  });

  it('shows a reading corrected twice with both revisions in order: old and new values, reason, actor', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const url = `/api/v1/meters/${meter.id}/readings`;
    const start = '2026-02-02T10:00:00.000Z';
    await org.as.officer.post(url, { readings: [{ start, value: 100, quality: 'ESTIMATED' }] }).expect(200);
    const key = await org.as.admin.post('/api/v1/api-keys', { name: 'gateway-7' }).expect(201);
    const byKey = await request(t.http)
      .post(url)
      .set('X-API-Key', key.body.key)
      .send({ readings: [{ start, value: 120, quality: 'ACTUAL' }] })
      .expect(200);
    expect(byKey.body).toMatchObject({ corrected: 1, rejected: [] });
    const byAdmin = await org.as.admin
      .post(`${url}?mode=upsert`, { readings: [{ start, value: '0.15', unit: 'kWh', quality: 7 }] })
      .expect(200);
    expect(byAdmin.body).toMatchObject({ corrected: 1, rejected: [] });
    // An unrelated reading stays without revisions.
    await push(org, meter.id, [{ start: at(start, 1), value: 1 }]);

    const res = await org.as.auditor.get(url).expect(200);
    expect(res.body.total).toBe(2);
    const [reading, untouched] = res.body.items;
    expect(untouched).toMatchObject({ revision: 0, revisions: [] });
    expect(reading).toMatchObject({ start, valueWh: '150', quality: 7, qualityClass: 'EDITED', revision: 2 });
    expect(reading.revisions).toEqual([
      {
        revision: 1,
        oldValueWh: '100',
        newValueWh: '120',
        oldQuality: 8,
        newQuality: 0,
        reason: 'estimate_superseded',
        voidReason: null,
        changedAt: expect.stringMatching(ISO_INSTANT),
        actorType: 'api_key',
        actorId: key.body.id,
        actorLabel: 'gateway-7',
        requestId: byKey.headers['x-request-id'],
      },
      {
        revision: 2,
        oldValueWh: '120',
        newValueWh: '150',
        oldQuality: 0,
        newQuality: 7,
        reason: 'upsert',
        voidReason: null,
        changedAt: expect.stringMatching(ISO_INSTANT),
        actorType: 'user',
        actorId: org.userIds.admin,
        actorLabel: expect.stringMatching(/^admin-.*@test\.local$/),
        requestId: byAdmin.headers['x-request-id'],
      },
    ]);
    expect(Date.parse(reading.revisions[0].changedAt)).toBeLessThanOrEqual(
      Date.parse(reading.revisions[1].changedAt),
    );
    expect((await rollupsMatchReadings(meter.id)).mismatches).toEqual([]);
  });

  it('answers 404 for another organization’s meter and 403 to API keys', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const other = await createOrganization(t.http, 'RawOther');
    expectError(await other.as.auditor.get(`/api/v1/meters/${meter.id}/readings`), 404, 'NOT_FOUND');
    const key = await org.as.admin.post('/api/v1/api-keys', { name: 'reader' }).expect(201);
    await request(t.http)
      .get(`/api/v1/meters/${meter.id}/readings`)
      .set('X-API-Key', key.body.key)
      .expect(403);
  });
});

describe('consumption (RE100-SCOPE-1, C-2)', () => {
  let t: TestApp;
  let org: TestOrganization;
  let berlin: string; // site in DE with import, export and generation meters
  let berlin2: string; // a second DE site
  let seoul: string; // a KR site
  const m: Record<string, string> = {};

  const consumption = (query: string, caller: 'auditor' | 'executive' | 'officer' | 'admin' = 'auditor') =>
    org.as[caller].get(`/api/v1/consumption?${query}`);

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Consumption');
    const site = async (name: string, country: string, timeZone: string) =>
      (await org.as.officer.post('/api/v1/sites', { name, country, timeZone }).expect(201)).body.id as string;
    berlin = await site('Berlin plant', 'DE', 'Europe/Berlin');
    berlin2 = await site('Hamburg office', 'DE', 'Europe/Berlin');
    seoul = await site('Seoul HQ', 'KR', 'Asia/Seoul');
    const meter = async (name: string, siteId: string, direction: string) => {
      const res = await org.as.officer
        .post('/api/v1/meters', {
          siteId,
          externalId: `${name}-${randomUUID().slice(0, 6)}`,
          kind: 'interval',
          intervalMinutes: 60,
          direction,
          unit: 'Wh',
        })
        .expect(201);
      m[name] = res.body.id;
    };
    await meter('import', berlin, 'import');
    await meter('export', berlin, 'export');
    await meter('generation', berlin, 'generation');
    await meter('hamburg', berlin2, 'import');
    await meter('seoul', seoul, 'import');
    const send = (name: string, readings: Reading[]) => push(org, m[name], readings);
    await send('import', [
      { start: '2026-01-15T10:00:00+01:00', value: 1000 },
      { start: '2026-01-15T11:00:00+01:00', value: 550, quality: 'ESTIMATED' },
      { start: '2026-02-10T10:00:00+01:00', value: 2000 },
    ]);
    await send('export', [
      { start: '2026-01-15T12:00:00+01:00', value: 300 },
      { start: '2026-02-10T12:00:00+01:00', value: 100 },
    ]);
    await send('generation', [
      { start: '2026-01-15T12:00:00+01:00', value: 350 },
      { start: '2026-02-10T12:00:00+01:00', value: 600 },
    ]);
    await send('hamburg', [{ start: '2026-02-11T08:00:00+01:00', value: 700 }]);
    // 23:00 on 31 January and 00:00 on 1 February in Seoul: both still 31 January in UTC.
    await send('seoul', [
      { start: '2026-01-31T23:00:00+09:00', value: 5000 },
      { start: '2026-02-01T00:00:00+09:00', value: 70, quality: 9 },
    ]);
  });
  afterAll(() => t.close());

  const bucket = (fields: Record<string, string | number>) => ({
    importWh: '0',
    exportWh: '0',
    generationWh: '0',
    consumptionWh: '0',
    estimatedWh: '0',
    estimatedShare: 0,
    ...fields,
  });

  it('sums one meter by site-local month', async () => {
    const res = await consumption(
      `granularity=month&from=2026-01-01&to=2026-03-01&meterId=${m.import}`,
    ).expect(200);
    expect(res.body).toEqual({
      granularity: 'month',
      from: '2026-01-01',
      to: '2026-03-01',
      totals: bucket({
        period: '2026-01-01/2026-03-01',
        importWh: '3550',
        consumptionWh: '3550',
        estimatedWh: '550',
        estimatedShare: Number((550n * 1_000_000n) / 3550n) / 1_000_000,
        readings: 3,
      }),
      series: [
        bucket({
          period: '2026-01',
          importWh: '1550',
          consumptionWh: '1550',
          estimatedWh: '550',
          estimatedShare: Number((550n * 1_000_000n) / 1550n) / 1_000_000,
          readings: 2,
        }),
        bucket({ period: '2026-02', importWh: '2000', consumptionWh: '2000', readings: 1 }),
      ],
    });
  });

  it('nets a site: consumption = import + generation − export, with the estimated share of metered energy', async () => {
    const res = await consumption(`granularity=month&from=2026-01-01&to=2026-03-01&siteId=${berlin}`).expect(
      200,
    );
    expect(res.body.series).toEqual([
      bucket({
        period: '2026-01',
        importWh: '1550',
        exportWh: '300',
        generationWh: '350',
        consumptionWh: '1600',
        estimatedWh: '550',
        estimatedShare: 0.25, // 550 of 2,200 metered Wh
        readings: 4,
      }),
      bucket({
        period: '2026-02',
        importWh: '2000',
        exportWh: '100',
        generationWh: '600',
        consumptionWh: '2500',
        readings: 3,
      }),
    ]);
    expect(res.body.totals).toMatchObject({ consumptionWh: '4100', readings: 7 });
  });

  it('buckets by the site’s local date: the Seoul reading at 00:00 on 1 February counts in February', async () => {
    const res = await consumption(`granularity=month&from=2026-01-01&to=2026-03-01&siteId=${seoul}`).expect(
      200,
    );
    expect(res.body.series).toEqual([
      bucket({ period: '2026-01', importWh: '5000', consumptionWh: '5000', readings: 1 }),
      bucket({
        period: '2026-02',
        importWh: '70',
        consumptionWh: '70',
        estimatedWh: '70',
        estimatedShare: 1,
        readings: 1,
      }),
    ]);
    const days = await consumption(`granularity=day&from=2026-01-31&to=2026-02-02&meterId=${m.seoul}`).expect(
      200,
    );
    expect(
      days.body.series.map((d: { period: string; readings: number; expectedReadings: number }) => [
        d.period,
        d.readings,
        d.expectedReadings,
      ]),
    ).toEqual([
      ['2026-01-31', 1, 24],
      ['2026-02-01', 1, 24],
    ]);
  });

  it('sums a country and the whole organization by year', async () => {
    const de = await consumption('granularity=year&from=2026-01-01&to=2027-01-01&country=DE').expect(200);
    expect(de.body.series).toEqual([
      bucket({
        period: '2026',
        importWh: '4250',
        exportWh: '400',
        generationWh: '950',
        consumptionWh: '4800',
        estimatedWh: '550',
        estimatedShare: Number((550n * 1_000_000n) / 5600n) / 1_000_000,
        readings: 8,
      }),
    ]);
    const kr = await consumption('granularity=year&from=2026-01-01&to=2027-01-01&country=KR').expect(200);
    expect(kr.body.totals).toMatchObject({ importWh: '5070', consumptionWh: '5070', readings: 2 });
    const fr = await consumption('granularity=year&from=2026-01-01&to=2027-01-01&country=FR').expect(200);
    expect(fr.body).toMatchObject({ series: [], totals: { consumptionWh: '0', readings: 0 } });
    const all = await consumption('granularity=year&from=2026-01-01&to=2027-01-01', 'executive').expect(200);
    expect(all.body.totals).toEqual(
      bucket({
        period: '2026-01-01/2027-01-01',
        importWh: '9320',
        exportWh: '400',
        generationWh: '950',
        consumptionWh: '9870',
        estimatedWh: '620',
        estimatedShare: Number((620n * 1_000_000n) / 10670n) / 1_000_000,
        readings: 10,
      }),
    );
    expect(all.body.series).toEqual([{ ...all.body.totals, period: '2026' }]);
    // A period with no data: empty series, zero totals.
    const before = await consumption('granularity=day&from=2025-01-01&to=2025-01-08').expect(200);
    expect(before.body).toMatchObject({ series: [], totals: { readings: 0, consumptionWh: '0' } });
    // Country scope and the sum of its sites agree.
    const site2 = await consumption(
      `granularity=year&from=2026-01-01&to=2027-01-01&siteId=${berlin2}`,
    ).expect(200);
    expect(site2.body.totals).toMatchObject({ importWh: '700', consumptionWh: '700' });
  });

  it('lets all four roles read, and not API keys', async () => {
    const query = `granularity=month&from=2026-01-01&to=2026-03-01&siteId=${berlin}`;
    for (const role of ['admin', 'officer', 'auditor', 'executive'] as const) {
      const res = await consumption(query, role).expect(200);
      expect(res.body.totals.consumptionWh).toBe('4100');
    }
    const key = await org.as.admin.post('/api/v1/api-keys', { name: 'consumption-reader' }).expect(201);
    const res = await request(t.http).get(`/api/v1/consumption?${query}`).set('X-API-Key', key.body.key);
    expectError(res, 403, 'FORBIDDEN');
    await request(t.http).get(`/api/v1/consumption?${query}`).expect(401);
  });

  it('refuses bad periods and scopes with 400/422, and another organization’s meter or site with 404', async () => {
    const cases: [string, number, string, string][] = [
      ['granularity=day&from=2026-02-01&to=2026-01-01', 422, 'PERIOD_REVERSED', 'to'],
      ['granularity=day&from=2026-02-01&to=2026-02-01', 422, 'PERIOD_REVERSED', 'to'],
      ['granularity=hour&from=2026-01-01&to=2026-04-04', 422, 'RANGE_TOO_LONG', 'to'], // 93 days
      [
        `granularity=day&from=2026-01-01&to=2026-02-01&meterId=${m.import}&siteId=${berlin}`,
        400,
        'VALIDATION_FAILED',
        '',
      ],
      [
        `granularity=day&from=2026-01-01&to=2026-02-01&siteId=${berlin}&country=DE`,
        400,
        'VALIDATION_FAILED',
        '',
      ],
      ['granularity=week&from=2026-01-01&to=2026-02-01', 400, 'VALIDATION_FAILED', 'granularity'],
      ['from=2026-01-01&to=2026-02-01', 400, 'VALIDATION_FAILED', 'granularity'],
      ['granularity=day&from=2026-1-01&to=2026-02-01', 400, 'VALIDATION_FAILED', 'from'],
      ['granularity=day&from=2026-01-01T00:00:00Z&to=2026-02-01', 400, 'VALIDATION_FAILED', 'from'],
      ['granularity=day&from=2026-13-01&to=2027-02-01', 400, 'VALIDATION_FAILED', 'from'],
      ['granularity=day&from=2026-02-30&to=2026-03-10', 400, 'VALIDATION_FAILED', 'from'],
      ['granularity=day&from=2026-03-01&to=2026-04-31', 400, 'VALIDATION_FAILED', 'to'],
      ['granularity=day&from=2026-01-01', 400, 'VALIDATION_FAILED', 'to'],
      ['granularity=day&from=2026-01-01&to=2026-02-01&meterId=nope', 400, 'VALIDATION_FAILED', 'meterId'],
      ['granularity=day&from=2026-01-01&to=2026-02-01&country=Germany', 400, 'VALIDATION_FAILED', 'country'],
      ['granularity=day&from=2026-01-01&to=2026-02-01&unknown=1', 400, 'VALIDATION_FAILED', 'unknown'],
    ];
    for (const [query, status, code, path] of cases) {
      const res = await consumption(query);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status, code });
      expectError(res, status, code, path || undefined);
    }
    // 92 days of hours is the most allowed.
    await consumption(`granularity=hour&from=2026-01-01&to=2026-04-03&meterId=${m.import}`).expect(200);

    const other = await createOrganization(t.http, 'ConsumptionOther');
    for (const scope of [`meterId=${m.import}`, `siteId=${berlin}`, `meterId=${randomUUID()}`]) {
      expectError(
        await other.as.auditor.get(
          `/api/v1/consumption?granularity=day&from=2026-01-01&to=2026-02-01&${scope}`,
        ),
        404,
        'NOT_FOUND',
      );
    }
    const theirs = await other.as.auditor.get(
      '/api/v1/consumption?granularity=year&from=2026-01-01&to=2027-01-01',
    );
    expect(theirs.body.totals).toMatchObject({ readings: 0, consumptionWh: '0' });
  });
});

describe('consumption across DST changes, pushed through the JSON API (C-2)', () => {
  let t: TestApp;
  let org: TestOrganization;
  let meter: { id: string; siteId: string };
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'ConsumptionDst');
    meter = await meterIn(org, 'Europe/Berlin');
    // Quarter-hour q of each day is worth q + 1 Wh.
    await push(
      org,
      meter.id,
      quarterHours(
        SPRING_START,
        Array.from({ length: 92 }, (_, q) => q + 1),
      ),
    );
    await push(
      org,
      meter.id,
      quarterHours(
        FALL_START,
        Array.from({ length: 100 }, (_, q) => q + 1),
      ),
    );
  });
  afterAll(() => t.close());

  const get = (query: string) =>
    org.as.auditor.get(`/api/v1/consumption?${query}&meterId=${meter.id}`).expect(200);
  const triangle = (n: number) => String((n * (n + 1)) / 2);

  it('has 92 quarter-hours on 29 March and 100 on 25 October, each the whole local day', async () => {
    const spring = await get('granularity=day&from=2026-03-28&to=2026-03-31');
    expect(spring.body.series).toEqual([
      expect.objectContaining({
        period: '2026-03-29',
        readings: 92,
        expectedReadings: 92,
        importWh: triangle(92),
      }),
    ]);
    const fall = await get('granularity=day&from=2026-10-24&to=2026-10-27');
    expect(fall.body.series).toEqual([
      expect.objectContaining({
        period: '2026-10-25',
        readings: 100,
        expectedReadings: 100,
        importWh: triangle(100),
      }),
    ]);
    const days = await get('granularity=day&from=2026-10-26&to=2026-10-27');
    expect(days.body.series).toEqual([]);
    expect((await rollupsMatchReadings(meter.id)).mismatches).toEqual([]);
  });

  it('labels 23 hours on the spring-forward day, skipping 02:00', async () => {
    const res = await get('granularity=hour&from=2026-03-29&to=2026-03-30');
    const periods = res.body.series.map((h: { period: string }) => h.period);
    expect(periods).toHaveLength(23);
    expect(periods.slice(0, 4)).toEqual([
      '2026-03-29T00:00+01:00',
      '2026-03-29T01:00+01:00',
      '2026-03-29T03:00+02:00',
      '2026-03-29T04:00+02:00',
    ]);
    expect(periods[22]).toBe('2026-03-29T23:00+02:00');
    // Hour h holds quarter-hours 4h..4h+3, worth 16h + 10 Wh.
    expect(res.body.series.map((h: { importWh: string }) => h.importWh)).toEqual(
      Array.from({ length: 23 }, (_, h) => String(16 * h + 10)),
    );
    expect(
      res.body.series.every(
        (h: { readings: number; expectedReadings: number }) => h.readings === 4 && h.expectedReadings === 4,
      ),
    ).toBe(true);
    expect(res.body.totals).toMatchObject({ importWh: triangle(92), readings: 92 });
  });

  it('keeps the two 02:00 hours of the fall-back night apart, in time order', async () => {
    const res = await get('granularity=hour&from=2026-10-25&to=2026-10-26');
    const series = res.body.series as { period: string; importWh: string; readings: number }[];
    expect(series).toHaveLength(25);
    expect(series.slice(1, 5).map((h) => h.period)).toEqual([
      '2026-10-25T01:00+02:00',
      '2026-10-25T02:00+02:00',
      '2026-10-25T02:00+01:00',
      '2026-10-25T03:00+01:00',
    ]);
    expect(series[2]).toMatchObject({ importWh: String(16 * 2 + 10), readings: 4 });
    expect(series[3]).toMatchObject({ importWh: String(16 * 3 + 10), readings: 4 });
    expect(series.map((h) => h.importWh)).toEqual(Array.from({ length: 25 }, (_, h) => String(16 * h + 10)));
    expect(res.body.totals).toMatchObject({ importWh: triangle(100), readings: 100 });
  });

  it('totals the two days per month and year from the rollups', async () => {
    const months = await get('granularity=month&from=2026-01-01&to=2027-01-01');
    expect(
      months.body.series.map((b: { period: string; importWh: string; readings: number }) => [
        b.period,
        b.importWh,
        b.readings,
      ]),
    ).toEqual([
      ['2026-03', triangle(92), 92],
      ['2026-10', triangle(100), 100],
    ]);
    const year = await get('granularity=year&from=2026-01-01&to=2027-01-01');
    expect(year.body.totals).toMatchObject({
      importWh: String(Number(triangle(92)) + Number(triangle(100))),
      readings: 192,
    });
    expect(year.body.series[0]).not.toHaveProperty('expectedReadings');
  });
});
