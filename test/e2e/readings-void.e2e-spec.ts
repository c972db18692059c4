import { finalizeYear } from '../support/reports';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { expectError } from '../support/assertions';
import { meterIn, quarterHours, rollupsMatchReadings, withDb } from '../support/readings';
import {
  auditEntries,
  createOrganization,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

/**
 * Voiding readings stored in error (DELETE /meters/{id}/readings): they leave the readings and the rollups
 * (invariant 2), stay in their revision history and in one audit entry, and respect finalized years
 * (invariant 7). A refused request writes nothing.
 */

/** Everything a void can change for an organization. */
async function footprint(organizationId: string) {
  return withDb(async (db) => {
    const one = async (sql: string) => (await db.query(sql, [organizationId])).rows[0];
    return {
      readings: await one(
        'SELECT count(*)::int AS n, coalesce(sum(value_wh), 0)::text AS wh FROM readings WHERE organization_id = $1',
      ),
      rollups: await one(
        `SELECT count(*)::int AS n, coalesce(sum(wh), 0)::text AS wh, coalesce(sum(readings), 0)::int AS readings
         FROM meter_daily_rollups WHERE organization_id = $1`,
      ),
      revisions: await one('SELECT count(*)::int AS n FROM reading_revisions WHERE organization_id = $1'),
      audit: await one('SELECT count(*)::int AS n FROM audit_log WHERE organization_id = $1'),
    };
  });
}

const voidUrl = (meterId: string, query: Record<string, string>) =>
  `/api/v1/meters/${meterId}/readings?${new URLSearchParams(query)}`;

/** 96 quarter-hours of a Berlin winter day (local midnight is 23:00 UTC the day before). */
const berlinDay = (date: string, values: (i: number) => number, extra: Record<string, unknown> = {}) =>
  quarterHours(
    new Date(Date.parse(`${date}T00:00:00+01:00`)).toISOString(),
    Array.from({ length: 96 }, (_, i) => values(i)),
    extra,
  );

describe('voiding readings stored in error', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Void');
    other = await createOrganization(t.http, 'VoidOther');
  });
  afterAll(() => t.close());

  it('voids the readings of local dates: they leave readings and rollups, and stay in their history and one audit entry', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const url = `/api/v1/meters/${meter.id}/readings`;
    await org.as.officer
      .post(url, { readings: berlinDay('2026-02-10', (i) => 10 + i, { quality: 'ESTIMATED' }) })
      .expect(200);
    await org.as.officer.post(url, { readings: berlinDay('2026-02-11', () => 7) }).expect(200);
    const audit = (await auditEntries(org)).length;

    const res = await org.as.officer
      .delete(
        voidUrl(meter.id, {
          from: '2026-02-10',
          to: '2026-02-11',
          reason: 'Wrong meter: M-7 was wired here',
        }),
      )
      .expect(200);
    const wh = String(Array.from({ length: 96 }, (_, i) => 10 + i).reduce((a, b) => a + b, 0));
    expect(res.body).toEqual({
      meterId: meter.id,
      from: '2026-02-09T23:00:00.000Z',
      to: '2026-02-10T23:00:00.000Z',
      reason: 'Wrong meter: M-7 was wired here',
      voided: 96,
      voidedWh: wh,
      days: 1,
    });

    // Readings and rollups: the day is gone, the next one untouched; rollups equal the readings' sums.
    expect((await rollupsMatchReadings(meter.id)).mismatches).toEqual([]);
    const days = await org.as.auditor
      .get(`/api/v1/consumption?granularity=day&from=2026-02-10&to=2026-02-12&meterId=${meter.id}`)
      .expect(200);
    expect(days.body.series.map((b: { period: string; readings: number }) => [b.period, b.readings])).toEqual(
      [['2026-02-11', 96]],
    );
    expect((await org.as.auditor.get(`${url}?from=2026-02-10&to=2026-02-11`).expect(200)).body.total).toBe(0);

    // Each voided reading is in its history: reason void, no new value, who, when, which request, why.
    const history = await withDb(
      async (db) =>
        (
          await db.query(
            `SELECT revision, old_value_wh, new_value_wh, old_quality, new_quality, reason, void_reason, actor_type,
                    actor_id, request_id FROM reading_revisions WHERE meter_id = $1 ORDER BY interval_start`,
            [meter.id],
          )
        ).rows,
    );
    expect(history).toHaveLength(96);
    expect(history[0]).toEqual({
      revision: 1,
      old_value_wh: '10',
      new_value_wh: null,
      old_quality: 8,
      new_quality: null,
      reason: 'void',
      void_reason: 'Wrong meter: M-7 was wired here',
      actor_type: 'user',
      actor_id: org.userIds.officer,
      request_id: res.headers['x-request-id'],
    });

    // An auditor reads the same history through the API, voided readings included.
    const revisions = await org.as.auditor
      .get(`${url}/revisions?from=2026-02-10&to=2026-02-12&reason=void&limit=100`)
      .expect(200);
    expect(revisions.body.total).toBe(96);
    expect(revisions.body.items[0]).toEqual({
      start: '2026-02-09T23:00:00.000Z',
      revision: 1,
      oldValueWh: '10',
      newValueWh: null,
      oldQuality: 8,
      newQuality: null,
      reason: 'void',
      voidReason: 'Wrong meter: M-7 was wired here',
      changedAt: expect.any(String),
      actorType: 'user',
      actorId: org.userIds.officer,
      actorLabel: expect.any(String),
      requestId: res.headers['x-request-id'],
    });
    expect(
      (await org.as.auditor.get(`${url}/revisions?from=2026-02-11&to=2026-02-12`).expect(200)).body.total,
    ).toBe(0);
    expectError(await org.as.auditor.get(`${url}/revisions?reason=erase`), 400, 'VALIDATION_FAILED');
    expectError(await other.as.admin.get(`${url}/revisions`), 404, 'NOT_FOUND');
    // The audit log is filtered by the void action too.
    expect((await auditEntries(org, `&entityId=${meter.id}&action=void`)).map((e) => e.action)).toEqual([
      'void',
    ]);

    // One audit entry with the counts, the range and the reason.
    const entries = (await auditEntries(org)).slice(audit);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'void',
      entityType: 'readings',
      entityId: meter.id,
      actorId: org.userIds.officer,
      after: {
        voided: 96,
        voidedWh: wh,
        from: '2026-02-09T23:00:00.000Z',
        to: '2026-02-10T23:00:00.000Z',
        reason: 'Wrong meter: M-7 was wired here',
        firstStart: '2026-02-09T23:00:00.000Z',
        lastEnd: '2026-02-10T23:00:00.000Z',
      },
    });
    await org.as.auditor.get('/api/v1/audit-log/verify').expect(200);

    // Voiding it again finds nothing: 200, nothing written, no audit entry.
    const before = await footprint(org.id);
    const again = await org.as.admin
      .delete(voidUrl(meter.id, { from: '2026-02-10', to: '2026-02-11', reason: 'again' }))
      .expect(200);
    expect(again.body).toMatchObject({ voided: 0, voidedWh: '0', days: 0 });
    expect(await footprint(org.id)).toEqual(before);
  });

  it('voids by instants within a day: the day’s rollup is lowered, its estimates too', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    await org.as.officer
      .post(`/api/v1/meters/${meter.id}/readings`, {
        readings: [
          { start: '2026-02-12T00:00:00Z', value: 100, quality: 0 },
          { start: '2026-02-12T00:15:00Z', value: 200, quality: 8 },
          { start: '2026-02-12T00:30:00Z', value: 300, quality: 0 },
          { start: '2026-02-12T00:45:00Z', value: 400, quality: 9 },
        ],
      })
      .expect(200);
    const res = await org.as.officer
      .delete(
        voidUrl(meter.id, {
          from: '2026-02-12T01:15:00+01:00',
          to: '2026-02-12T00:45:00Z',
          reason: 'misaligned by the gateway',
        }),
      )
      .expect(200);
    expect(res.body).toMatchObject({ voided: 2, voidedWh: '500', days: 1 });
    const [rollup] = await withDb(
      async (db) =>
        (
          await db.query(
            'SELECT wh::text, readings, estimated_wh::text, estimated_readings FROM meter_daily_rollups WHERE meter_id = $1',
            [meter.id],
          )
        ).rows,
    );
    expect(rollup).toEqual({ wh: '500', readings: 2, estimated_wh: '400', estimated_readings: 1 });
    expect((await rollupsMatchReadings(meter.id)).mismatches).toEqual([]);
  });

  it('takes a reading again after a void, continuing its revision history', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const url = `/api/v1/meters/${meter.id}/readings`;
    const at = (value: number) => ({ readings: [{ start: '2026-02-13T10:00:00Z', value }] });
    await org.as.officer.post(url, at(100)).expect(200);
    expect((await org.as.officer.post(`${url}?mode=upsert`, at(150)).expect(200)).body.corrected).toBe(1);
    await org.as.officer
      .delete(voidUrl(meter.id, { from: '2026-02-13', to: '2026-02-14', reason: 'belongs to M-8' }))
      .expect(200);
    // The interval is free again: a new reading is new, and later corrections go on from the history.
    expect((await org.as.officer.post(url, at(120)).expect(200)).body.accepted).toBe(1);
    expect((await org.as.officer.post(`${url}?mode=upsert`, at(130)).expect(200)).body.corrected).toBe(1);
    const listed = await org.as.auditor.get(`${url}?from=2026-02-13&to=2026-02-14`).expect(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ valueWh: '130', revision: 3 });
    expect(
      listed.body.items[0].revisions.map((r: Record<string, unknown>) => [
        r.revision,
        r.reason,
        r.oldValueWh,
        r.newValueWh,
        r.voidReason,
      ]),
    ).toEqual([
      [1, 'upsert', '100', '150', null],
      [2, 'void', '150', null, 'belongs to M-8'],
      [3, 'upsert', '120', '130', null],
    ]);
    expect((await rollupsMatchReadings(meter.id)).mismatches).toEqual([]);
  });

  it('refuses a register meter: its consumption is derived from reads kept as read', async () => {
    const register = await meterIn(org, 'Europe/Berlin', { kind: 'register', intervalMinutes: undefined });
    await org.as.officer
      .post(`/api/v1/meters/${register.id}/readings`, {
        readings: [
          { at: '2026-02-01T00:00:00Z', value: 100 },
          { at: '2026-02-02T00:00:00Z', value: 150 },
        ],
      })
      .expect(200);
    const before = await footprint(org.id);
    const res = await org.as.officer.delete(
      voidUrl(register.id, { from: '2026-01-01', to: '2026-03-01', reason: 'wrong' }),
    );
    expectError(res, 422, 'METER_KIND_MISMATCH');
    expect(res.body.message).toContain('register-resets');
    expect(await footprint(org.id)).toEqual(before);
  });

  it('is documented in the OpenAPI document with its query', async () => {
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body;
    const route = doc.paths['/api/v1/meters/{meterId}/readings'];
    const query = (method: string) =>
      route[method].parameters
        .filter((p: { in: string }) => p.in === 'query')
        .map((p: { name: string; required?: boolean }) => [p.name, p.required ?? false]);
    expect(query('delete')).toEqual(
      expect.arrayContaining([
        ['from', true],
        ['to', true],
        ['reason', true],
      ]),
    );
    expect(query('get')).toEqual(expect.arrayContaining([['from', false]]));
  });

  it('answers 400 for malformed input and 422 for a reversed period, writing nothing', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    await org.as.officer
      .post(`/api/v1/meters/${meter.id}/readings`, { readings: berlinDay('2026-02-14', () => 1) })
      .expect(200);
    const ok = { from: '2026-02-14', to: '2026-02-15', reason: 'wrong meter' };
    const before = await footprint(org.id);
    const base = `/api/v1/meters/${meter.id}/readings`;
    const cases: [string, string][] = [
      [`${base}?from=2026-02-14&to=2026-02-15`, 'reason'],
      [voidUrl(meter.id, { ...ok, reason: '' }), 'reason'],
      [voidUrl(meter.id, { ...ok, reason: '   ' }), 'reason'],
      [voidUrl(meter.id, { ...ok, reason: 'x'.repeat(1001) }), 'reason'],
      [`${voidUrl(meter.id, ok)}&reason=twice`, 'reason'],
      [`${base}?to=2026-02-15&reason=x`, 'from'],
      [`${base}?from=2026-02-14&reason=x`, 'to'],
      [voidUrl(meter.id, { ...ok, from: '2026-02-30' }), 'from'],
      [voidUrl(meter.id, { ...ok, from: '2026-13-01' }), 'from'],
      [voidUrl(meter.id, { ...ok, from: '0000-01-01' }), 'from'],
      [voidUrl(meter.id, { ...ok, from: '10000-01-01' }), 'from'],
      [voidUrl(meter.id, { ...ok, from: 'yesterday' }), 'from'],
      [voidUrl(meter.id, { ...ok, from: '2026-02-14T00:00:00' }), 'from'],
      [voidUrl(meter.id, { ...ok, to: '2026-02-15T00:00:00+15:00' }), 'to'],
      [voidUrl(meter.id, { ...ok, to: '1771113600000' }), 'to'],
      [`${voidUrl(meter.id, ok)}&force=true`, 'force'],
      [voidUrl('not-a-uuid', ok), 'params.meterId'],
    ];
    for (const [url, path] of cases) {
      const res = await org.as.officer.delete(url);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expectError(res, 400, 'VALIDATION_FAILED', path);
    }
    for (const reversed of [
      { ...ok, from: '2026-02-15', to: '2026-02-14' },
      { ...ok, from: '2026-02-14', to: '2026-02-14' },
      { ...ok, from: '2026-02-14', to: '2026-02-13T23:00:00Z' }, // local midnight is 23:00 UTC the day before
    ]) {
      expectError(await org.as.officer.delete(voidUrl(meter.id, reversed)), 422, 'PERIOD_REVERSED', 'to');
    }
    expect(await footprint(org.id)).toEqual(before);
  });

  it('answers 404 for another organization’s meter, and 403 to auditors, executives and API keys, writing nothing', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    await org.as.officer
      .post(`/api/v1/meters/${meter.id}/readings`, { readings: berlinDay('2026-02-16', () => 1) })
      .expect(200);
    const url = voidUrl(meter.id, { from: '2026-02-16', to: '2026-02-17', reason: 'not ours' });
    const key = (
      await org.as.admin.post('/api/v1/api-keys', { name: 'gw-void', meterIds: [meter.id] }).expect(201)
    ).body.key;
    const before = await footprint(org.id);
    const theirsBefore = await footprint(other.id);
    expectError(await other.as.officer.delete(url), 404, 'NOT_FOUND');
    expectError(await other.as.admin.delete(url), 404, 'NOT_FOUND');
    expectError(
      await org.as.officer.delete(
        voidUrl(randomUUID(), { from: '2026-02-16', to: '2026-02-17', reason: 'x' }),
      ),
      404,
      'NOT_FOUND',
    );
    expectError(await org.as.auditor.delete(url), 403, 'FORBIDDEN');
    expectError(await org.as.executive.delete(url), 403, 'FORBIDDEN');
    expectError(await request(t.http).delete(url).set('X-API-Key', key), 403, 'FORBIDDEN');
    // Nor may a (stolen) gateway key read the meter's revision history.
    expectError(
      await request(t.http).get(`/api/v1/meters/${meter.id}/readings/revisions`).set('X-API-Key', key),
      403,
      'FORBIDDEN',
    );
    expect(await footprint(org.id)).toEqual(before);
    expect(await footprint(other.id)).toEqual(theirsBefore);
    // The admin may.
    expect((await org.as.admin.delete(url).expect(200)).body.voided).toBe(96);
  });

  it('lists readings by local dates in the site’s zone or by instants, as /consumption reads dates', async () => {
    const meter = await meterIn(org, 'America/New_York');
    // 2026-03-08 in New York: 23 hours (clocks spring forward), from 05:00 UTC to 04:00 UTC the next day.
    await org.as.officer
      .post(`/api/v1/meters/${meter.id}/readings`, {
        readings: quarterHours('2026-03-08T00:00:00Z', new Array(4 * 34).fill(5)),
      })
      .expect(200);
    const list = async (from: string, to: string) =>
      (
        await org.as.auditor
          .get(`/api/v1/meters/${meter.id}/readings?${new URLSearchParams({ from, to, limit: '500' })}`)
          .expect(200)
      ).body;
    const byDate = await list('2026-03-08', '2026-03-09');
    const day = await org.as.auditor
      .get(`/api/v1/consumption?granularity=day&from=2026-03-08&to=2026-03-09&meterId=${meter.id}`)
      .expect(200);
    expect(byDate.total).toBe(92);
    expect(day.body.totals.readings).toBe(byDate.total);
    expect(byDate.items[0].start).toBe('2026-03-08T05:00:00.000Z');
    expect(byDate.items.at(-1).start).toBe('2026-03-09T03:45:00.000Z');
    // The same period as instants, or mixed.
    expect((await list('2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00')).total).toBe(92);
    expect((await list('2026-03-08', '2026-03-09T04:00:00Z')).total).toBe(92);
    // Malformed bounds 400, a reversed period 422 (as /consumption), another organization's meter 404.
    const get = (query: string) => org.as.auditor.get(`/api/v1/meters/${meter.id}/readings?${query}`);
    expectError(await get('from=2026-03-32'), 400, 'VALIDATION_FAILED', 'from');
    expectError(await get('to=2026-03-08T00:00'), 400, 'VALIDATION_FAILED', 'to');
    expectError(await get('from=2026-03-09&to=2026-03-08'), 422, 'PERIOD_REVERSED', 'to');
    expectError(
      await org.as.auditor.get('/api/v1/consumption?granularity=day&from=2026-03-09&to=2026-03-08'),
      422,
      'PERIOD_REVERSED',
      'to',
    );
    expectError(
      await other.as.auditor.get(`/api/v1/meters/${meter.id}/readings?from=2026-03-08`),
      404,
      'NOT_FOUND',
    );
  });
});

