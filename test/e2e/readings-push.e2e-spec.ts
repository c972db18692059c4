import { finalizeYear } from '../support/reports';
import request from 'supertest';
import { expectError } from '../support/assertions';
import { meterIn, quarterHours, rollupsMatchReadings, withDb } from '../support/readings';
import {
  auditEntries,
  createOrganization,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

describe('pushing readings (invariants 1 and 2)', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Push');
  });
  afterAll(() => t.close());

  it('accepts readings, then reports an identical resend as duplicates and changes nothing', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const readings = quarterHours('2026-01-10T00:00:00Z', [100, 200, 300]);
    const first = await org.as.officer.post(`/api/v1/meters/${meter.id}/readings`, { readings }).expect(200);
    expect(first.body).toEqual({
      accepted: 3,
      duplicates: 0,
      corrected: 0,
      rejected: [],
      rejectedTotal: 0,
      rejectedByCode: {},
      dryRun: false,
    });
    const audit = (await auditEntries(org)).length;
    const again = await org.as.officer.post(`/api/v1/meters/${meter.id}/readings`, { readings }).expect(200);
    expect(again.body).toEqual({
      accepted: 0,
      duplicates: 3,
      corrected: 0,
      rejected: [],
      rejectedTotal: 0,
      rejectedByCode: {},
      dryRun: false,
    });
    expect(await auditEntries(org)).toHaveLength(audit);
    expect((await rollupsMatchReadings(meter.id)).mismatches).toEqual([]);
  });

  it('refuses a different value without upsert, corrects with it and keeps the old value', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const url = `/api/v1/meters/${meter.id}/readings`;
    await org.as.officer.post(url, { readings: quarterHours('2026-01-11T00:00:00Z', [100]) }).expect(200);
    // Its only reading refused, the push answers 422 with the problem in the details.
    const conflict = await org.as.officer.post(url, {
      readings: quarterHours('2026-01-11T00:00:00Z', [150]),
    });
    expectError(conflict, 422, 'READINGS_REJECTED');
    expect(conflict.body.details).toEqual([
      { path: 'readings.0', code: 'CONFLICTING_VALUE', message: expect.stringContaining('mode=upsert') },
    ]);
    const corrected = await org.as.officer
      .post(`${url}?mode=upsert`, { readings: quarterHours('2026-01-11T00:00:00Z', [150]) })
      .expect(200);
    expect(corrected.body).toMatchObject({ accepted: 0, corrected: 1 });
    const [revision] = await withDb(
      async (db) => (await db.query('SELECT * FROM reading_revisions WHERE meter_id = $1', [meter.id])).rows,
    );
    expect(revision).toMatchObject({
      old_value_wh: '100',
      new_value_wh: '150',
      reason: 'upsert',
      actor_id: org.userIds.officer,
    });
    const [entry] = (await auditEntries(org)).slice(-1);
    expect(entry).toMatchObject({
      action: 'ingest',
      entityType: 'readings',
      after: { corrected: 1, corrections: [{ oldWh: '100', newWh: '150' }] },
    });
    expect((await rollupsMatchReadings(meter.id)).mismatches).toEqual([]);
  });

  it('lets an actual supersede an estimate without upsert', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const url = `/api/v1/meters/${meter.id}/readings`;
    await org.as.officer
      .post(url, { readings: quarterHours('2026-01-12T00:00:00Z', [90], { quality: 'ESTIMATED' }) })
      .expect(200);
    const res = await org.as.officer
      .post(url, { readings: quarterHours('2026-01-12T00:00:00Z', [101], { quality: 0 }) })
      .expect(200);
    expect(res.body).toMatchObject({ corrected: 1, rejected: [] });
  });

  it('rejects overlapping intervals of another length', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const url = `/api/v1/meters/${meter.id}/readings`;
    await org.as.officer
      .post(url, { readings: quarterHours('2026-01-13T00:00:00Z', [1, 1, 1, 1]) })
      .expect(200);
    const res = await org.as.officer.post(url, {
      readings: [{ start: '2026-01-13T00:00:00Z', durationMinutes: 60, value: 4 }],
    });
    expectError(res, 422, 'READINGS_REJECTED');
    expect(res.body.details[0]).toMatchObject({ path: 'readings.0', code: 'READING_OVERLAP' });
  });

  it('writes the valid readings of a batch and names each invalid one; atomic writes nothing; dryRun writes nothing', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const url = `/api/v1/meters/${meter.id}/readings`;
    const readings = [
      { start: '2026-01-14T00:00:00Z', value: '1.5', unit: 'kWh' },
      { start: '2026-01-14T00:15:00', value: 1 },
      { start: '2026-01-14T00:30:00Z', value: -1 },
      { start: '2026-01-14T00:45:00Z', value: '0.0001', unit: 'kWh' },
      { start: '2026-01-14T01:00:00Z', value: 'NaN' },
      { start: '2026-01-14T01:15:00Z', value: 1, unit: 'GWh' },
      { start: '2026-01-14T01:30:00Z', value: 1, quality: 99 },
      { start: '2026-01-14T01:45:00Z', value: 1, surprise: true },
      { start: '2099-01-01T00:00:00Z', value: 1 },
      'not a reading',
    ];
    const atomic = await org.as.officer.post(`${url}?atomic=true`, { readings }).expect(422);
    expectError(atomic, 422, 'BATCH_REJECTED');
    const dry = await org.as.officer.post(`${url}?dryRun=true`, { readings }).expect(200);
    expect(dry.body).toMatchObject({ accepted: 1, dryRun: true });
    expect(
      await withDb(
        async (db) =>
          (await db.query('SELECT count(*)::int AS n FROM readings WHERE meter_id = $1', [meter.id])).rows[0]
            .n,
      ),
    ).toBe(0);
    const res = await org.as.officer.post(url, { readings }).expect(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, 'INVALID_TIMESTAMP'],
      [2, 'NEGATIVE_VALUE'],
      [3, 'FINER_THAN_WH'],
      [4, 'INVALID_NUMBER'],
      [5, 'INVALID_UNIT'],
      [6, 'INVALID_QUALITY'],
      [7, 'UNKNOWN_FIELD'],
      [8, 'FUTURE_INTERVAL'],
      [9, 'NOT_AN_OBJECT'],
    ]);
    const [{ value_wh }] = await withDb(
      async (db) => (await db.query('SELECT value_wh FROM readings WHERE meter_id = $1', [meter.id])).rows,
    );
    expect(value_wh).toBe('1500');
  });

  it('answers 413 with the limit for more than 10,000 readings', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const readings = quarterHours('2020-01-01T00:00:00Z', new Array(10_001).fill(1));
    const res = await org.as.officer.post(`/api/v1/meters/${meter.id}/readings`, { readings }).expect(413);
    expect(res.body.message).toContain('10000');
  });

  it('replays the first answer for a repeated Idempotency-Key, and refuses the key for another request', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const url = `/api/v1/meters/${meter.id}/readings`;
    const readings = quarterHours('2026-01-15T00:00:00Z', [5, 6]);
    const first = await org.as.officer
      .post(url, { readings })
      .set('Idempotency-Key', `k-${meter.id}`)
      .expect(200);
    const replay = await org.as.officer
      .post(url, { readings })
      .set('Idempotency-Key', `k-${meter.id}`)
      .expect(200);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const other = await org.as.officer
      .post(url, { readings: quarterHours('2026-01-15T01:00:00Z', [7]) })
      .set('Idempotency-Key', `k-${meter.id}`)
      .expect(409);
    expect(other.body.code).toBe('IDEMPOTENCY_MISMATCH');
  });

  it('never double-counts two identical batches sent at once', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const readings = quarterHours('2026-01-16T00:00:00Z', new Array(96).fill(10));
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        org.as.officer.post(`/api/v1/meters/${meter.id}/readings`, { readings }).expect(200),
      ),
    );
    expect(results.map((r) => r.body.accepted).sort()).toEqual([0, 0, 0, 96]);
    const totals = await withDb(
      async (db) =>
        (
          await db.query(
            'SELECT sum(wh)::text AS wh, sum(readings)::int AS n FROM meter_daily_rollups WHERE meter_id = $1',
            [meter.id],
          )
        ).rows[0],
    );
    expect(totals).toEqual({ wh: '960', n: 96 });
  });

  it('takes readings of several meters through the gateway form, by id or external id', async () => {
    const a = await meterIn(org, 'Europe/Berlin');
    const b = await meterIn(org, 'Asia/Seoul');
    const res = await org.as.officer
      .post('/api/v1/readings', {
        readings: [
          { meterId: a.id, start: '2026-01-17T00:00:00Z', value: 1 },
          { meterExternalId: b.externalId, start: '2026-01-17T00:00:00Z', value: 2 },
          { meterExternalId: 'nope', start: '2026-01-17T00:00:00Z', value: 3 },
          { start: '2026-01-17T00:00:00Z', value: 3 },
        ],
      })
      .expect(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected.map((r: { code: string }) => r.code)).toEqual([
      'UNKNOWN_METER',
      'METER_REQUIRED',
    ]);
  });

  it('lets API keys push to their meters only, and answers 404 for meters of another organization', async () => {
    const mine = await meterIn(org, 'Europe/Berlin');
    const notListed = await meterIn(org, 'Europe/Berlin');
    const key = (await org.as.admin.post('/api/v1/api-keys', { name: 'gw', meterIds: [mine.id] }).expect(201))
      .body.key;
    const push = (meterId: string) =>
      request(t.http)
        .post(`/api/v1/meters/${meterId}/readings`)
        .set('X-API-Key', key)
        .send({ readings: quarterHours('2026-01-18T00:00:00Z', [1]) });
    expect((await push(mine.id).expect(200)).body.accepted).toBe(1);
    await push(notListed.id).expect(403);
    const other = await createOrganization(t.http, 'PushOther');
    const theirs = await meterIn(other, 'Europe/Berlin');
    await push(theirs.id).expect(404);
    await other.as.officer
      .post(`/api/v1/meters/${mine.id}/readings`, { readings: quarterHours('2026-01-18T00:00:00Z', [1]) })
      .expect(404);
    const gateway = await other.as.officer.post('/api/v1/readings', {
      readings: [{ meterId: mine.id, start: '2026-01-18T00:15:00Z', value: 1 }],
    });
    expectError(gateway, 422, 'READINGS_REJECTED');
    expect(gateway.body.details[0]).toMatchObject({ path: 'readings.0', code: 'UNKNOWN_METER' });
    const [entry] = await auditEntries(org, `&entityId=${mine.id}&action=ingest`);
    expect(entry).toMatchObject({ actorType: 'api_key' });
  });

  it('refuses auditors and executives, and malformed envelopes', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const url = `/api/v1/meters/${meter.id}/readings`;
    await org.as.auditor.post(url, { readings: [] }).expect(403);
    await org.as.executive.post(url, { readings: [] }).expect(403);
    expectError(await org.as.officer.post(url, { readings: 'x' }), 400, 'VALIDATION_FAILED', 'readings');
    expectError(
      await org.as.officer.post(url, { readings: [], extra: 1 }),
      400,
      'VALIDATION_FAILED',
      'extra',
    );
    expectError(
      await org.as.officer.post(`${url}?mode=merge`, { readings: [] }),
      400,
      'VALIDATION_FAILED',
      'mode',
    );
    expectError(
      await org.as.officer.post('/api/v1/meters/nope/readings', { readings: [] }),
      400,
      'VALIDATION_FAILED',
      'params.meterId',
    );
  });

  it('answers 409 PERIOD_LOCKED for readings in a finalized reporting year', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    await finalizeYear(org.as.admin, 2024);
    // Years are read in the site's local dates (Europe/Berlin), as its rollups are kept: 2024 ends at
    // 2024-12-31T23:00Z there, although the organization's own zone (Asia/Seoul) is already in 2025.
    const res = await org.as.officer
      .post(`/api/v1/meters/${meter.id}/readings`, {
        readings: [
          { start: '2024-06-01T00:00:00Z', value: 1 },
          { start: '2024-12-31T22:45:00Z', value: 1 },
          { start: '2024-12-31T23:00:00Z', value: 1 },
        ],
      })
      .expect(200);
    expect(res.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [0, 'PERIOD_LOCKED'],
      [1, 'PERIOD_LOCKED'],
    ]);
    expect(res.body.accepted).toBe(1);
    const allLocked = await org.as.officer
      .post(`/api/v1/meters/${meter.id}/readings`, {
        readings: [{ start: '2024-03-01T00:00:00Z', value: 1 }],
      })
      .expect(409);
    expectError(allLocked, 409, 'PERIOD_LOCKED');
  });

  it('answers 422 READINGS_REJECTED when no reading of a push could be stored, with each problem, and writes nothing', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const url = `/api/v1/meters/${meter.id}/readings`;
    const bad = [
      { start: '2026-01-19T00:00:00Z', value: -1 },
      { start: '2026-01-19T00:07:00Z', value: 1 },
      { start: '2026-01-19T00:30:00Z', value: 1, unit: 'GWh' },
    ];
    const audit = (await auditEntries(org)).length;
    for (const query of ['', '?dryRun=true', '?mode=upsert']) {
      const res = await org.as.officer.post(`${url}${query}`, { readings: bad });
      expectError(res, 422, 'READINGS_REJECTED');
      expect(res.body.message).toBe('All 3 readings were refused; nothing was written');
      expect(res.body.details.map((d: { path: string; code: string }) => [d.path, d.code])).toEqual([
        ['readings.0', 'NEGATIVE_VALUE'],
        ['readings.1', 'OFF_GRID'],
        ['readings.2', 'INVALID_UNIT'],
      ]);
    }
    // The gateway form too; with an Idempotency-Key, the refusal is not kept: a retry is decided again.
    const gateway = () =>
      org.as.officer
        .post('/api/v1/readings', { readings: bad.map((r) => ({ meterId: meter.id, ...r })) })
        .set('Idempotency-Key', `refused-${meter.id}`);
    expectError(await gateway(), 422, 'READINGS_REJECTED');
    const again = await gateway();
    expectError(again, 422, 'READINGS_REJECTED');
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await auditEntries(org)).toHaveLength(audit);
    const stored = await withDb(
      async (db) =>
        (
          await db.query(
            `SELECT (SELECT count(*)::int FROM readings WHERE meter_id = $1) AS readings,
                    (SELECT count(*)::int FROM meter_daily_rollups WHERE meter_id = $1) AS rollups,
                    (SELECT count(*)::int FROM idempotency_keys WHERE key = $2) AS keys`,
            [meter.id, `refused-${meter.id}`],
          )
        ).rows[0],
    );
    expect(stored).toEqual({ readings: 0, rollups: 0, keys: 0 });
    // One valid reading among them: 200, the others listed; a duplicate alone is not a refusal either.
    const mixed = await org.as.officer
      .post(url, { readings: [...bad, { start: '2026-01-19T01:00:00Z', value: 5 }] })
      .expect(200);
    expect(mixed.body).toMatchObject({ accepted: 1, rejectedTotal: 3 });
    const duplicate = await org.as.officer
      .post(url, { readings: [{ start: '2026-01-19T01:00:00Z', value: 5 }, bad[0]] })
      .expect(200);
    expect(duplicate.body).toMatchObject({ accepted: 0, duplicates: 1, rejectedTotal: 1 });
    // An empty push refuses nothing.
    expect((await org.as.officer.post(url, { readings: [] }).expect(200)).body).toMatchObject({
      accepted: 0,
    });
  });
});

