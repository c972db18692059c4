import { randomUUID } from 'node:crypto';
import { expectError } from '../support/assertions';
import { attachCancellationStatement } from '../support/procurement';
import { siteWithDailyMeter } from '../support/readings';
import { createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';

/**
 * A seeded year, computed by hand (RE100-CALC-1):
 * - Germany (EU market): 4 daily readings of 250 MWh = 1,000 MWh; Korea: 2 × 250 = 500 MWh. Total 1,500 MWh.
 * - Claims: 600 French wind GOs for the EU (eligible: FR and DE are one market), 300 MWh of K-RECs for KR
 *   (eligible), 100 GOs retired for another company (BENEFICIARY_MISMATCH: 0 eligible).
 * - RE % = (600 + 300) / 1,500 = 60.00 %. Adding 500 more GOs: the EU is capped at its 1,000 MWh, so
 *   (1,000 + 300) / 1,500 = 86.666… → 86.66 % (rounded down).
 */
describe('RE100 progress from readings and claims (RE100-CALC-1, CLAIM-1, MB-3)', () => {
  let t: TestApp;
  let org: TestOrganization;
  let legalEntity: string;
  const MWH = 1_000_000n;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Progress');
    legalEntity = (await org.as.admin.get('/api/v1/organization')).body.legalEntityName;
    // A stricter commitment than RE100's: 70 % already in 2026 (RE100-TGT-1 accepts earlier, stricter milestones).
    await org.as.officer
      .patch('/api/v1/organization', {
        re100: {
          targetYear: 2040,
          baselineYear: 2025,
          milestones: [
            { year: 2026, percent: 70 },
            { year: 2030, percent: 75 },
            { year: 2035, percent: 95 },
          ],
        },
      })
      .expect(200);
    await siteWithDailyMeter(org, { country: 'DE', timeZone: 'Europe/Berlin' }, [
      '2026-01-05T00:00:00+01:00',
      '2026-01-06T00:00:00+01:00',
      '2026-01-07T00:00:00+01:00',
      '2026-01-08T00:00:00+01:00',
    ]);
    await siteWithDailyMeter(org, { country: 'KR', timeZone: 'Asia/Seoul' }, [
      '2026-01-05T00:00:00+09:00',
      '2026-01-06T00:00:00+09:00',
    ]);

    const facility = async (name: string, country: string, technology: string) =>
      (
        await org.as.officer
          .post('/api/v1/facilities', { name, country, technology, commissioningDate: '2020-06-01' })
          .expect(201)
      ).body.id;
    const frWind = await facility('Bretagne Wind', 'FR', 'WIND');
    const krSolar = await facility('Jeonnam Solar', 'KR', 'SOLAR');
    const retire = async (body: Record<string, unknown>, market: string, beneficiary = legalEntity) => {
      const cert = (
        await org.as.officer
          .post('/api/v1/certificates', {
            vintageStart: '2026-01-01',
            vintageEnd: '2026-03-31',
            status: 'RETIRED',
            cancellationDate: '2026-04-15',
            beneficiary,
            ...body,
          })
          .expect(201)
      ).body;
      // 2026 is under RE100 TC v5.0: a European claim needs the registry's cancellation statement.
      await attachCancellationStatement(org, cert.id);
      await org.as.officer
        .post('/api/v1/allocations', {
          certificateId: cert.id,
          reportingYear: 2026,
          consumptionMarket: market,
        })
        .expect(201);
    };
    await retire(
      {
        registry: 'AIB-FR',
        instrumentType: 'GO',
        serialStart: 'FR-2026-0001',
        serialEnd: 'FR-2026-0600',
        facilityId: frWind,
      },
      'EU',
    );
    await retire(
      {
        registry: 'KPX',
        instrumentType: 'K_REC',
        serialStart: 'KR-26-1',
        serialEnd: 'KR-26-300',
        recCount: 300,
        volume: '300',
        facilityId: krSolar,
      },
      'KR',
    );
    await retire(
      {
        registry: 'AIB-FR',
        instrumentType: 'GO',
        serialStart: 'FR-2026-1001',
        serialEnd: 'FR-2026-1100',
        facilityId: frWind,
      },
      'EU',
      'Someone Else GmbH',
    );
  });
  afterAll(() => t.close());

  it('computes the year from rollups and claims, with a verdict for each claim', async () => {
    const res = await org.as.executive.get('/api/v1/re100/progress?year=2026').expect(200);
    expect(res.body).toMatchObject({
      year: 2026,
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      rulesetId: 'RE100_TC_v5_0',
      provisional: true,
      consumptionWh: String(1500n * MWH),
      eligibleWh: String(900n * MWH),
      rePercent: '60.00',
    });
    const markets = Object.fromEntries(res.body.markets.map((m: { market: string }) => [m.market, m]));
    expect(markets.EU).toMatchObject({
      consumptionWh: String(1000n * MWH),
      eligibleWh: String(600n * MWH),
      rePercent: '60.00',
    });
    expect(markets.KR).toMatchObject({ consumptionWh: String(500n * MWH), eligibleWh: String(300n * MWH) });
    // Required 70 % of 1,500 MWh = 1,050 MWh; 900 eligible → 150 MWh still to procure, shared by
    // consumption: EU 1,000/1,500 × 150 = 100 MWh, KR 50 MWh.
    expect(res.body.target).toMatchObject({
      targetYear: 2040,
      requiredPercent: '70.00',
      source: 'MILESTONE',
      requiredWh: String(1050n * MWH),
      stillToProcureWh: String(150n * MWH),
      status: 'BEHIND',
    });
    const gaps = Object.fromEntries(
      res.body.target.markets.map((m: { market: string; stillToProcureWh: string }) => [
        m.market,
        m.stillToProcureWh,
      ]),
    );
    expect(gaps).toEqual({ EU: String(100n * MWH), KR: String(50n * MWH) });
    const mismatch = res.body.claims.find((c: { reasons: string[] }) =>
      c.reasons.includes('BENEFICIARY_MISMATCH'),
    );
    expect(mismatch).toMatchObject({
      status: 'INELIGIBLE',
      eligibleWh: '0',
      ineligibleWh: String(100n * MWH),
    });
  });

  it('caps eligible energy at each market’s consumption: surplus in the EU never covers Korea', async () => {
    const frWind = (await org.as.auditor.get('/api/v1/facilities?country=FR')).body.items[0].id;
    const cert = (
      await org.as.officer
        .post('/api/v1/certificates', {
          registry: 'AIB-FR',
          instrumentType: 'GO',
          serialStart: 'FR-2026-2001',
          serialEnd: 'FR-2026-2500',
          facilityId: frWind,
          vintageStart: '2026-01-01',
          vintageEnd: '2026-03-31',
          status: 'RETIRED',
          cancellationDate: '2026-04-15',
          beneficiary: legalEntity,
        })
        .expect(201)
    ).body;
    await attachCancellationStatement(org, cert.id);
    await org.as.officer
      .post('/api/v1/allocations', { certificateId: cert.id, reportingYear: 2026, consumptionMarket: 'EU' })
      .expect(201);
    const res = await org.as.auditor.get('/api/v1/re100/progress?year=2026').expect(200);
    expect(res.body).toMatchObject({
      eligibleWh: String(1300n * MWH),
      rePercent: '86.66',
      target: { status: 'ON_TRACK', stillToProcureWh: '0' },
    });
    const eu = res.body.markets.find((m: { market: string }) => m.market === 'EU');
    expect(eu).toMatchObject({ eligibleWh: String(1000n * MWH), cappedWh: String(100n * MWH) });
  });

  it('explains the RE %: the figure re-performed from the inputs it lists', async () => {
    // A site without meters yet is listed too, with nothing consumed.
    const empty = (
      await org.as.officer
        .post('/api/v1/sites', { name: 'Busan office', country: 'KR', timeZone: 'Asia/Seoul' })
        .expect(201)
    ).body.id;
    const progress = (await org.as.auditor.get('/api/v1/re100/progress?year=2026').expect(200)).body;
    const res = await org.as.auditor.get('/api/v1/re100/explain?year=2026').expect(200);
    const x = res.body;
    expect(x).toMatchObject({
      year: 2026,
      figure: 'RE_PERCENT',
      rulesetId: 'RE100_TC_v5_0',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      value: {
        rePercent: progress.rePercent,
        eligibleWh: progress.eligibleWh,
        inScopeWh: progress.inScopeWh,
      },
      legalEntityName: legalEntity,
    });
    expect(x.ruleset).toMatchObject({ id: 'RE100_TC_v5_0', boundarySet: 'RE100_TC_v4_1' });
    // Each country's market on each stretch of the year between boundary changes (one stretch here).
    const whole = { from: '2026-01-01', to: '2026-12-31' };
    expect(x.marketBoundaries).toEqual(
      expect.arrayContaining([
        { country: 'DE', market: 'EU', ...whole },
        { country: 'FR', market: 'EU', ...whole },
        { country: 'KR', market: 'KR', ...whole },
      ]),
    );
    // Re-perform: each site's consumption is the sum of its meters; in-scope is the sum of the sites.
    let inScope = 0n;
    for (const s of x.sites) {
      const meters = s.meters.reduce((sum: bigint, m: { wh: string }) => sum + BigInt(m.wh), 0n);
      expect(BigInt(s.consumptionWh)).toBe(meters);
      if (!s.excluded) inScope += meters;
    }
    expect(String(inScope)).toBe(progress.inScopeWh);
    const de = x.sites.find((s: { country: string }) => s.country === 'DE');
    expect(de.name).toBe('DE plant');
    expect(x.sites.find((s: { siteId: string }) => s.siteId === empty)).toMatchObject({
      name: 'Busan office',
      consumptionWh: '0',
      meters: [],
    });
    expect(de.meters).toEqual([
      expect.objectContaining({ direction: 'import', wh: String(1000n * MWH), readings: 4, daysWithData: 4 }),
    ]);
    // Eligible energy: the claims' eligible Wh, capped per market at its consumption.
    const eligible = new Map<string, bigint>();
    for (const c of x.claims) {
      eligible.set(c.verdict.market, (eligible.get(c.verdict.market) ?? 0n) + BigInt(c.verdict.eligibleWh));
    }
    const total = [...eligible.values()].reduce((a, b) => a + b, 0n);
    expect(String(total)).toBe(progress.eligibleWh);
    expect(((total * 10_000n) / inScope).toString()).toBe(progress.rePercent.replace('.', ''));
  });

  it('explains one market and one claim verdict with its certificate, facility and reasons', async () => {
    const eu = (await org.as.executive.get('/api/v1/re100/explain?year=2026&market=EU').expect(200)).body;
    expect(eu).toMatchObject({ figure: 'MARKET_ELIGIBLE', market: 'EU', value: { market: 'EU' } });
    expect(eu.sites.map((s: { country: string }) => s.country)).toEqual(['DE']);
    expect(eu.claims.every((c: { verdict: { market: string } }) => c.verdict.market === 'EU')).toBe(true);

    const progress = (await org.as.auditor.get('/api/v1/re100/progress?year=2026')).body;
    const mismatch = progress.claims.find((c: { reasons: string[] }) =>
      c.reasons.includes('BENEFICIARY_MISMATCH'),
    );
    const res = await org.as.auditor
      .get(`/api/v1/re100/explain?year=2026&claimId=${mismatch.claimId}`)
      .expect(200);
    expect(res.body).toMatchObject({ figure: 'CLAIM_VERDICT', claimId: mismatch.claimId });
    expect(res.body.claims).toHaveLength(1);
    expect(res.body.claims[0]).toMatchObject({
      allocationId: mismatch.claimId,
      verdict: {
        status: 'INELIGIBLE',
        reasons: ['BENEFICIARY_MISMATCH'],
        basis: { beneficiary: 'Someone Else GmbH' },
      },
      certificate: {
        registry: 'AIB-FR',
        instrumentType: 'GO',
        serialStart: 'FR-2026-1001',
        serialEnd: 'FR-2026-1100',
        volumeWh: String(100n * MWH),
      },
      facility: { name: 'Bretagne Wind', country: 'FR', technology: 'WIND', commissioningDate: '2020-06-01' },
    });
  });

  it('refuses unknown or contradictory figures to explain, and other organizations’ claims', async () => {
    const other = await createOrganization(t.http, `Explain other ${randomUUID().slice(0, 4)}`);
    const progress = (await org.as.auditor.get('/api/v1/re100/progress?year=2026')).body;
    const claimId = progress.claims[0].claimId;
    expectError(
      await other.as.auditor.get(`/api/v1/re100/explain?year=2026&claimId=${claimId}`),
      404,
      'NOT_FOUND',
    );
    expectError(await org.as.auditor.get('/api/v1/re100/explain?year=2026&market=US-CA'), 404, 'NOT_FOUND');
    expectError(
      await org.as.auditor.get(`/api/v1/re100/explain?year=2026&market=EU&claimId=${claimId}`),
      400,
      'VALIDATION_FAILED',
      'claimId',
    );
    expectError(
      await org.as.auditor.get('/api/v1/re100/explain?year=2026&market=Europe'),
      400,
      'VALIDATION_FAILED',
      'market',
    );
    expectError(await org.as.auditor.get('/api/v1/re100/explain'), 400, 'VALIDATION_FAILED', 'year');
    expectError(
      await org.as.auditor.get(`/api/v1/re100/explain?year=2026&claimId=${'x'.repeat(201)}`),
      400,
      'VALIDATION_FAILED',
      'claimId',
    );
  });

  it('claims measured generation: self-generation whose certificates were sold is null power, private-wire PPA delivery needs certificates', async () => {
    // A Japanese site: 200 MWh imported, 50 MWh delivered by a private-wire PPA and 30 MWh from rooftop
    // solar whose certificates are sold on, both measured by generation meters; nothing exported.
    const site = (
      await org.as.officer
        .post('/api/v1/sites', { name: 'Nagoya', country: 'JP', timeZone: 'Asia/Tokyo' })
        .expect(201)
    ).body.id;
    const meter = async (externalId: string, direction: string, mwh: string) => {
      const id = (
        await org.as.officer
          .post('/api/v1/meters', {
            siteId: site,
            externalId,
            kind: 'interval',
            intervalMinutes: 1440,
            direction,
            unit: 'MWh',
          })
          .expect(201)
      ).body.id;
      await org.as.officer
        .post(`/api/v1/meters/${id}/readings`, {
          readings: [{ start: '2026-02-02T00:00:00+09:00', value: mwh }],
        })
        .expect(200);
      return id;
    };
    await meter('JP-grid', 'import', '200');
    const generation = async (name: string, mwh: string, method: string, eacsConveyed: boolean) => {
      const facility = (
        await org.as.officer
          .post('/api/v1/facilities', {
            name,
            country: 'JP',
            technology: 'SOLAR',
            commissioningDate: '2024-04-01',
            generationMeterIds: [await meter(`JP-gen-${mwh}`, 'generation', mwh)],
          })
          .expect(201)
      ).body.id;
      await org.as.officer
        .post('/api/v1/contracts', {
          method,
          counterparty: name,
          startDate: '2024-04-01',
          signedDate: '2024-01-15',
          eacsConveyed,
          facilityIds: [facility],
        })
        .expect(201);
      return facility;
    };
    const ppa = await generation('Chubu private wire', '50', 'PPA_PHYSICAL', true);
    const rooftop = await generation('Nagoya rooftop', '30', 'SELF_GEN_OWNED', false);
    // An earlier contract that sold the PPA plant's certificates ended before 2026: it does not make the
    // 2026 delivery null power.
    await org.as.officer
      .post('/api/v1/contracts', {
        method: 'SELF_GEN_THIRD_PARTY',
        counterparty: 'Former offtaker',
        startDate: '2024-04-01',
        endDate: '2025-12-31',
        signedDate: '2024-01-15',
        eacsConveyed: false,
        facilityIds: [ppa],
      })
      .expect(201);
    const res = await org.as.auditor.get('/api/v1/re100/progress?year=2026').expect(200);
    const jp = res.body.markets.find((m: { market: string }) => m.market === 'JP');
    expect(jp).toMatchObject({ consumptionWh: String(280n * MWH), eligibleWh: '0' });
    const claimOf = (facility: string) =>
      res.body.claims.find((c: { claimId: string }) => c.claimId === `self-generation:${facility}:${site}`);
    expect(claimOf(ppa)).toMatchObject({
      status: 'INELIGIBLE',
      volumeWh: String(50n * MWH),
      reasons: ['NO_CERTIFICATE'],
      basis: { method: 'PPA_PHYSICAL' },
    });
    expect(claimOf(rooftop)).toMatchObject({
      status: 'INELIGIBLE',
      volumeWh: String(30n * MWH),
      basis: { method: 'SELF_GEN_OWNED' },
    });
    expect(claimOf(rooftop).reasons).toContain('NULL_POWER');
    const explained = await org.as.auditor
      .get(`/api/v1/re100/explain?year=2026&claimId=${claimOf(rooftop).claimId}`)
      .expect(200);
    expect(explained.body.claims[0]).toMatchObject({
      allocationId: null,
      certificate: null,
      facility: { facilityId: rooftop, name: 'Nagoya rooftop' },
      contracts: [{ method: 'SELF_GEN_OWNED', eacsConveyed: false }],
    });
  });

  it('answers a year without data with NO_DATA and no RE %, refuses bad years and another organization sees nothing of it', async () => {
    expect((await org.as.auditor.get('/api/v1/re100/progress?year=2019').expect(200)).body).toMatchObject({
      status: 'NO_DATA',
      consumptionWh: '0',
      rePercent: null,
      target: null,
      claims: [],
    });
    expectError(
      await org.as.auditor.get('/api/v1/re100/progress?year=nineteen'),
      400,
      'VALIDATION_FAILED',
      'year',
    );
    expectError(await org.as.auditor.get('/api/v1/re100/progress'), 400, 'VALIDATION_FAILED', 'year');
    const other = await createOrganization(t.http, `Progress other ${randomUUID().slice(0, 4)}`);
    expect((await other.as.executive.get('/api/v1/re100/progress?year=2026').expect(200)).body).toMatchObject(
      { consumptionWh: '0', claims: [] },
    );
  });
});
