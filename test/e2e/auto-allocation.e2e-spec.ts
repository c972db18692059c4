import { finalizeYear } from '../support/reports';
import { randomUUID } from 'node:crypto';
import { expectError } from '../support/assertions';
import { attachCancellationStatement } from '../support/procurement';
import { siteWithDailyMeter } from '../support/readings';
import {
  auditEntries,
  createOrganization,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

const MWH = 1_000_000n;
const mwh = (n: bigint) => String(n * MWH);

/**
 * Auto-allocation of 2026, computed by hand:
 * - Consumption: Germany 1,000 MWh (EU market), Korea 500 MWh; 200 MWh of GOs already claimed for the EU.
 *   RE % before = 200 / 1,500 = 13.33 %.
 * - Retired certificates with energy left: French wind GOs, 300 MWh, vintage Jan–Mar; German wind GOs,
 *   700 MWh, vintage Apr–Jun; 100 GOs retired for another company (BENEFICIARY_MISMATCH); 200 MWh of
 *   K-RECs. An ACTIVE (not retired) range is never a candidate.
 * - EU uncovered 800 MWh: the older vintage first → FR 300, then DE 500 (200 left of it). KR uncovered 500:
 *   K-RECs 200, 300 still uncovered. RE % after = (1,000 + 200) / 1,500 = 80.00 %.
 */
describe('auto-allocation with dry run (issue 4 §4)', () => {
  let t: TestApp;
  let org: TestOrganization;
  const ids: Record<string, string> = {};

  const allocationCount = async () =>
    (await org.as.auditor.get('/api/v1/allocations?year=2026&limit=500').expect(200)).body.total as number;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'AutoAlloc');
    const legalEntity = (await org.as.admin.get('/api/v1/organization')).body.legalEntityName;
    await siteWithDailyMeter(
      org,
      { country: 'DE', timeZone: 'Europe/Berlin' },
      ['05', '06', '07', '08'].map((d) => `2026-02-${d}T00:00:00+01:00`),
    );
    await siteWithDailyMeter(
      org,
      { country: 'KR', timeZone: 'Asia/Seoul' },
      ['05', '06'].map((d) => `2026-02-${d}T00:00:00+09:00`),
    );
    const facility = async (name: string, country: string) =>
      (
        await org.as.officer
          .post('/api/v1/facilities', { name, country, technology: 'WIND', commissioningDate: '2021-03-01' })
          .expect(201)
      ).body.id;
    const fr = await facility('Bretagne Wind', 'FR');
    const de = await facility('Ostsee Wind', 'DE');
    const kr = await facility('Yeonggwang Wind', 'KR');
    const certificate = async (key: string, body: Record<string, unknown>) => {
      ids[key] = (
        await org.as.officer
          .post('/api/v1/certificates', {
            registry: 'AIB',
            instrumentType: 'GO',
            vintageStart: '2026-01-01',
            vintageEnd: '2026-03-31',
            status: 'RETIRED',
            cancellationDate: '2026-07-15',
            beneficiary: legalEntity,
            ...body,
          })
          .expect(201)
      ).body.id;
      // 2026 is under RE100 TC v5.0: a European claim needs the registry's cancellation statement.
      await attachCancellationStatement(org, ids[key]);
    };
    await certificate('claimed', { serialStart: 'GO-1', serialEnd: 'GO-200', facilityId: fr });
    await org.as.officer
      .post('/api/v1/allocations', {
        certificateId: ids.claimed,
        reportingYear: 2026,
        consumptionMarket: 'EU',
      })
      .expect(201);
    await certificate('fr', { serialStart: 'GO-1001', serialEnd: 'GO-1300', facilityId: fr });
    await certificate('de', {
      serialStart: 'GO-2001',
      serialEnd: 'GO-2700',
      facilityId: de,
      vintageStart: '2026-04-01',
      vintageEnd: '2026-06-30',
    });
    await certificate('mismatch', {
      serialStart: 'GO-3001',
      serialEnd: 'GO-3100',
      facilityId: fr,
      beneficiary: 'Someone Else GmbH',
    });
    await certificate('active', {
      serialStart: 'GO-4001',
      serialEnd: 'GO-4100',
      facilityId: fr,
      status: 'ACTIVE',
      cancellationDate: null,
      beneficiary: null,
    });
    await certificate('krec', {
      registry: 'KPX',
      instrumentType: 'K_REC',
      serialStart: 'KR-1',
      serialEnd: 'KR-200',
      recCount: 200,
      volume: '200',
      facilityId: kr,
    });
  });
  afterAll(() => t.close());

  const expectedPlan = () => ({
    reportingYear: 2026,
    rePercentBefore: '13.33',
    rePercentAfter: '80.00',
    markets: [
      {
        market: 'EU',
        inScopeWh: mwh(1000n),
        eligibleWh: mwh(200n),
        uncoveredWh: mwh(800n),
        plannedWh: mwh(800n),
        remainingWh: '0',
      },
      {
        market: 'KR',
        inScopeWh: mwh(500n),
        eligibleWh: '0',
        uncoveredWh: mwh(500n),
        plannedWh: mwh(200n),
        remainingWh: mwh(300n),
      },
    ],
    skipped: [
      {
        certificateId: ids.mismatch,
        market: 'EU',
        availableWh: mwh(100n),
        reasons: ['BENEFICIARY_MISMATCH'],
      },
    ],
  });
  const planned = (allocationId: unknown) => [
    { certificateId: ids.fr, market: 'EU', volumeWh: mwh(300n), tier: 'COMPLIANT', allocationId },
    { certificateId: ids.de, market: 'EU', volumeWh: mwh(500n), tier: 'COMPLIANT', allocationId },
    { certificateId: ids.krec, market: 'KR', volumeWh: mwh(200n), tier: 'COMPLIANT', allocationId },
  ];

  it('shows the plan on a dry run and writes nothing', async () => {
    const before = await allocationCount();
    const auditBefore = (await auditEntries(org)).length;
    const res = await org.as.officer
      .post('/api/v1/allocations/auto?dryRun=true', { reportingYear: 2026 })
      .expect(200);
    expect(res.body).toEqual({
      ...expectedPlan(),
      dryRun: true,
      committed: false,
      allocations: planned(null),
    });
    expect(await allocationCount()).toBe(before);
    expect((await auditEntries(org)).length).toBe(auditBefore);
  });

  it('refuses bad input, other roles and a finalized year, writing nothing', async () => {
    const before = await allocationCount();
    expectError(
      await org.as.officer.post('/api/v1/allocations/auto', {}),
      400,
      'VALIDATION_FAILED',
      'reportingYear',
    );
    expectError(
      await org.as.officer.post('/api/v1/allocations/auto', { reportingYear: 2026, markets: ['Europe'] }),
      400,
      'VALIDATION_FAILED',
      'markets',
    );
    expectError(
      await org.as.officer.post('/api/v1/allocations/auto', { reportingYear: 1999 }),
      400,
      'VALIDATION_FAILED',
      'reportingYear',
    );
    expectError(
      await org.as.officer.post('/api/v1/allocations/auto?dryRun=perhaps', { reportingYear: 2026 }),
      400,
      'VALIDATION_FAILED',
      'dryRun',
    );
    expectError(
      await org.as.officer.post('/api/v1/allocations/auto', { reportingYear: 2026, surprise: 1 }),
      400,
      'VALIDATION_FAILED',
      'surprise',
    );
    for (const caller of [org.as.auditor, org.as.executive]) {
      expectError(await caller.post('/api/v1/allocations/auto', { reportingYear: 2026 }), 403, 'FORBIDDEN');
    }
    await finalizeYear(org.as.admin, 2019);
    expectError(
      await org.as.officer.post('/api/v1/allocations/auto', { reportingYear: 2019 }),
      409,
      'PERIOD_LOCKED',
    );
    expect(await allocationCount()).toBe(before);
  });

  it('never uses another organization’s certificates', async () => {
    const other = await createOrganization(t.http, `AutoAlloc other ${randomUUID().slice(0, 4)}`);
    const res = await other.as.admin.post('/api/v1/allocations/auto', { reportingYear: 2026 }).expect(200);
    expect(res.body).toMatchObject({ committed: false, allocations: [], skipped: [], markets: [] });
  });

  it('commits the same plan once, audited, even when two runs race, and the RE % becomes the planned one', async () => {
    const before = await allocationCount();
    const runs = await Promise.all([
      org.as.admin.post('/api/v1/allocations/auto', { reportingYear: 2026 }),
      org.as.officer.post('/api/v1/allocations/auto', { reportingYear: 2026 }),
    ]);
    expect(runs.map((r) => r.status)).toEqual([200, 200]);
    // The runs take turns: the second plans from what the first wrote, and finds nothing left to do.
    const [res, other] = runs[0].body.committed ? runs : [runs[1], runs[0]];
    expect(other.body).toMatchObject({ committed: false, allocations: [] });
    expect(await allocationCount()).toBe(before + 3);
    expect(res.body).toEqual({
      ...expectedPlan(),
      dryRun: false,
      committed: true,
      allocations: planned(expect.any(String)),
    });
    const written = (await org.as.auditor.get('/api/v1/allocations?year=2026&limit=500')).body.items;
    for (const a of res.body.allocations) {
      expect(written).toContainEqual(
        expect.objectContaining({ id: a.allocationId, certificateId: a.certificateId, volumeWh: a.volumeWh }),
      );
    }
    const created = (await auditEntries(org)).filter(
      (e) => e.entityType === 'allocation' && e.action === 'create',
    );
    expect(created.map((e) => e.entityId)).toEqual(
      expect.arrayContaining(res.body.allocations.map((a: { allocationId: string }) => a.allocationId)),
    );
    const progress = (await org.as.auditor.get('/api/v1/re100/progress?year=2026').expect(200)).body;
    expect(progress).toMatchObject({ rePercent: '80.00', eligibleWh: mwh(1200n) });

    // Run again: the EU is covered and nothing is left for Korea — nothing more to do.
    const again = await org.as.officer.post('/api/v1/allocations/auto', { reportingYear: 2026 }).expect(200);
    expect(again.body).toMatchObject({ committed: false, allocations: [], rePercentBefore: '80.00' });
  });
});