describe('meters and sites with readings', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Guards');
  });
  afterAll(() => t.close());

  it("keeps a meter's kind, interval, direction and zone, and the meter itself, once readings exist", async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const url = `/api/v1/meters/${meter.id}`;
    await org.as.officer.patch(url, { direction: 'generation' }).expect(200); // no readings yet: allowed
    await org.as.officer.patch(url, { direction: 'import' }).expect(200);
    await org.as.officer
      .post(`${url}/readings`, { readings: quarterHours('2026-02-01T00:00:00Z', [1]) })
      .expect(200);
    for (const change of [{ direction: 'export' }, { intervalMinutes: 60 }, { kind: 'register' }]) {
      expectError(await org.as.officer.patch(url, change), 409, 'METER_HAS_READINGS');
    }
    await org.as.officer.patch(url, { name: 'Renamed main meter' }).expect(200);
    const seoul = (
      await org.as.officer
        .post('/api/v1/sites', { name: 'Seoul plant', country: 'KR', timeZone: 'Asia/Seoul' })
        .expect(201)
    ).body.id;
    expectError(await org.as.officer.patch(url, { siteId: seoul }), 409, 'METER_HAS_READINGS');
    expectError(await org.as.officer.delete(url), 409, 'METER_HAS_READINGS');
    expectError(
      await org.as.officer.patch(`/api/v1/sites/${meter.siteId}`, { timeZone: 'Europe/London' }),
      409,
      'SITE_HAS_READINGS',
    );
    await org.as.officer.patch(`/api/v1/sites/${meter.siteId}`, { address: 'Hafenstraße 2' }).expect(200);
  });
});

describe('daily readings on DST days (C-2)', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Daily');
  });
  afterAll(() => t.close());

  it('gives a daily reading from local midnight the length of its local day: 23 h, 24 h, 25 h', async () => {
    const meter = await meterIn(org, 'Europe/Berlin', { intervalMinutes: 1440 });
    const days = [
      '2026-03-28T00:00:00+01:00',
      '2026-03-29T00:00:00+01:00',
      '2026-03-30T00:00:00+02:00',
      '2026-10-25T00:00:00+02:00',
      '2026-10-26T00:00:00+01:00',
    ];
    const res = await org.as.officer
      .post(`/api/v1/meters/${meter.id}/readings`, {
        readings: days.map((start) => ({ start, value: 1000 })),
      })
      .expect(200);
    expect(res.body).toMatchObject({ accepted: 5, rejected: [] });
    const listed = await org.as.auditor.get(`/api/v1/meters/${meter.id}/readings`).expect(200);
    expect(listed.body.items.map((r: { durationMinutes: number }) => r.durationMinutes)).toEqual([
      1440, 1380, 1440, 1500, 1440,
    ]);
  });
});