describe('voiding in a finalized year (invariant 7)', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'VoidLocked');
  });
  afterAll(() => t.close());

  it('answers 409 PERIOD_LOCKED when a voided reading falls in a finalized year, and writes nothing', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const url = `/api/v1/meters/${meter.id}/readings`;
    // 3 June 2024 in Berlin (summer time): from 22:00 UTC on 2 June.
    await org.as.officer
      .post(url, { readings: quarterHours('2024-06-02T22:00:00Z', new Array(96).fill(2)) })
      .expect(200);
    // 31 December 2024, 23:30 in Berlin (22:30 UTC): still 2024 there.
    await org.as.officer
      .post(url, { readings: quarterHours('2024-12-31T22:30:00Z', [3, 3, 3, 3]) })
      .expect(200);
    await finalizeYear(org.as.admin, 2024);
    const before = await footprint(org.id);
    for (const [from, to] of [
      ['2024-06-03', '2024-06-04'],
      ['2024-01-01', '2026-01-01'],
      ['2024-12-31T22:30:00Z', '2025-01-01T00:00:00Z'],
    ]) {
      expectError(
        await org.as.officer.delete(voidUrl(meter.id, { from, to, reason: 'late fix' })),
        409,
        'PERIOD_LOCKED',
      );
    }
    expect(await footprint(org.id)).toEqual(before);
    // The readings of 2025 (local: from 23:00 UTC on 31 December) go; the year's lock is the site's dates.
    const res = await org.as.officer
      .delete(voidUrl(meter.id, { from: '2025-01-01', to: '2025-01-02', reason: 'misaligned' }))
      .expect(200);
    expect(res.body).toMatchObject({ voided: 2, voidedWh: '6' });
    // Reopened, the year can be put right.
    await org.as.admin
      .post('/api/v1/reporting-periods/2024/reopen', { reason: 'Meter M-1 was wired to the wrong feeder' })
      .expect(200);
    expect(
      (
        await org.as.officer
          .delete(voidUrl(meter.id, { from: '2024-06-03', to: '2024-06-04', reason: 'wrong feeder' }))
          .expect(200)
      ).body.voided,
    ).toBe(96);
    expect((await rollupsMatchReadings(meter.id)).mismatches).toEqual([]);
  });
});

