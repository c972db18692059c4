import { finalizeYear } from '../support/reports';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addDecimal, formatDecimal, parseDecimal, ZERO } from '../../src/emissions/factor-set';
import { CURRENT_DEFAULT_FACTOR_SET_UUID } from '../../src/emissions/reference/current-default-factors';
import { expectError } from '../support/assertions';
import { mwh } from '../support/re100-fixtures';
import { createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';

const SCOPE2 = '/api/v1/emissions/scope2';
const Wh = (megawattHours: number) => mwh(megawattHours).toString();

/** Σ of exact decimal strings, exactly. */
const sum = (values: string[]) =>
  formatDecimal(values.map((v) => parseDecimal(v)!).reduce(addDecimal, ZERO), 3);

interface Figures {
  locationBased: { tCo2e: string; exactTCo2e: string; complete: boolean };
  marketBased: { tCo2e: string; exactTCo2e: string; complete: boolean };
}
const tonnes = (f: Figures) => [f.locationBased.tCo2e, f.marketBased.tCo2e];

/**
 * One organization, reporting year 2026, seeded through the API (readings → daily rollups, facilities,
 * retired certificates, claims). Consumption (RE100-SCOPE-1):
 * - KR plant: import 4 days × 250 MWh = 1,000 MWh, own rooftop solar 2 days × 100 MWh = 200 MWh, no export:
 *   1,200 MWh, of which 200 MWh self-generated and consumed. Claims: 300 MWh of K-RECs (eligible).
 * - DE plant: import 4 × 250 = 1,000 MWh. Claims: 600 French wind GOs for the EU (eligible, FR and DE are one
 *   market), 100 GOs retired for another company (BENEFICIARY_MISMATCH: no slice).
 * - US office, eGRID subregion RFCE: import 3 × 50 = 150 MWh, no claims.
 *
 * With the shipped defaults (2026 → latest data year ≤ 2026):
 * - KR: LB covers purchased electricity only: 1,000 MWh × 0.4173 t/MWh = 417.300 t (the 200 MWh of own
 *   solar are not purchased, S2-LB-1). Korea has no residual mix (S2-MB-2):
 *   MB = (1,200 − 200 self-generation − 300 K-REC) × 0.4173 = 700 × 0.4173 = 292.110 t.
 * - DE: LB = 1,000 MWh × 380 gCO2/kWh (UBA national grid average, default set 2026-01) = 380.000 t.
 *   MB = (1,000 − 600 GO) MWh × 719.90 gCO2/kWh (AIB residual mix DE) = 400 × 0.71990 = 287.960 t.
 * - US: 599.170 lbCO2e/MWh × 0.45359237 kg/lb = 271.7789403329 kg/MWh;
 *   LB = 150 × 0.2717789403329 t = 40.766841049935 t → 40.767; no residual mix for the US: MB = LB.
 * - Organization: LB = 417.300 + 380.000 + 40.766841049935 = 838.066841049935 → 838.067;
 *   MB = 292.110 + 287.960 + 40.766841049935 = 620.836841049935 → 620.837.
 *
 * With the loaded test set (fictional factors, data year 2025):
 * - KR 0.4567 t/MWh: LB = 1,000 × 0.4567 = 456.700 t, MB = 700 × 0.4567 = 319.690 t.
 * - DE grid 380 gCO2e/kWh: LB = 1,000 × 0.380 = 380.000 t; residual mix 700.5 gCO2/kWh: MB = 400 × 0.7005
 *   = 280.200 t.
 * - US-RFCE 0.25 t/MWh: LB = MB = 150 × 0.25 = 37.500 t.
 * - Organization: LB = 456.700 + 380.000 + 37.500 = 874.200 t; MB = 319.690 + 280.200 + 37.500 = 637.390 t.
 *
 * A site in a country without a factor in the set (BR) is left out of the location-based total, which says
 * so: `complete: false` with the site and its MWh.
 */
describe('Scope 2 from readings, claims and the chosen factor set (S2-DUAL-1, S2-LB-1, S2-MB-1, S2-MB-2)', () => {
  let t: TestApp;
  let org: TestOrganization;
  const site: Record<'kr' | 'de' | 'us', string> = { kr: '', de: '', us: '' };
  const claimIds: Record<'go' | 'mismatch' | 'krec', string> = { go: '', mismatch: '', krec: '' };
  let rooftop = '';

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Scope2');
    const officer = org.as.officer;
    const legalEntity = (await org.as.admin.get('/api/v1/organization')).body.legalEntityName;

    const newSite = async (name: string, country: string, timeZone: string, gridRegion?: string) =>
      (await officer.post('/api/v1/sites', { name, country, timeZone, gridRegion }).expect(201)).body.id;
    const dailyMeter = async (siteId: string, direction: string, starts: string[], value: string) => {
      const meter = (
        await officer
          .post('/api/v1/meters', {
            siteId,
            externalId: `${direction}-${randomUUID().slice(0, 8)}`,
            kind: 'interval',
            intervalMinutes: 1440,
            direction,
            unit: 'MWh',
          })
          .expect(201)
      ).body.id;
      await officer
        .post(`/api/v1/meters/${meter}/readings`, { readings: starts.map((start) => ({ start, value })) })
        .expect(200);
      return meter;
    };
    const days = (n: number, offset: string) =>
      Array.from({ length: n }, (_, i) => `2026-01-${String(5 + i).padStart(2, '0')}T00:00:00${offset}`);

    site.kr = await newSite('Ulsan plant', 'KR', 'Asia/Seoul');
    await dailyMeter(site.kr, 'import', days(4, '+09:00'), '250');
    const solarMeter = await dailyMeter(site.kr, 'generation', days(2, '+09:00'), '100');
    site.de = await newSite('Berlin plant', 'DE', 'Europe/Berlin');
    await dailyMeter(site.de, 'import', days(4, '+01:00'), '250');
    site.us = await newSite('Philadelphia office', 'US', 'America/New_York', 'RFCE');
    await dailyMeter(site.us, 'import', days(3, '-05:00'), '50');

    const facility = async (name: string, country: string, technology: string, meters: string[] = []) =>
      (
        await officer
          .post('/api/v1/facilities', {
            name,
            country,
            technology,
            commissioningDate: '2020-06-01',
            ...(meters.length ? { generationMeterIds: meters } : {}),
          })
          .expect(201)
      ).body.id;
    rooftop = await facility('Ulsan rooftop solar', 'KR', 'SOLAR', [solarMeter]);
    const frWind = await facility('Bretagne Wind', 'FR', 'WIND');
    const krSolar = await facility('Jeonnam Solar', 'KR', 'SOLAR');
    const claim = async (
      certificate: Record<string, unknown>,
      consumptionMarket: string,
      extra: Record<string, unknown> = {},
    ) => {
      const cert = (
        await officer
          .post('/api/v1/certificates', {
            vintageStart: '2026-01-01',
            vintageEnd: '2026-03-31',
            status: 'RETIRED',
            cancellationDate: '2026-04-15',
            beneficiary: legalEntity,
            ...certificate,
          })
          .expect(201)
      ).body;
      return (
        await officer
          .post('/api/v1/allocations', {
            certificateId: cert.id,
            reportingYear: 2026,
            consumptionMarket,
            ...extra,
          })
          .expect(201)
      ).body.id;
    };
    const go = { registry: 'AIB-FR', instrumentType: 'GO', facilityId: frWind };
    claimIds.go = await claim({ ...go, serialStart: 'FR-2026-0001', serialEnd: 'FR-2026-0600' }, 'EU', {
      siteIds: [site.de],
    });
    claimIds.mismatch = await claim(
      { ...go, serialStart: 'FR-2026-1001', serialEnd: 'FR-2026-1100', beneficiary: 'Someone Else GmbH' },
      'EU',
    );
    claimIds.krec = await claim(
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
  });
  afterAll(() => t.close());

  const siteOf = (body: { sites: { siteId: string }[] }, id: string) =>
    body.sites.find((s) => s.siteId === id) as unknown as Figures & Record<string, never>;

  it('computes both methods with the shipped defaults, per site, country and organization', async () => {
    const res = await org.as.executive.get(`${SCOPE2}?year=2026`).expect(200);
    const body = res.body;
    expect(body).toMatchObject({
      year: 2026,
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      provisional: true,
      rulesetId: 'RE100_TC_v5_0',
      factorSelection: {
        explicit: false,
        factorSet: { id: CURRENT_DEFAULT_FACTOR_SET_UUID, scope: 'reference', name: 'RE100-LEDGER-DEFAULTS' },
      },
      organization: {
        consumptionWh: Wh(2350),
        purchasedWh: Wh(2150),
        ownGenerationWh: Wh(200),
        locationBased: {
          tCo2e: '838.067',
          exactTCo2e: '838.066841049935',
          complete: true,
          leftOutWh: '0',
          leftOutSiteIds: [],
        },
        marketBased: { tCo2e: '620.837', exactTCo2e: '620.836841049935', complete: true },
        zeroEmissionWh: Wh(1100),
      },
    });
    const countries = Object.fromEntries(
      body.countries.map((c: Figures & { country: string }) => [c.country, c]),
    );
    expect(tonnes(countries.KR)).toEqual(['417.300', '292.110']);
    expect(tonnes(countries.DE)).toEqual(['380.000', '287.960']);
    expect(countries.DE.locationBased.complete).toBe(true);
    expect(tonnes(countries.US)).toEqual(['40.767', '40.767']);

    const kr = siteOf(body, site.kr) as unknown as { name: string; marketSlices: Record<string, unknown>[] };
    expect(kr.name).toBe('Ulsan plant');
    expect(kr.marketSlices).toEqual([
      expect.objectContaining({
        claimId: `self-generation:${rooftop}:${site.kr}`,
        wh: Wh(200),
        tier: 2,
        instrumentType: null,
        factorId: 'S2-MB-1-SELF-GENERATION-ZERO',
        tCo2e: '0.000',
      }),
      expect.objectContaining({
        claimId: claimIds.krec,
        wh: Wh(300),
        tier: 1,
        instrumentType: 'K_REC',
        tCo2e: '0.000',
      }),
      expect.objectContaining({
        claimId: null,
        wh: Wh(700),
        tier: 6,
        factorId: 'KR-GIR-2023-consumption-national',
        factorValue: '0.4173',
        factorUnit: 'tCO2e/MWh',
        kgPerMwh: '417.3',
        tCo2e: '292.110',
        flags: ['RESIDUAL_MIX_NOT_APPLICABLE'],
      }),
    ]);
    const de = siteOf(body, site.de) as unknown as { marketSlices: Record<string, unknown>[] };
    expect(de.marketSlices).toEqual([
      expect.objectContaining({
        claimId: claimIds.go,
        wh: Wh(600),
        tier: 1,
        instrumentType: 'GO',
        kgPerMwh: '0',
      }),
      expect.objectContaining({
        claimId: null,
        wh: Wh(400),
        tier: 4,
        factorId: 'AIB-ERM-2023-DE',
        source: 'AIB European Residual Mixes',
        edition: '2023',
        dataYear: 2023,
        gas: 'CO2',
        factorValue: '719.90',
        factorUnit: 'gCO2/kWh',
        tCo2e: '287.960',
      }),
    ]);
    const us = siteOf(body, site.us) as unknown as {
      gridRegion: string;
      locationSlices: Record<string, unknown>[];
    };
    expect(us.gridRegion).toBe('US-RFCE');
    expect(us.locationSlices).toEqual([
      expect.objectContaining({
        tier: 5,
        factorId: 'EPA-eGRID2023-US-RFCE',
        factorValue: '599.170',
        kgPerMwh: '271.7789403329',
        exactTCo2e: '40.766841049935',
        tCo2e: '40.767',
      }),
    ]);
    expect(body.errors).toEqual([]);
    expect(body.notices).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'RESIDUAL_MIX_NOT_APPLICABLE', siteId: site.kr, rule: 'S2-MB-2' }),
        expect.objectContaining({ code: 'RESIDUAL_MIX_UNAVAILABLE', siteId: site.us, rule: 'S2-MB-1' }),
      ]),
    );
    expect(body.factorsUsed.map((f: { id: string }) => f.id)).toEqual([
      'AIB-ERM-2023-DE',
      'EPA-eGRID2023-US-RFCE',
      'KR-GIR-2023-consumption-national',
      'UBA-CC23-2024-DE',
    ]);
    // Exact figures tie out: organization = Σ countries = Σ sites.
    for (const method of ['locationBased', 'marketBased'] as const) {
      const org = body.organization[method].exactTCo2e;
      expect(sum(body.countries.map((c: Figures) => c[method].exactTCo2e))).toBe(org);
      expect(sum(body.sites.map((s: Figures) => s[method].exactTCo2e))).toBe(org);
    }
  });

  it('lists the inputs an auditor needs to re-perform the figures', async () => {
    const res = await org.as.auditor.get(`${SCOPE2}/explain?year=2026`).expect(200);
    const body = res.body;
    expect(body).toMatchObject({
      siteId: null,
      rulesetId: 'RE100_TC_v5_0',
      factorSelection: { factorSet: { id: CURRENT_DEFAULT_FACTOR_SET_UUID } },
      figures: { locationBased: { tCo2e: '838.067' }, marketBased: { tCo2e: '620.837' } },
    });
    expect(body.methodology.join(' ')).toContain('S2-MB-2');
    const kr = body.sites.find((s: { siteId: string }) => s.siteId === site.kr);
    expect(kr).toMatchObject({
      name: 'Ulsan plant',
      daysInPeriod: 365,
      importWh: Wh(1000),
      generationWh: Wh(200),
      exportWh: '0',
      consumptionWh: Wh(1200),
      selfGenerationConsumedWh: Wh(200),
    });
    expect(
      kr.meters.map((m: { direction: string; wh: string; readings: number; daysWithData: number }) => [
        m.direction,
        m.wh,
        m.readings,
        m.daysWithData,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['import', Wh(1000), 4, 4],
        ['generation', Wh(200), 2, 2],
      ]),
    );
    const slices = Object.fromEntries(
      body.renewableSlices.map((s: { claimId: string }) => [s.claimId, s]),
    ) as Record<string, Record<string, unknown>>;
    expect(slices[claimIds.krec]).toMatchObject({
      siteId: site.kr,
      wh: Wh(300),
      claimVolumeWh: Wh(300),
      claimPlacedWh: Wh(300),
      procurementMethod: 'UNBUNDLED_EAC',
      certificate: { registry: 'KPX', serialStart: 'KR-26-1', serialEnd: 'KR-26-300', volumeWh: Wh(300) },
      facility: { name: 'Jeonnam Solar', country: 'KR', technology: 'SOLAR' },
    });
    expect(slices[claimIds.go]).toMatchObject({
      siteId: site.de,
      certificate: { registry: 'AIB-FR', serialStart: 'FR-2026-0001', serialEnd: 'FR-2026-0600' },
      facility: { name: 'Bretagne Wind', country: 'FR' },
    });
    expect(slices[`self-generation:${rooftop}:${site.kr}`]).toMatchObject({
      wh: Wh(200),
      instrumentType: null,
      procurementMethod: 'SELF_GEN_OWNED',
      certificate: null,
      facility: { facilityId: rooftop, name: 'Ulsan rooftop solar' },
    });
    expect(body.claimsNotUsed).toEqual([
      {
        claimId: claimIds.mismatch,
        status: 'INELIGIBLE',
        volumeWh: Wh(100),
        placedWh: '0',
        notPlacedWh: Wh(100),
        reasons: ['BENEFICIARY_MISMATCH'],
      },
    ]);
    expect(body.factorsUsed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'AIB-ERM-2023-DE',
          kind: 'RESIDUAL_MIX',
          value: '719.90',
          unit: 'gCO2/kWh',
          kgPerMwh: '719.9',
          verified: false,
        }),
      ]),
    );
  });

  it('explains one site: its inputs, slices, factors and figures only', async () => {
    const res = await org.as.auditor.get(`${SCOPE2}/explain?year=2026&siteId=${site.de}`).expect(200);
    expect(res.body).toMatchObject({
      siteId: site.de,
      figures: {
        consumptionWh: Wh(1000),
        locationBased: { tCo2e: '380.000', complete: true },
        marketBased: { tCo2e: '287.960', complete: true },
      },
    });
    expect(res.body.sites.map((s: { siteId: string }) => s.siteId)).toEqual([site.de]);
    expect(res.body.renewableSlices.map((s: { claimId: string }) => s.claimId)).toEqual([claimIds.go]);
    expect(res.body.claimsNotUsed.map((c: { claimId: string }) => c.claimId)).toEqual([claimIds.mismatch]);
    expect(res.body.factorsUsed.map((f: { id: string }) => f.id)).toEqual([
      'AIB-ERM-2023-DE',
      'UBA-CC23-2024-DE',
    ]);
    expect(res.body.errors).toEqual([]);
    expect(
      (await org.as.auditor.get(`${SCOPE2}/explain?year=2026&siteId=${site.us}`)).body.claimsNotUsed,
    ).toEqual([]);
  });

  it('recomputes with the set chosen for the year', async () => {
    const loaded = await org.as.officer
      .post('/api/v1/emission-factor-sets', {
        name: 'Scope 2 test factors',
        version: '2025',
        csv: readFileSync(
          path.join(__dirname, '..', 'fixtures', 'emission-factors', 'ok', 'test-grid-2025.csv'),
          'utf8',
        ),
      })
      .expect(201);
    await request(t.http)
      .put('/api/v1/emission-factor-sets/selection/2026')
      .set({ Authorization: `Bearer ${org.as.officer.token}`, 'X-Organization-Id': org.id })
      .send({ factorSetId: loaded.body.id })
      .expect(200);
    const body = (await org.as.auditor.get(`${SCOPE2}?year=2026`).expect(200)).body;
    expect(body.factorSelection).toMatchObject({ explicit: true, factorSet: { id: loaded.body.id } });
    expect(body.organization).toMatchObject({
      locationBased: { tCo2e: '874.200', complete: true },
      marketBased: { tCo2e: '637.390', complete: true },
    });
    expect(tonnes(siteOf(body, site.kr))).toEqual(['456.700', '319.690']);
    expect(tonnes(siteOf(body, site.de))).toEqual(['380.000', '280.200']);
    expect(tonnes(siteOf(body, site.us))).toEqual(['37.500', '37.500']);
    expect(body.errors).toEqual([]);
    expect(body.factorsUsed.map((f: { id: string }) => f.id)).toEqual([
      'DE-TEST-2025-LOCATION',
      'DE-TEST-2025-RESIDUAL',
      'KR-TEST-2025-LOCATION',
      'US-RFCE-TEST-2025',
    ]);
    // Other years keep the defaults.
    expect((await org.as.auditor.get(`${SCOPE2}?year=2025`).expect(200)).body.factorSelection.explicit).toBe(
      false,
    );
  });

  it('takes a site’s supplier-specific factor before the residual mix (S2-MB-1)', async () => {
    // The test set plus the Berlin supplier's disclosed 0.2 t/MWh: Berlin's 400 MWh not covered by GOs
    // give 400 × 0.2 = 80.000 t instead of 400 × 0.7005 = 280.200 t; location-based stays 380.000 t.
    // Organization market-based: 319.690 + 80.000 + 37.500 = 437.190 t.
    const csv =
      readFileSync(
        path.join(__dirname, '..', 'fixtures', 'emission-factors', 'ok', 'test-grid-2025.csv'),
        'utf8',
      ) +
      'SUPPLIER-BERLIN-2025,Test fixture (fictional supplier),t1,2025,DE,SUPPLIER,0.2,tCO2e/MWh,CO2e,true,\n';
    const loaded = await org.as.officer
      .post('/api/v1/emission-factor-sets', { name: 'Scope 2 supplier factors', version: '2025', csv })
      .expect(201);
    await request(t.http)
      .put('/api/v1/emission-factor-sets/selection/2026')
      .set({ Authorization: `Bearer ${org.as.officer.token}`, 'X-Organization-Id': org.id })
      .send({ factorSetId: loaded.body.id })
      .expect(200);
    await org.as.officer
      .patch(`/api/v1/sites/${site.de}`, { supplierFactorId: 'SUPPLIER-BERLIN-2025' })
      .expect(200);
    const body = (await org.as.auditor.get(`${SCOPE2}?year=2026`).expect(200)).body;
    expect(tonnes(siteOf(body, site.de))).toEqual(['380.000', '80.000']);
    expect(body.organization.marketBased.tCo2e).toBe('437.190');
    const slices = (body.sites as { siteId: string; marketSlices: { factorId: string }[] }[]).find(
      (s) => s.siteId === site.de,
    )!.marketSlices;
    const remainder = slices.find((sl) => sl.factorId === 'SUPPLIER-BERLIN-2025');
    expect(remainder).toMatchObject({ wh: String(400_000_000n) });
    await org.as.officer.patch(`/api/v1/sites/${site.de}`, { supplierFactorId: null }).expect(200);
  });

  it('refuses bad queries and shows another organization nothing of this one (invariant 5)', async () => {
    expectError(await org.as.auditor.get(SCOPE2), 400, 'VALIDATION_FAILED', 'year');
    expectError(await org.as.auditor.get(`${SCOPE2}?year=twenty`), 400, 'VALIDATION_FAILED', 'year');
    expectError(await org.as.auditor.get(`${SCOPE2}?year=2026&siteId=x`), 400, 'VALIDATION_FAILED', 'siteId');
    expectError(
      await org.as.auditor.get(`${SCOPE2}/explain?year=2026&siteId=x`),
      400,
      'VALIDATION_FAILED',
      'siteId',
    );
    expectError(
      await org.as.auditor.get(`${SCOPE2}/explain?year=2026&siteId=${randomUUID()}`),
      404,
      'NOT_FOUND',
    );
    const other = await createOrganization(t.http, 'Scope2 other');
    expect((await other.as.executive.get(`${SCOPE2}?year=2026`).expect(200)).body).toMatchObject({
      organization: {
        consumptionWh: '0',
        locationBased: { tCo2e: '0.000' },
        marketBased: { tCo2e: '0.000' },
      },
      sites: [],
      countries: [],
    });
    expectError(
      await other.as.auditor.get(`${SCOPE2}/explain?year=2026&siteId=${site.de}`),
      404,
      'NOT_FOUND',
    );
  });

  it('is no longer provisional once the year is finalized', async () => {
    await finalizeYear(org.as.admin, 2026);
    const body = (await org.as.executive.get(`${SCOPE2}?year=2026`).expect(200)).body;
    expect(body.provisional).toBe(false);
    expect(body.organization.marketBased.tCo2e).toBe('637.390');
  });

  it('says which sites and MWh a total leaves out for want of a factor', async () => {
    const other = await createOrganization(t.http, 'Scope2 incomplete');
    const meterAt = async (country: string, timeZone: string, day: string, value: string) => {
      const siteId = (
        await other.as.officer
          .post('/api/v1/sites', { name: `${country} site`, country, timeZone })
          .expect(201)
      ).body.id;
      const meterId = (
        await other.as.officer
          .post('/api/v1/meters', {
            siteId,
            externalId: `${country}-1`,
            kind: 'interval',
            intervalMinutes: 1440,
            direction: 'import',
            unit: 'MWh',
          })
          .expect(201)
      ).body.id;
      await other.as.officer
        .post(`/api/v1/meters/${meterId}/readings`, { readings: [{ start: day, value }] })
        .expect(200);
      return siteId;
    };
    // Brazil has no factor in the shipped set: its 100 MWh are left out; Japan's 50 MWh are computed.
    const br = await meterAt('BR', 'America/Sao_Paulo', '2026-03-02T00:00:00-03:00', '100');
    await meterAt('JP', 'Asia/Tokyo', '2026-03-02T00:00:00+09:00', '50');
    const body = (await other.as.auditor.get(`${SCOPE2}?year=2026`).expect(200)).body;
    expect(body.organization.locationBased).toMatchObject({
      complete: false,
      leftOutWh: Wh(100),
      leftOutMwh: '100.000',
      leftOutSiteIds: [br],
    });
    expect(body.errors).toEqual([
      expect.objectContaining({
        code: 'FACTOR_MISSING',
        siteId: br,
        method: 'LOCATION_BASED',
        leftOutMwh: '100.000',
      }),
      expect.objectContaining({
        code: 'FACTOR_MISSING',
        siteId: br,
        method: 'MARKET_BASED',
        leftOutMwh: '100.000',
      }),
    ]);
  });
});
