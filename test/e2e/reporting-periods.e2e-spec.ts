import { finalizeYear, makeReport } from '../support/reports';
import request from 'supertest';
import { expectError } from '../support/assertions';
import { meterIn, siteWithDailyMeter } from '../support/readings';
import {
  auditEntries,
  createOrganization,
  joinByInvitation,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

/**
 * Invariant 7 through the API: an admin finalizes a reporting year, and from then on nothing that feeds its
 * figures changes (409 PERIOD_LOCKED) until an admin reopens it with a reason. Both are audited.
 */
describe('reporting periods: finalize, reopen, and the one lock every writer asks', () => {
  let t: TestApp;
  let org: TestOrganization;
  let siteId: string;
  let meterId: string;
  let facilityId: string;
  let contractId: string;
  let certificateId: string;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Periods');
    ({ siteId, meterId } = await siteWithDailyMeter(org, { country: 'DE', timeZone: 'Europe/Berlin' }, [
      '2024-03-01T00:00:00+01:00',
      '2025-03-01T00:00:00+01:00',
    ]));
    facilityId = (
      await org.as.officer
        .post('/api/v1/facilities', {
          name: 'Nordsee wind',
          country: 'DE',
          technology: 'WIND',
          commissioningDate: '2020-01-01',
        })
        .expect(201)
    ).body.id;
    contractId = (
      await org.as.officer
        .post('/api/v1/contracts', {
          method: 'UNBUNDLED_EAC',
          counterparty: 'Broker',
          startDate: '2024-01-01',
          signedDate: '2023-12-01',
          eacsConveyed: true,
          facilityIds: [facilityId],
        })
        .expect(201)
    ).body.id;
    certificateId = (
      await org.as.officer
        .post('/api/v1/certificates', {
          registry: 'AIB',
          instrumentType: 'GO',
          serialStart: 'GO-DE-2024-000001',
          serialEnd: 'GO-DE-2024-000100',
          facilityId,
          contractId,
          vintageStart: '2024-01-01',
          vintageEnd: '2024-12-31',
          status: 'RETIRED',
          cancellationDate: '2025-01-15',
          beneficiary: `${org.name} Co., Ltd.`,
        })
        .expect(201)
    ).body.id;
    await org.as.officer
      .post('/api/v1/allocations', {
        certificateId,
        reportingYear: 2024,
        consumptionMarket: 'EU',
        volume: '50',
        volumeUnit: 'MWh',
      })
      .expect(201);
  });
  afterAll(() => t.close());

  it('lets only admins finalize and reopen, lists the years, and audits both with a checkpoint', async () => {
    const report = await makeReport(org.as.officer, 2024);
    await org.as.officer.post('/api/v1/reporting-periods/2024/finalize', { reportId: report.id }).expect(403);
    const done = await org.as.admin
      .post('/api/v1/reporting-periods/2024/finalize', { reportId: report.id })
      .expect(200);
    expect(done.body).toMatchObject({
      year: 2024,
      status: 'finalized',
      reportId: report.id,
      finalizedBy: org.userIds.admin,
    });
    // A second finalization is refused, whatever report it names.
    expectError(
      await org.as.admin.post('/api/v1/reporting-periods/2024/finalize', { reportId: report.id }),
      409,
      'PERIOD_ALREADY_FINALIZED',
    );
    const listed = await org.as.executive.get('/api/v1/reporting-periods').expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ year: 2024, status: 'finalized', reportId: report.id }),
    ]);
    const checkpoints = await org.as.auditor.get('/api/v1/audit-log/checkpoints').expect(200);
    expect(checkpoints.body.items[0]).toMatchObject({ reason: 'finalization' });
    // The year keeps the factor set it used.
    const selection = await org.as.auditor.get('/api/v1/emission-factor-sets/selection/2024').expect(200);
    expect(selection.body).toMatchObject({ explicit: true });
  });

  it('refuses every writer that would change a finalized year, and lets those of open years through', async () => {
    const locked = (res: request.Response) => expectError(res, 409, 'PERIOD_LOCKED');
    // Readings: refused one by one (409 when all are).
    locked(
      await org.as.officer.post(`/api/v1/meters/${meterId}/readings`, {
        readings: [{ start: '2024-03-02T00:00:00+01:00', value: '1', unit: 'MWh' }],
      }),
    );
    await org.as.officer
      .post(`/api/v1/meters/${meterId}/readings`, {
        readings: [{ start: '2025-03-02T00:00:00+01:00', value: '1', unit: 'MWh' }],
      })
      .expect(200);
    // Claims and factor choice.
    locked(
      await org.as.officer.post('/api/v1/allocations', {
        certificateId,
        reportingYear: 2024,
        consumptionMarket: 'EU',
        volume: '1',
        volumeUnit: 'MWh',
      }),
    );
    const factorSets = await org.as.officer.get('/api/v1/emission-factor-sets').expect(200);
    locked(
      await request(t.http)
        .put('/api/v1/emission-factor-sets/selection/2024')
        .set('Authorization', `Bearer ${org.as.officer.token}`)
        .set('X-Organization-Id', org.id)
        .send({ factorSetId: factorSets.body.items[0].id }),
    );
    // Records whose figures reach 2024.
    locked(
      await org.as.officer.patch(`/api/v1/sites/${siteId}`, {
        excludedFromRe100: true,
        exclusionReason: 'not material',
      }),
    );
    locked(await org.as.officer.patch(`/api/v1/sites/${siteId}`, { country: 'AT' }));
    locked(
      await org.as.officer.patch(`/api/v1/facilities/${facilityId}`, { commissioningDate: '2001-01-01' }),
    );
    locked(await org.as.officer.patch(`/api/v1/facilities/${facilityId}`, { technology: 'HYDRO' }));
    locked(await org.as.officer.patch(`/api/v1/contracts/${contractId}`, { signedDate: '2024-06-01' }));
    locked(
      await org.as.officer.patch(`/api/v1/certificates/${certificateId}`, { beneficiary: 'Someone else' }),
    );
    locked(
      await org.as.officer
        .raw('post', `/api/v1/certificates/${certificateId}/evidence`)
        .attach('file', Buffer.from('%PDF-1.4 statement'), {
          filename: 'c.pdf',
          contentType: 'application/pdf',
        }),
    );
    locked(await org.as.admin.patch('/api/v1/organization', { reportingYearStartMonth: 4 }));
    locked(await org.as.admin.patch('/api/v1/organization', { legalEntityName: 'Renamed Ltd.' }));
    // What does not feed the figures still changes.
    await org.as.officer.patch(`/api/v1/sites/${siteId}`, { address: 'Hafenstraße 1' }).expect(200);
    await org.as.officer.patch(`/api/v1/facilities/${facilityId}`, { name: 'Nordsee wind II' }).expect(200);
    await org.as.admin.patch('/api/v1/organization', { name: 'Periods (renamed)' }).expect(200);
    // A meter without readings in 2024 moves freely; the site's own meter does not.
    const other = await meterIn(org, 'Europe/Berlin');
    await org.as.officer.patch(`/api/v1/meters/${other.id}`, { siteId }).expect(200);
  });

  it('reopens with a reason, after which the year takes changes again; the reason is audited', async () => {
    expectError(
      await org.as.admin.post('/api/v1/reporting-periods/2023/reopen', { reason: 'x' }),
      409,
      'PERIOD_NOT_FINALIZED',
    );
    expectError(
      await org.as.admin.post('/api/v1/reporting-periods/2024/reopen', {}),
      400,
      'VALIDATION_FAILED',
      'reason',
    );
    const reopened = await org.as.admin
      .post('/api/v1/reporting-periods/2024/reopen', { reason: 'Meter M-1 was read wrongly in March' })
      .expect(200);
    expect(reopened.body).toMatchObject({
      status: 'open',
      reopenReason: 'Meter M-1 was read wrongly in March',
      reopenedBy: org.userIds.admin,
    });
    await org.as.officer
      .post(`/api/v1/meters/${meterId}/readings`, {
        readings: [{ start: '2024-03-02T00:00:00+01:00', value: '1', unit: 'MWh' }],
      })
      .expect(200);
    const entries = await auditEntries(org, '&entityType=reporting_period&entityId=2024');
    expect(entries.map((e) => e.action)).toEqual(['finalize', 'reopen']);
    expect(entries[0].after).toMatchObject({ reportId: expect.any(String), modelHash: expect.any(String) });
    expect(entries[1].after).toMatchObject({ reopenReason: 'Meter M-1 was read wrongly in March' });
  });

  it('refuses another organization’s admin, a removed admin and an API key, changing nothing', async () => {
    const periods = async () =>
      (await org.as.auditor.get('/api/v1/reporting-periods').expect(200)).body.items;
    const before = await periods();
    const stranger = await createOrganization(t.http, 'StrangerPeriods');
    const asStranger = (path: string) =>
      request(t.http)
        .post(path)
        .set('Authorization', `Bearer ${stranger.as.admin.token}`)
        .set('X-Organization-Id', org.id)
        .send({ reason: 'not mine' });
    // Not a member: 404, as for an organization that does not exist.
    expectError(await asStranger('/api/v1/reporting-periods/2031/finalize'), 404, 'NOT_FOUND');
    expectError(await asStranger('/api/v1/reporting-periods/2024/reopen'), 404, 'NOT_FOUND');

    const former = await joinByInvitation(t.http, org.as.admin, 'former-admin@periods.test', 'admin');
    await org.as.admin.delete(`/api/v1/members/${former.userId}`).expect(204);
    expectError(await former.caller.post('/api/v1/reporting-periods/2031/finalize'), 403, 'FORBIDDEN');

    const key = (await org.as.admin.post('/api/v1/api-keys', { name: 'gw-periods' }).expect(201)).body.key;
    for (const [method, path] of [
      ['get', '/api/v1/reporting-periods'],
      ['post', '/api/v1/reporting-periods/2031/finalize'],
      ['post', '/api/v1/reporting-periods/2024/reopen'],
    ] as const) {
      const res = await request(t.http)[method](path).set('X-API-Key', key).send({ reason: 'stolen key' });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    expect(await periods()).toEqual(before);
  });

  it('answers malformed years with 400, and keeps each organization’s years its own', async () => {
    for (const year of ['1999', '2101', 'abc', '2024.5']) {
      expectError(
        await org.as.admin.post(`/api/v1/reporting-periods/${year}/finalize`),
        400,
        'VALIDATION_FAILED',
      );
    }
    const other = await createOrganization(t.http, 'OtherPeriods');
    await finalizeYear(other.as.admin, 2025);
    expect(
      (await org.as.admin.get('/api/v1/reporting-periods').expect(200)).body.items.map(
        (p: { year: number }) => p.year,
      ),
    ).not.toContain(2025);
    await org.as.officer
      .post(`/api/v1/meters/${meterId}/readings`, {
        readings: [{ start: '2025-03-03T00:00:00+01:00', value: '1', unit: 'MWh' }],
      })
      .expect(200);
  });
});
