import { finalizeYear } from '../support/reports';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Role } from '../../src/auth/principal';
import { rowsSha256 } from '../../src/emissions/factor-sets.service';
import { DEFAULT_FACTOR_ROWS, DEFAULT_FACTOR_SET_UUID } from '../../src/emissions/reference/default-factors';
import { CURRENT_DEFAULT_FACTOR_SET_UUID } from '../../src/emissions/reference/current-default-factors';
import { errorCodes, errorPaths, expectError } from '../support/assertions';
import { withDb } from '../support/readings';
import {
  auditEntries,
  createOrganization,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'emission-factors');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const SETS = '/api/v1/emission-factor-sets';

/** A valid JSON factor row (fictional values), overridable field by field. */
const row = (overrides: Record<string, unknown> = {}) => ({
  id: `TEST-${randomUUID().slice(0, 8)}`,
  source: 'Test fixture (fictional)',
  edition: 't1',
  dataYear: 2025,
  region: 'DE',
  kind: 'LOCATION',
  value: '380',
  unit: 'gCO2e/kWh',
  gas: 'CO2e',
  ...overrides,
});

describe('emission factor sets (C-4): loading, listing, choosing per year', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  /** The organization's own sets, as listed. */
  const ownSets = async (o: TestOrganization) =>
    (await o.as.auditor.get(`${SETS}?limit=500`).expect(200)).body.items.filter(
      (s: { scope: string }) => s.scope === 'organization',
    );
  const factorSetAudits = async (o: TestOrganization) =>
    (await auditEntries(o)).filter((e) => String(e.entityType).startsWith('emission_factor'));

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Factors');
    other = await createOrganization(t.http, 'Factors other');
  });
  afterAll(() => t.close());

  it('ships the domain §8 defaults as a read-only reference set every organization sees', async () => {
    const list = await org.as.executive.get(SETS).expect(200);
    const defaults = list.body.items.find((s: { id: string }) => s.id === DEFAULT_FACTOR_SET_UUID);
    expect(defaults).toMatchObject({
      scope: 'reference',
      name: 'RE100-LEDGER-DEFAULTS',
      version: '2025-12',
      sourceFormat: null,
      rowCount: DEFAULT_FACTOR_ROWS.length,
    });
    const one = await other.as.auditor.get(`${SETS}/${DEFAULT_FACTOR_SET_UUID}`).expect(200);
    // The seeded rows are the module's rows, digit for digit (one source of truth).
    expect(one.body.rowsSha256).toBe(rowsSha256(DEFAULT_FACTOR_ROWS));
    const kr = await org.as.auditor.get(`${SETS}/${DEFAULT_FACTOR_SET_UUID}/factors?region=KR`).expect(200);
    expect(
      kr.body.items.map((f: { id: string; value: string; kgPerMwh: string }) => [f.id, f.value, f.kgPerMwh]),
    ).toEqual([
      ['KR-GIR-2020-2022-average-national', '0.4541', '454.1'],
      ['KR-GIR-2023-consumption-national', '0.4173', '417.3'],
      ['KR-GIR-default-2021-national', '0.4781', '478.1'],
    ]);
    // Published digits are kept (599.170, not 599.17); 599.170 lb × 0.45359237 kg/lb = 271.7789403329 kg.
    const rfce = await org.as.auditor
      .get(`${SETS}/${DEFAULT_FACTOR_SET_UUID}/factors?region=US-RFCE`)
      .expect(200);
    expect(rfce.body).toMatchObject({
      total: 1,
      items: [{ value: '599.170', unit: 'lbCO2e/MWh', kgPerMwh: '271.7789403329', verified: false }],
    });
    const residual = await org.as.auditor
      .get(`${SETS}/${DEFAULT_FACTOR_SET_UUID}/factors?kind=RESIDUAL_MIX&limit=2&offset=1`)
      .expect(200);
    expect(residual.body).toMatchObject({ total: 26, limit: 2, offset: 1 });
    expect(residual.body.items.map((f: { id: string }) => f.id)).toEqual([
      'AIB-ERM-2023-BG',
      'AIB-ERM-2023-CY',
    ]);
  });

  it('loads a CSV set, audited, and gives its rows back exactly', async () => {
    const csv = fixture('ok/test-grid-2025.csv');
    const res = await org.as.admin
      .post(SETS, { name: 'Test grid factors', version: '2025', description: 'fictional', csv })
      .expect(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      scope: 'organization',
      name: 'Test grid factors',
      version: '2025',
      sourceFormat: 'csv',
      rowCount: 4,
      createdBy: org.userIds.admin,
    });
    const factors = await org.as.auditor.get(`${SETS}/${res.body.id}/factors`).expect(200);
    expect(factors.body.items).toEqual([
      expect.objectContaining({
        id: 'DE-TEST-2025-LOCATION',
        value: '380',
        kgPerMwh: '380',
        note: 'Grid average, "location-based"',
      }),
      expect.objectContaining({
        id: 'DE-TEST-2025-RESIDUAL',
        kind: 'RESIDUAL_MIX',
        gas: 'CO2',
        kgPerMwh: '700.5',
      }),
      expect.objectContaining({
        id: 'KR-TEST-2025-LOCATION',
        value: '0.4567',
        kgPerMwh: '456.7',
        verified: false,
      }),
      expect.objectContaining({
        id: 'US-RFCE-TEST-2025',
        region: 'US-RFCE',
        kgPerMwh: '250',
        verified: true,
      }),
    ]);
    const detail = await org.as.auditor.get(`${SETS}/${res.body.id}`).expect(200);
    const [entry] = (await factorSetAudits(org)).filter((e) => e.entityId === res.body.id);
    expect(entry).toMatchObject({
      action: 'create',
      entityType: 'emission_factor_set',
      actorId: org.userIds.admin,
      after: { name: 'Test grid factors', rowCount: 4, rowsSha256: detail.body.rowsSha256 },
    });
  });

  it('loads a JSON set (officer), numbers as well as decimal strings', async () => {
    const rows = JSON.parse(fixture('ok/supplier-2025.json'));
    const res = await org.as.officer
      .post(SETS, { name: 'Supplier disclosures', version: '2025', rows })
      .expect(201);
    expect(res.body).toMatchObject({ sourceFormat: 'json', rowCount: 2, createdBy: org.userIds.officer });
    const fr = await org.as.auditor.get(`${SETS}/${res.body.id}/factors?region=FR`).expect(200);
    expect(fr.body.items).toEqual([expect.objectContaining({ value: '56.1', kgPerMwh: '56.1', note: '' })]);
  });

  it('refuses every bad row with its line, writes nothing, audits nothing', async () => {
    const setsBefore = (await ownSets(org)).length;
    const auditsBefore = (await factorSetAudits(org)).length;
    const csv = await org.as.admin
      .post(SETS, { name: 'Bad CSV', version: '1', csv: fixture('not-ok/bad-rows.csv') })
      .expect(422);
    expectError(csv, 422, 'BATCH_REJECTED');
    expect(csv.body.details.map((d: { path: string; code: string }) => [d.path, d.code])).toEqual([
      ['rows.3.unit', 'FACTOR_UNIT_INVALID'],
      ['rows.4.kind', 'FACTOR_KIND_INVALID'],
      ['rows.5.value', 'NEGATIVE_VALUE'],
      ['rows.6.value', 'INVALID_NUMBER'],
      ['rows.7.unit', 'FACTOR_UNIT_GAS_MISMATCH'],
      ['rows.8.id', 'FACTOR_ID_DUPLICATE'],
    ]);
    const json = await org.as.admin
      .post(SETS, {
        name: 'Bad JSON',
        version: '1',
        rows: [
          row(),
          row({ unit: 'tCO2e/GJ' }),
          row({ kind: 'grid' }),
          row({ value: 1e21 }),
          row({ value: '1,5' }),
          row({ colour: 'red' }),
          { id: 'NO-FIELDS' },
          'not an object',
          row({ region: 'XX' }),
          row({ dataYear: 1900 }),
          row({ id: 'FIRST-DE-2025', region: 'AT' }),
          row({ id: 'SECOND-DE-2025', region: 'AT' }),
        ],
      })
      .expect(422);
    expect(errorPaths(json)).toEqual(
      expect.arrayContaining([
        'rows.1.unit',
        'rows.2.kind',
        'rows.3.value',
        'rows.4.value',
        'rows.5.colour',
        'rows.6.source',
        'rows.7',
        'rows.8.region',
        'rows.9.dataYear',
        'rows.11',
      ]),
    );
    expect(errorCodes(json)).toEqual(
      expect.arrayContaining([
        'FACTOR_UNIT_INVALID',
        'FACTOR_KIND_INVALID',
        'INVALID_NUMBER',
        'UNKNOWN_FIELD',
        'MISSING_VALUE',
        'NOT_AN_OBJECT',
        'FACTOR_REGION_INVALID',
        'FACTOR_DATA_YEAR_INVALID',
        'FACTOR_AMBIGUOUS',
      ]),
    );
    expect(errorPaths(json)).not.toContain('rows.0');
    expect((await ownSets(org)).length).toBe(setsBefore);
    expect((await factorSetAudits(org)).length).toBe(auditsBefore);
  });

  it('loads the same CSV sent as a file, raw or multipart, with the name and version in the query', async () => {
    const file = fixture('ok/test-grid-2025.csv');
    const raw = await org.as.officer
      .raw('post', `${SETS}/csv?name=Uploaded%20grid&version=raw`)
      .set('Content-Type', 'text/csv')
      .send(file)
      .expect(201);
    expect(raw.body).toMatchObject({
      name: 'Uploaded grid',
      version: 'raw',
      sourceFormat: 'csv',
      rowCount: 4,
    });
    const multipart = await org.as.officer
      .raw('post', `${SETS}/csv?name=Uploaded%20grid&version=multipart`)
      .attach('file', Buffer.from(file), { filename: 'grid.csv', contentType: 'text/csv' })
      .expect(201);
    expect(multipart.body).toMatchObject({ version: 'multipart', rowCount: 4 });
    const before = (await ownSets(org)).length;
    expectError(
      await org.as.officer.raw('post', `${SETS}/csv?version=x`).set('Content-Type', 'text/csv').send(file),
      400,
      'VALIDATION_FAILED',
      'name',
    );
    expectError(
      await org.as.officer
        .raw('post', `${SETS}/csv?name=n&version=bad`)
        .set('Content-Type', 'text/csv')
        .send(fixture('not-ok/bad-rows.csv')),
      422,
      'BATCH_REJECTED',
      'rows.3.unit',
    );
    expectError(
      await org.as.auditor
        .raw('post', `${SETS}/csv?name=n&version=2`)
        .set('Content-Type', 'text/csv')
        .send(file),
      403,
      'FORBIDDEN',
    );
    expect((await ownSets(org)).length).toBe(before);
  });

  it('answers malformed, empty, oversized and ambiguous bodies with the error shape', async () => {
    const setsBefore = (await ownSets(org)).length;
    const raw = org.as.admin.raw('post', SETS);
    expectError(await raw.set('Content-Type', 'application/json').send('{"name": '), 400, 'MALFORMED_BODY');
    expectError(
      await org.as.admin
        .raw('post', SETS)
        .set('Content-Type', 'text/csv')
        .send(fixture('ok/test-grid-2025.csv')),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(await org.as.admin.post(SETS, {}), 400, 'VALIDATION_FAILED', 'name');
    expectError(await org.as.admin.post(SETS, { name: 'n', version: '1' }), 400, 'VALIDATION_FAILED', 'rows');
    expectError(
      await org.as.admin.post(SETS, { name: 'n', version: '1', rows: [row()], csv: 'id' }),
      400,
      'VALIDATION_FAILED',
      'rows',
    );
    expectError(
      await org.as.admin.post(SETS, { name: 'n', version: '1', rows: [] }),
      400,
      'VALIDATION_FAILED',
      'rows',
    );
    expectError(
      await org.as.admin.post(SETS, { name: 'n', version: '1', rows: row() }),
      400,
      'VALIDATION_FAILED',
      'rows',
    );
    expectError(
      await org.as.admin.post(SETS, { name: 'n', version: '1', csv: '' }),
      422,
      'MALFORMED_CSV',
      'file',
    );
    expectError(
      await org.as.admin.post(SETS, { name: 'n', version: '1', csv: 'id,colour\nA,red' }),
      422,
      'MALFORMED_CSV',
      'colour',
    );
    expectError(
      await org.as.admin.post(SETS, { name: 'n', version: '1', rows: [row()], extra: true }),
      400,
      'VALIDATION_FAILED',
      'extra',
    );
    expectError(
      await org.as.admin.post(SETS, {
        name: 'n',
        version: '1',
        rows: Array.from({ length: 5001 }, () => ({})),
      }),
      413,
      'TOO_MANY_ROWS',
    );
    expectError(
      await org.as.admin.post(SETS, { name: 'n', version: '1', csv: 'x'.repeat(1024 * 1024 + 1) }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect((await ownSets(org)).length).toBe(setsBefore);
  });

  it('refuses a second set of the same name and version, and replays an Idempotency-Key', async () => {
    const body = { name: 'Replayed', version: 'v1', rows: [row({ id: 'REPLAYED-1' })] };
    const key = `factor-set-${randomUUID()}`;
    const first = await org.as.admin.raw('post', SETS).set('Idempotency-Key', key).send(body).expect(201);
    const again = await org.as.admin.raw('post', SETS).set('Idempotency-Key', key).send(body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expectError(
      await org.as.admin
        .raw('post', SETS)
        .set('Idempotency-Key', key)
        .send({ ...body, version: 'v2' }),
      409,
      'IDEMPOTENCY_MISMATCH',
    );
    expectError(await org.as.officer.post(SETS, body), 409, 'ALREADY_EXISTS');
    expect((await ownSets(org)).filter((s: { name: string }) => s.name === 'Replayed')).toHaveLength(1);
  });

  it('lets auditors and executives read but not write', async () => {
    for (const role of ['auditor', 'executive'] as const) {
      expectError(
        await org.as[role].post(SETS, { name: 'n', version: role, rows: [row()] }),
        403,
        'FORBIDDEN',
      );
      expectError(
        await request(t.http)
          .put(`${SETS}/selection/2025`)
          .set(headers(org, role))
          .send({ factorSetId: DEFAULT_FACTOR_SET_UUID }),
        403,
        'FORBIDDEN',
      );
      await org.as[role].get(`${SETS}/selection/2025`).expect(200);
    }
  });

  it('chooses the set of a reporting year, audited, the defaults until then', async () => {
    const own = (await ownSets(org)).find((s: { name: string }) => s.name === 'Test grid factors');
    const before = await org.as.executive.get(`${SETS}/selection/2027`).expect(200);
    expect(before.body).toMatchObject({
      year: 2027,
      explicit: false,
      factorSet: { id: CURRENT_DEFAULT_FACTOR_SET_UUID, scope: 'reference' },
      selectedAt: null,
    });
    const put = (body: object) =>
      request(t.http).put(`${SETS}/selection/2027`).set(headers(org, 'officer')).send(body);
    const chosen = await put({ factorSetId: own.id }).expect(200);
    expect(chosen.body).toMatchObject({
      year: 2027,
      explicit: true,
      factorSet: { id: own.id, scope: 'organization', name: 'Test grid factors' },
      selectedBy: org.userIds.officer,
    });
    expect((await org.as.auditor.get(`${SETS}/selection/2027`).expect(200)).body.factorSet.id).toBe(own.id);
    const audits = (await factorSetAudits(org)).filter((e) => e.entityType === 'emission_factor_selection');
    expect(audits.at(-1)).toMatchObject({
      action: 'select',
      entityId: '2027',
      before: { factorSetId: CURRENT_DEFAULT_FACTOR_SET_UUID, explicit: false },
      after: { factorSetId: own.id, scope: 'organization' },
    });
    // Choosing the same set again changes nothing and writes no entry.
    await put({ factorSetId: own.id }).expect(200);
    const back = await put({ factorSetId: DEFAULT_FACTOR_SET_UUID }).expect(200);
    expect(back.body).toMatchObject({ explicit: true, factorSet: { scope: 'reference' } });
    const after = (await factorSetAudits(org)).filter((e) => e.entityType === 'emission_factor_selection');
    expect(after.length).toBe(audits.length + 1);

    expectError(await put({ factorSetId: randomUUID() }), 404, 'NOT_FOUND');
    expectError(await put({ factorSetId: 'defaults' }), 400, 'VALIDATION_FAILED', 'factorSetId');
    expectError(await put({}), 400, 'VALIDATION_FAILED', 'factorSetId');
    expectError(await org.as.auditor.get(`${SETS}/selection/1999`), 400, 'VALIDATION_FAILED', 'year');
    expectError(await org.as.auditor.get(`${SETS}/selection/next`), 400, 'VALIDATION_FAILED', 'year');
  });

  it('keeps the set of a finalized year (invariant 7: 409 PERIOD_LOCKED)', async () => {
    await finalizeYear(org.as.admin, 2021);
    // Finalizing pins the defaults the year used: a later default set will not change its figures.
    expect((await org.as.auditor.get(`${SETS}/selection/2021`).expect(200)).body).toMatchObject({
      explicit: true,
      factorSet: { id: CURRENT_DEFAULT_FACTOR_SET_UUID },
    });
    const res = await request(t.http)
      .put(`${SETS}/selection/2021`)
      .set(headers(org, 'admin'))
      .send({ factorSetId: DEFAULT_FACTOR_SET_UUID });
    expectError(res, 409, 'PERIOD_LOCKED');
  });

  it('hides one organization’s sets from another (invariant 5: 404)', async () => {
    const own = (await ownSets(org))[0];
    expectError(await other.as.admin.get(`${SETS}/${own.id}`), 404, 'NOT_FOUND');
    expectError(await other.as.admin.get(`${SETS}/${own.id}/factors`), 404, 'NOT_FOUND');
    const steal = await request(t.http)
      .put(`${SETS}/selection/2026`)
      .set(headers(other, 'admin'))
      .send({ factorSetId: own.id });
    expectError(steal, 404, 'NOT_FOUND');
    expect(await ownSets(other)).toEqual([]);
    expectError(await org.as.admin.get(`${SETS}/not-a-uuid`), 400, 'VALIDATION_FAILED');
  });

  it('never changes factor rows, and keeps reference data apart from tenant rows (C-4, design.md)', async () => {
    const own = (await ownSets(org))[0];
    await withDb(async (db) => {
      // Each attempt in a transaction that is rolled back, so shared reference rows survive a broken trigger.
      const attempt = async (sql: string, params: unknown[] = []) => {
        await db.query('BEGIN');
        try {
          await db.query(sql, params);
        } finally {
          await db.query('ROLLBACK');
        }
      };
      await expect(attempt(`UPDATE reference.emission_factors SET value = 0`)).rejects.toThrow(/immutable/);
      await expect(attempt(`DELETE FROM reference.emission_factor_sets`)).rejects.toThrow(/immutable/);
      await expect(
        attempt(`UPDATE emission_factors SET value = 0 WHERE organization_id = $1 AND factor_set_id = $2`, [
          org.id,
          own.id,
        ]),
      ).rejects.toThrow(/immutable/);
      await expect(
        attempt(
          `INSERT INTO emission_factor_selections (organization_id, reporting_year, reference_set_id) VALUES ($1, 2030, $2)`,
          [org.id, randomUUID()],
        ),
      ).rejects.toThrow(/does not exist/);
      // Shared reference data never references tenant rows and has no tenant column.
      const { rows } = await db.query(
        `SELECT c.conrelid::regclass::text AS t, c.confrelid::regclass::text AS ref FROM pg_constraint c
         WHERE c.contype = 'f' AND c.connamespace = 'reference'::regnamespace
         UNION ALL
         SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = 'reference' AND column_name = 'organization_id'`,
      );
      expect(rows).toEqual([{ t: 'reference.emission_factors', ref: 'reference.emission_factor_sets' }]);
    });
  });
});

/** Headers of a member of `org` with `role`, for verbs the Caller has no helper for (PUT). */
function headers(org: TestOrganization, role: Role): Record<string, string> {
  const caller = org.as[role];
  return { Authorization: `Bearer ${caller.token}`, 'X-Organization-Id': org.id };
}