describe('a meter with readings is never deleted, without a foreign key from readings', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'VoidMeters');
  });
  afterAll(() => t.close());

  /** A transaction of the schema's owner, beside the service's (another writer, or a deletion in flight). */
  async function ownerTransaction(): Promise<Client> {
    const db = new Client({ connectionString: process.env.TEST_DATABASE_OWNER_URL });
    await db.connect();
    await db.query('BEGIN');
    return db;
  }
  const settled = async (promise: Promise<unknown>, ms: number) =>
    Promise.race([promise.then(() => true), new Promise((r) => setTimeout(() => r(false), ms))]);

  it('a deletion waits for a writer of the meter, then finds its readings (409 METER_HAS_READINGS)', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const writer = await ownerTransaction();
    try {
      // A writer of the meter holds its lock (as ingestion does) and has not committed yet.
      await writer.query('SELECT pg_advisory_xact_lock(7301004, hashtext($1))', [meter.id]);
      const deletion = org.as.officer.delete(`/api/v1/meters/${meter.id}`).then((r) => r);
      expect(await settled(deletion, 500)).toBe(false);
      await writer.query(
        `INSERT INTO readings (organization_id, meter_id, interval_start, duration_s, value_wh, quality, source)
         VALUES ($1, $2, '2026-02-20T00:00:00Z', 900, 5, 0, 'api')`,
        [org.id, meter.id],
      );
      await writer.query(`INSERT INTO meter_daily_rollups VALUES ($1, $2, '2026-02-20', 5, 1, 0, 0)`, [
        org.id,
        meter.id,
      ]);
      await writer.query('COMMIT');
      expectError(await deletion, 409, 'METER_HAS_READINGS');
    } finally {
      await writer.end();
    }
    await org.as.officer.get(`/api/v1/meters/${meter.id}`).expect(200);
  });

  it('a push waits for a deletion in flight, then finds the meter gone and writes nothing', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const deletion = await ownerTransaction();
    try {
      await deletion.query('SELECT 1 FROM meters WHERE id = $1 FOR UPDATE', [meter.id]);
      const push = org.as.officer
        .post(`/api/v1/meters/${meter.id}/readings`, {
          readings: quarterHours('2026-02-21T00:00:00Z', [1, 2]),
        })
        .then((r) => r);
      expect(await settled(push, 500)).toBe(false);
      await deletion.query('DELETE FROM meters WHERE id = $1', [meter.id]);
      await deletion.query('COMMIT');
      const res = await push;
      expectError(res, 422, 'READINGS_REJECTED');
      expect(res.body.details.map((d: { code: string }) => d.code)).toEqual([
        'UNKNOWN_METER',
        'UNKNOWN_METER',
      ]);
    } finally {
      await deletion.end();
    }
    const orphans = await withDb(
      async (db) =>
        (await db.query('SELECT count(*)::int AS n FROM readings WHERE meter_id = $1', [meter.id])).rows[0].n,
    );
    expect(orphans).toBe(0);
  });

  it('pushes and deletions at the same time never leave readings without their meter', async () => {
    for (let round = 0; round < 8; round++) {
      const meter = await meterIn(org, 'Europe/Berlin');
      const [push, deletion] = await Promise.all([
        org.as.officer.post(`/api/v1/meters/${meter.id}/readings`, {
          readings: quarterHours('2026-02-22T00:00:00Z', new Array(500).fill(3)),
        }),
        new Promise((r) => setTimeout(r, round * 3)).then(() =>
          org.as.officer.delete(`/api/v1/meters/${meter.id}`),
        ),
      ]);
      const state = await withDb(
        async (db) =>
          (
            await db.query(
              `SELECT (SELECT count(*)::int FROM readings WHERE meter_id = $1) AS readings,
                      (SELECT count(*)::int FROM meters WHERE id = $1) AS meters`,
              [meter.id],
            )
          ).rows[0],
      );
      if (deletion.status === 204) {
        // The deletion went first: the push found no meter (404 before its transaction, or none under its lock).
        expect([404, 422]).toContain(push.status);
        expect(state).toEqual({ readings: 0, meters: 0 });
      } else {
        expect({ push: push.status, deletion: deletion.status, code: deletion.body.code }).toEqual({
          push: 200,
          deletion: 409,
          code: 'METER_HAS_READINGS',
        });
        expect(state).toEqual({ readings: 500, meters: 1 });
      }
    }
  });

  it('keeps the schema honest: readings have no foreign key to meters, voids and corrections are told apart', async () => {
    await withDb(async (db) => {
      const keys = (
        await db.query(
          `SELECT conrelid::regclass::text AS t FROM pg_constraint
           WHERE contype = 'f' AND confrelid = 'meters'::regclass AND conparentid = 0 ORDER BY 1`,
        )
      ).rows.map((r) => r.t);
      expect(keys).not.toContain('readings');
      expect(keys).toEqual(
        expect.arrayContaining(['meter_daily_rollups', 'reading_revisions', 'register_readings']),
      );

      const meter = await meterIn(org, 'Europe/Berlin');
      const insert = (values: string) =>
        db.query(
          `INSERT INTO reading_revisions (organization_id, meter_id, interval_start, revision, old_value_wh, new_value_wh,
             old_quality, new_quality, reason, void_reason, changed_at, actor_type, actor_label)
           VALUES ($1, $2, '2026-02-23T00:00:00Z', 1, 5, ${values}, now(), 'user', 'test')`,
          [org.id, meter.id],
        );
      for (const bad of [
        `7, 0, 0, 'void', 'why'`, // a void with a new value
        `NULL, 0, 0, 'void', 'why'`, // a void with a new quality
        `NULL, 0, NULL, 'void', NULL`, // a void without a reason
        `NULL, 0, NULL, 'void', '   '`, // a void with a blank reason
        `NULL, 0, 0, 'upsert', NULL`, // a correction without a new value
        `7, 0, 0, 'upsert', 'why'`, // a correction with a void reason
        `7, 0, 0, 'deleted', NULL`, // an unknown reason
      ]) {
        await expect(insert(bad)).rejects.toThrow(/check constraint/);
      }
    });
  });
});
