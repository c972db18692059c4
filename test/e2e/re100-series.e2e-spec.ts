import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectError } from '../support/assertions';
import { siteWithDailyMeter } from '../support/readings';
import { createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';

const MWH = 1_000_000n;
const mwh = (n: bigint) => String(n * MWH);

/**
 * A multi-year series, computed by hand (RE100-TGT-1, RE100-CALC-1):
 * - One Korean site: 2024 and 2025 each 2 daily readings of 250 MWh = 500 MWh.
 * - K-RECs: 100 MWh claimed for 2024 (20.00 %), 200 MWh for 2025 (40.00 %).
 * - Commitment: target 2030, baseline 2024. The trajectory runs linearly from the baseline's 20.00 % to
 *   100 % in 2030: 2025 = 20 + 80 × 1/6 = 33.333… → 33.34 (rounded up); 2026 = 46.67; 2027 = 60.00;
 *   2028 = 73.34; 2029 = 86.67; 2030 = 100.00. 2030's default 60 % milestone never binds.
 * - 2025: required ceil(33.34 % × 500 MWh) = 166.7 MWh; 200 eligible → ON_TRACK, nothing to procure.
 * - Forecast on 2025's 500 MWh held flat: a virtual PPA of 300 MWh a year from 1 July 2026 gives 2026
 *   300 MWh × 184/365 days = 151,232,876.7… → 151,232,876 Wh (30.24 %, BEHIND 46.67 %), then 300 MWh
 *   (60.00 %: ON_TRACK in 2027, BEHIND from 2028). A 1,000 MWh PPA whose certificates are sold on
 *   (null power, RE100-CLAIM-2) is left out.
 */
describe('RE100 progress series, trajectory and forecast (RE100-TGT-1)', () => {
  let t: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Series');
    const legalEntity = (await org.as.admin.get('/api/v1/organization')).body.legalEntityName;
    await org.as.officer
      .patch('/api/v1/organization', { re100: { targetYear: 2030, baselineYear: 2024 } })
      .expect(200);
    await siteWithDailyMeter(
      org,
      { name: 'Ulsan', country: 'KR', timeZone: 'Asia/Seoul' },
      ['2024-03-01', '2024-03-02', '2025-03-01', '2025-03-02'].map((d) => `${d}T00:00:00+09:00`),
    );
    const facility = (
      await org.as.officer
        .post('/api/v1/facilities', {
          name: 'Jeonnam Solar',
          country: 'KR',
          technology: 'SOLAR',
          commissioningDate: '2020-06-01',
        })
        .expect(201)
    ).body.id;
    const claimKRecs = async (year: number, count: number) => {
      const cert = (
        await org.as.officer
          .post('/api/v1/certificates', {
            registry: 'KPX',
            instrumentType: 'K_REC',
            serialStart: `KR-${year}-${year * 1000 + 1}`,
            serialEnd: `KR-${year}-${year * 1000 + count}`,
            recCount: count,
            volume: String(count),
            facilityId: facility,
            vintageStart: `${year}-01-01`,
            vintageEnd: `${year}-03-31`,
            status: 'RETIRED',
            cancellationDate: `${year}-06-15`,
            beneficiary: legalEntity,
          })
          .expect(201)
      ).body;
      await org.as.officer
        .post('/api/v1/allocations', { certificateId: cert.id, reportingYear: year, consumptionMarket: 'KR' })
        .expect(201);
    };
    await claimKRecs(2024, 100);
    await claimKRecs(2025, 200);
    const contract = (eacsConveyed: boolean, expectedAnnual: string) =>
      org.as.officer
        .post('/api/v1/contracts', {
          method: 'PPA_VIRTUAL',
          counterparty: 'Haean Wind Co.',
          startDate: '2026-07-01',
          signedDate: '2026-01-20',
          expectedAnnual,
          expectedAnnualUnit: 'MWh',
          eacsConveyed,
          consumptionMarket: 'KR',
        })
        .expect(201);
    await contract(true, '300');
    await contract(false, '1000');
  });
  afterAll(() => t.close());

  it('gives each year its RE % against the trajectory', async () => {
    const res = await org.as.executive.get('/api/v1/re100/progress/series?from=2024&to=2025').expect(200);
    expect(res.body).toMatchObject({ from: 2024, to: 2025, rulesetId: 'RE100_TC_v4_1', targetYear: 2030 });
    expect(res.body.years).toEqual([
      {
        year: 2024,
        periodEnd: '2024-12-31',
        rulesetId: 'RE100_TC_v4_1',
        provisional: true,
        inScopeWh: mwh(500n),
        inScopeMwh: '500.000',
        eligibleWh: mwh(100n),
        eligibleMwh: '100.000',
        rePercent: '20.00',
        requiredPercent: '20.00',
        requiredWh: mwh(100n),
        requiredMwh: '100.000',
        stillToProcureWh: '0',
        stillToProcureMwh: '0.000',
        belowTrajectoryInMarketsWh: '0',
        belowTrajectoryInMarketsMwh: '0.000',
        status: 'ON_TRACK',
      },
      {
        year: 2025,
        periodEnd: '2025-12-31',
        rulesetId: 'RE100_TC_v4_1',
        provisional: true,
        inScopeWh: mwh(500n),
        inScopeMwh: '500.000',
        eligibleWh: mwh(200n),
        eligibleMwh: '200.000',
        rePercent: '40.00',
        requiredPercent: '33.34',
        requiredWh: String(166_700_000n),
        requiredMwh: '166.700',
        stillToProcureWh: '0',
        stillToProcureMwh: '0.000',
        belowTrajectoryInMarketsWh: '0',
        belowTrajectoryInMarketsMwh: '0.000',
        status: 'ON_TRACK',
      },
    ]);
    expect(res.body.trajectory).toEqual([
      { year: 2024, requiredPercent: '20.00', source: 'BASELINE' },
      { year: 2025, requiredPercent: '33.34', source: 'LINEAR' },
      { year: 2026, requiredPercent: '46.67', source: 'LINEAR' },
      { year: 2027, requiredPercent: '60.00', source: 'LINEAR' },
      { year: 2028, requiredPercent: '73.34', source: 'LINEAR' },
      { year: 2029, requiredPercent: '86.67', source: 'LINEAR' },
      { year: 2030, requiredPercent: '100.00', source: 'TARGET' },
    ]);
  });

  it('forecasts the years to the target from contracts that convey their certificates', async () => {
    const res = await org.as.auditor.get('/api/v1/re100/progress/series?from=2024&to=2025').expect(200);
    expect(res.body.forecast).toMatchObject({ basedOnYear: 2025, assumedConsumptionWh: mwh(500n) });
    expect(
      res.body.forecast.years.map((y: Record<string, unknown>) => [
        y.year,
        y.expectedRenewableWh,
        y.forecastPercent,
        y.requiredPercent,
        y.status,
      ]),
    ).toEqual([
      [2026, '151232876', '30.24', '46.67', 'BEHIND'],
      [2027, mwh(300n), '60.00', '60.00', 'ON_TRACK'],
      [2028, mwh(300n), '60.00', '73.34', 'BEHIND'],
      [2029, mwh(300n), '60.00', '86.67', 'BEHIND'],
      [2030, mwh(300n), '60.00', '100.00', 'BEHIND'],
    ]);
  });

  it('defaults to the baseline year up to the current reporting year, and agrees with the single-year figures', async () => {
    const res = await org.as.auditor.get('/api/v1/re100/progress/series').expect(200);
    const thisYear = new Date().getUTCFullYear();
    expect(res.body).toMatchObject({ from: 2024, to: thisYear });
    expect(res.body.years).toHaveLength(thisYear - 2024 + 1);
    for (const y of res.body.years.slice(0, 2)) {
      const single = (await org.as.auditor.get(`/api/v1/re100/progress?year=${y.year}`).expect(200)).body;
      expect(y).toMatchObject({
        rePercent: single.rePercent,
        eligibleWh: single.eligibleWh,
        inScopeWh: single.inScopeWh,
        requiredPercent: single.target.requiredPercent,
        stillToProcureWh: single.target.stillToProcureWh,
        status: single.target.status,
      });
    }
  });

  it.each([
    ['from=2026&to=2025', 422, 'from'],
    ['from=1999&to=2025', 400, 'from'],
    ['from=2000&to=2060', 422, 'to'],
    ['to=twenty', 400, 'to'],
    ['from=2024&to=2025&extra=1', 400, 'extra'],
  ])('refuses %s', async (query, status, path) => {
    const res = await org.as.auditor.get(`/api/v1/re100/progress/series?${query}`);
    expect(res.status).toBe(status);
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('forecasts only the years the trajectory covers when there is no baseline year', async () => {
    // Target 2040 without a baseline: the trajectory starts in 2029 at 0 %, the year before RE100's own
    // 60 % milestone of 2030, so the forecast after 2025 begins in 2029.
    const other = await createOrganization(t.http, `Series nobase ${randomUUID().slice(0, 4)}`);
    await other.as.admin
      .patch('/api/v1/organization', { re100: { targetYear: 2040, baselineYear: null } })
      .expect(200);
    // Consumption in 2025 to forecast from (a year without any has no forecast: NO_DATA).
    await siteWithDailyMeter(other, { country: 'KR', timeZone: 'Asia/Seoul' }, ['2025-03-01T00:00:00+09:00']);
    const res = await other.as.executive.get('/api/v1/re100/progress/series?from=2024&to=2025').expect(200);
    expect(res.body.trajectory[0]).toEqual({ year: 2029, requiredPercent: '0.00', source: 'BASELINE' });
    expect(res.body.years.map((y: { requiredPercent: string | null }) => y.requiredPercent)).toEqual([
      null,
      null,
    ]);
    expect(res.body.forecast.years.map((y: { year: number }) => y.year)).toEqual(
      Array.from({ length: 12 }, (_, i) => 2029 + i),
    );
  });

  it('shows another organization only its own figures, and no trajectory without a commitment', async () => {
    const other = await createOrganization(t.http, `Series other ${randomUUID().slice(0, 4)}`);
    await other.as.admin.patch('/api/v1/organization', { re100: null }).expect(200);
    const res = await other.as.executive.get('/api/v1/re100/progress/series?from=2024&to=2025');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      targetYear: null,
      trajectory: [],
      forecast: { status: 'NO_DATA', assumedConsumptionWh: null, years: [] },
    });
    expect(res.body.years.map((y: { inScopeWh: string; status: null }) => [y.inScopeWh, y.status])).toEqual([
      ['0', 'NO_DATA'],
      ['0', 'NO_DATA'],
    ]);
    expectError(await request(t.http).get('/api/v1/re100/progress/series'), 401, 'UNAUTHENTICATED');
  });
});
