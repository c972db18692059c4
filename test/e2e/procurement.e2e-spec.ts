import { finalizeYear } from '../support/reports';
import { randomUUID } from 'node:crypto';
import { expectError } from '../support/assertions';
import { meterIn, withDb } from '../support/readings';
import {
  auditEntries,
  createOrganization,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

describe('procurement: facilities, certificates, claims (invariants 3 and 4)', () => {
  let t: TestApp;
  let org: TestOrganization;
  let facilityId: string;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Procure');
    facilityId = (
      await org.as.officer
        .post('/api/v1/facilities', {
          name: 'Nordsee Wind 3',
          country: 'DE',
          technology: 'WIND',
          capacityMw: '288',
          commissioningDate: '2019-06-01',
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const go = (serialStart: string, serialEnd: string, extra: Record<string, unknown> = {}) => ({
    registry: `AIB-DE-${org.id.slice(0, 6)}`,
    instrumentType: 'GO',
    serialStart,
    serialEnd,
    facilityId,
    vintageStart: '2026-01-01',
    vintageEnd: '2026-03-31',
    ...extra,
  });
  const retired = { status: 'RETIRED', cancellationDate: '2026-05-02', beneficiary: 'Procure Co., Ltd.' };

  it('records a serial range with its energy derived from the count (1 GO = 1 MWh), audited', async () => {
    const res = await org.as.officer
      .post('/api/v1/certificates', go('GO-DE-2026-000001', 'GO-DE-2026-000500'))
      .expect(201);
    expect(res.body).toMatchObject({
      volumeWh: '500000000',
      status: 'ACTIVE',
      allocatedWh: '0',
      availableWh: '500000000',
    });
    expect(res.body.serialRange).toBeUndefined();
    const [entry] = await auditEntries(org, `&entityType=certificate&entityId=${res.body.id}`);
    expect(entry).toMatchObject({ action: 'create', actorId: org.userIds.officer });
  });

  it('refuses overlapping serial ranges within a registry with 409, and allows them in another registry', async () => {
    await org.as.officer
      .post('/api/v1/certificates', go('GO-DE-2026-001000', 'GO-DE-2026-001999'))
      .expect(201);
    const overlap = await org.as.officer.post(
      '/api/v1/certificates',
      go('GO-DE-2026-001500', 'GO-DE-2026-002500'),
    );
    expectError(overlap, 409, 'SERIAL_RANGE_OVERLAP');
    await org.as.officer
      .post(
        '/api/v1/certificates',
        go('GO-DE-2026-001500', 'GO-DE-2026-002500', { registry: `OTHER-${randomUUID().slice(0, 6)}` }),
      )
      .expect(201);
  });

  it('compares serial numbers only under the same prefix: another vintage’s numbers are other certificates', async () => {
    // Same registry, same numbers 1000–1999 as above, but the prefix of 2025: no overlap.
    await org.as.officer
      .post('/api/v1/certificates', go('GO-DE-2025-001000', 'GO-DE-2025-001999'))
      .expect(201);
    expectError(
      await org.as.officer.post('/api/v1/certificates', go('GO-DE-2025-001999', 'GO-DE-2025-002000')),
      409,
      'SERIAL_RANGE_OVERLAP',
    );
  });

  it.each([
    [{ volume: '499' }, 'VOLUME_MISMATCH'],
    [{ serialStart: 'GO-A-10', serialEnd: 'GO-B-20' }, 'INVALID_SERIAL'],
    [{ vintageEnd: '2025-12-31' }, 'PERIOD_REVERSED'],
    [{ status: 'RETIRED' }, 'CANCELLATION_DATE_REQUIRED'],
    [{ instrumentType: 'K_REC' }, 'VOLUME_REQUIRED'],
  ])('refuses inconsistent certificates with 422 (%j)', async (extra, code) => {
    const serials = { serialStart: `GO-X-${randomUUID().slice(0, 4)}-1`, serialEnd: '' };
    serials.serialEnd = serials.serialStart.replace(/-1$/, '-500');
    const res = await org.as.officer.post('/api/v1/certificates', {
      ...go(serials.serialStart, serials.serialEnd),
      ...extra,
    });
    expect(res.status).toBe(422);
    expect(res.body.details.map((d: { code: string }) => d.code)).toContain(code);
  });

  it('retires a certificate once: ACTIVE → RETIRED needs date and beneficiary, and RETIRED is final', async () => {
    const cert = (
      await org.as.officer
        .post('/api/v1/certificates', go('GO-DE-2026-003000', 'GO-DE-2026-003009'))
        .expect(201)
    ).body;
    expectError(
      await org.as.officer.patch(`/api/v1/certificates/${cert.id}`, { status: 'RETIRED' }),
      422,
      'CANCELLATION_DATE_REQUIRED',
    );
    const done = await org.as.officer
      .patch(`/api/v1/certificates/${cert.id}`, {
        status: 'RETIRED',
        cancellationDate: '2026-05-02',
        beneficiary: 'Procure Co.',
      })
      .expect(200);
    expect(done.body.status).toBe('RETIRED');
    expectError(
      await org.as.officer.patch(`/api/v1/certificates/${cert.id}`, { status: 'ACTIVE' }),
      409,
      'INVALID_STATUS_TRANSITION',
    );
  });

  it('claims only retired certificates, and never beyond their volume, even when two claims race for the last MWh', async () => {
    const cert = (
      await org.as.officer
        .post('/api/v1/certificates', go('GO-DE-2026-004000', 'GO-DE-2026-004009', retired))
        .expect(201)
    ).body;
    const active = (
      await org.as.officer
        .post('/api/v1/certificates', go('GO-DE-2026-005000', 'GO-DE-2026-005001'))
        .expect(201)
    ).body;
    expectError(
      await org.as.officer.post('/api/v1/allocations', {
        certificateId: active.id,
        reportingYear: 2026,
        consumptionMarket: 'EU',
      }),
      422,
      'CERTIFICATE_NOT_RETIRED',
    );

    await org.as.officer
      .post('/api/v1/allocations', {
        certificateId: cert.id,
        reportingYear: 2026,
        consumptionMarket: 'EU',
        volume: '9',
      })
      .expect(201);
    const race = await Promise.all(
      [0, 1, 2, 3].map(() =>
        org.as.officer.post('/api/v1/allocations', {
          certificateId: cert.id,
          reportingYear: 2026,
          consumptionMarket: 'EU',
          volume: '1',
        }),
      ),
    );
    expect(race.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(race.find((r) => r.status === 409)!.body.code).toBe('CERTIFICATE_OVER_ALLOCATED');
    expect((await org.as.auditor.get(`/api/v1/certificates/${cert.id}`).expect(200)).body).toMatchObject({
      allocatedWh: '10000000',
      availableWh: '0',
    });
    expectError(
      await org.as.officer.post('/api/v1/allocations', {
        certificateId: cert.id,
        reportingYear: 2026,
        consumptionMarket: 'EU',
      }),
      409,
      'CERTIFICATE_OVER_ALLOCATED',
    );
    expectError(await org.as.officer.delete(`/api/v1/certificates/${cert.id}`), 409, 'CERTIFICATE_ALLOCATED');
    // The database itself refuses an over-allocation written around the API.
    await expect(
      withDb((db) =>
        db.query(
          `INSERT INTO allocations (organization_id, id, kind, certificate_id, reporting_year, consumption_market, volume_wh)
           VALUES ($1, $2, 'certificate', $3, 2026, 'EU', 1)`,
          [org.id, randomUUID(), cert.id],
        ),
      ),
    ).rejects.toThrow(/over-allocated/);
  });

  it('keeps claims of a finalized year', async () => {
    const cert = (
      await org.as.officer
        .post('/api/v1/certificates', go('GO-DE-2026-006000', 'GO-DE-2026-006009', retired))
        .expect(201)
    ).body;
    const claim = (
      await org.as.officer
        .post('/api/v1/allocations', {
          certificateId: cert.id,
          reportingYear: 2025,
          consumptionMarket: 'EU',
          volume: '1',
        })
        .expect(201)
    ).body;
    await finalizeYear(org.as.admin, 2025);
    expectError(await org.as.officer.delete(`/api/v1/allocations/${claim.id}`), 409, 'PERIOD_LOCKED');
    expectError(
      await org.as.officer.post('/api/v1/allocations', {
        certificateId: cert.id,
        reportingYear: 2025,
        consumptionMarket: 'EU',
        volume: '1',
      }),
      409,
      'PERIOD_LOCKED',
    );
  });

  it('answers 404 for another organization, 403 to auditors and executives writing, 400 for malformed input', async () => {
    const other = await createOrganization(t.http, 'ProcureOther');
    await other.as.admin.get(`/api/v1/facilities/${facilityId}`).expect(404);
    expectError(
      await other.as.officer.post('/api/v1/certificates', go('GO-Z-1', 'GO-Z-2')),
      404,
      'NOT_FOUND',
    );
    const cert = (
      await org.as.officer
        .post('/api/v1/certificates', go('GO-DE-2026-007000', 'GO-DE-2026-007001', retired))
        .expect(201)
    ).body;
    await other.as.admin.get(`/api/v1/certificates/${cert.id}`).expect(404);
    expectError(
      await other.as.officer.post('/api/v1/allocations', {
        certificateId: cert.id,
        reportingYear: 2026,
        consumptionMarket: 'EU',
      }),
      404,
      'NOT_FOUND',
    );
    await org.as.auditor
      .post('/api/v1/facilities', {
        name: 'x',
        country: 'DE',
        technology: 'WIND',
        commissioningDate: '2020-01-01',
      })
      .expect(403);
    await org.as.executive.post('/api/v1/certificates', go('GO-E-1', 'GO-E-2')).expect(403);
    expectError(
      await org.as.officer.post('/api/v1/facilities', {
        name: 'x',
        country: 'DE',
        technology: 'COAL',
        commissioningDate: '2020-02-30',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await org.as.officer.post('/api/v1/allocations', {
        certificateId: cert.id,
        reportingYear: 2026,
        consumptionMarket: 'Europe',
      }),
      400,
      'VALIDATION_FAILED',
      'consumptionMarket',
    );
    expectError(
      await org.as.officer.post('/api/v1/allocations', {
        certificateId: cert.id,
        reportingYear: 2026,
        consumptionMarket: 'EU',
        volume: '0.0000001',
      }),
      422,
      'FINER_THAN_WH',
    );
  });

  it('links generation meters to one facility each: self-generation is never claimed twice', async () => {
    const generation = await meterIn(org, 'Europe/Berlin', { direction: 'generation' });
    const imported = await meterIn(org, 'Europe/Berlin');
    const rooftop = (suffix: string, generationMeterIds: string[]) =>
      org.as.officer.post('/api/v1/facilities', {
        name: `Rooftop ${suffix} ${randomUUID().slice(0, 6)}`,
        country: 'DE',
        technology: 'SOLAR',
        commissioningDate: '2022-05-01',
        generationMeterIds,
      });
    const first = await rooftop('A', [generation.id]);
    expect(first.status).toBe(201);
    expect(first.body.generationMeterIds).toEqual([generation.id]);
    expectError(await rooftop('B', [generation.id]), 409, 'METER_MEASURES_ANOTHER_FACILITY');
    expectError(await rooftop('C', [imported.id]), 422, 'NOT_A_GENERATION_METER', 'generationMeterIds');
    const other = await createOrganization(t.http, `Procure meters ${randomUUID().slice(0, 4)}`);
    const foreign = await meterIn(other, 'Europe/Berlin', { direction: 'generation' });
    expectError(await rooftop('D', [foreign.id]), 404, 'NOT_FOUND');
    const names = (await org.as.auditor.get('/api/v1/facilities?limit=500')).body.items.map(
      (f: { name: string }) => f.name,
    );
    expect(names.filter((n: string) => /^Rooftop [BCD] /.test(n))).toEqual([]);
  });

  it('records contracts with their facilities and sites, checks Korean tags and grandfathering, and audits them', async () => {
    const site = (
      await org.as.officer
        .post('/api/v1/sites', { name: 'Hamburg plant', country: 'DE', timeZone: 'Europe/Berlin' })
        .expect(201)
    ).body.id;
    // A facility of its own: the shared one has claims in a year an earlier test finalizes, which would lock
    // the contract's figure fields.
    const ownFacility = (
      await org.as.officer
        .post('/api/v1/facilities', {
          name: `Nordsee ${randomUUID().slice(0, 6)}`,
          country: 'DE',
          technology: 'WIND',
          commissioningDate: '2021-01-01',
        })
        .expect(201)
    ).body.id;
    const body = {
      method: 'PPA_VIRTUAL',
      counterparty: 'Nordsee Wind GmbH',
      startDate: '2025-01-01',
      endDate: '2035-01-01',
      signedDate: '2023-11-15',
      expectedAnnual: '12000',
      eacsConveyed: true,
      consumptionMarket: 'EU',
      grandfatheringJustification: 'signed Nov 2023',
      facilityIds: [ownFacility],
      siteIds: [site],
    };
    const created = await org.as.officer.post('/api/v1/contracts', body).expect(201);
    expect(created.body).toMatchObject({
      expectedAnnualWh: '12000000000',
      facilityIds: [ownFacility],
      siteIds: [site],
      krTag: null,
    });
    const [entry] = await auditEntries(org, `&entityType=contract&entityId=${created.body.id}`);
    expect(entry).toMatchObject({ action: 'create' });
    expectError(
      await org.as.officer.post('/api/v1/contracts', { ...body, signedDate: '2024-02-01' }),
      422,
      'NOT_GRANDFATHERED',
    );
    expectError(
      await org.as.officer.post('/api/v1/contracts', { ...body, krTag: 'KR_GREEN_PREMIUM' }),
      422,
      'KR_TAG_MISMATCH',
    );
    expectError(
      await org.as.officer.post('/api/v1/contracts', { ...body, endDate: '2024-01-01' }),
      422,
      'PERIOD_REVERSED',
    );
    expectError(
      await org.as.officer.post('/api/v1/contracts', { ...body, method: 'OFFSETS' }),
      400,
      'VALIDATION_FAILED',
      'method',
    );
    const updated = await org.as.officer
      .patch(`/api/v1/contracts/${created.body.id}`, { siteIds: [], expectedAnnual: '10000' })
      .expect(200);
    expect(updated.body).toMatchObject({ siteIds: [], expectedAnnualWh: '10000000000' });
    const other = await createOrganization(t.http, 'ContractOther');
    await other.as.admin.get(`/api/v1/contracts/${created.body.id}`).expect(404);
    expectError(
      await other.as.officer.post('/api/v1/contracts', { ...body, facilityIds: [facilityId], siteIds: [] }),
      404,
      'NOT_FOUND',
    );
    await org.as.officer.delete(`/api/v1/contracts/${created.body.id}`).expect(204);
  });
});
