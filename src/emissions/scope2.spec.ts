import fc from 'fast-check';
import {
  addDecimal,
  compareDecimal,
  ExactDecimal,
  FactorRow,
  parseDecimal,
  parseFactorRows,
  ZERO,
} from './factor-set';
import { DEFAULT_FACTOR_ROWS } from './reference/default-factors';
import {
  computeScope2,
  Scope2Input,
  Scope2RenewableSliceInput,
  Scope2Result,
  Scope2SiteInput,
  Scope2SiteResult,
} from './scope2';

const MWh = (n: bigint): bigint => n * 1_000_000n;

/** Fictional factors for regions the default set does not cover; never published values. */
function testRows(...rows: Record<string, unknown>[]): FactorRow[] {
  const parsed = parseFactorRows(
    rows.map((r) => ({
      source: 'Test fixture (fictional)',
      edition: 'test',
      dataYear: 2023,
      gas: 'CO2e',
      ...r,
    })),
  );
  expect(parsed.errors).toEqual([]);
  return parsed.ok;
}
const DE_GRID = testRows({
  id: 'TEST-DE-LOCATION',
  region: 'DE',
  kind: 'LOCATION',
  value: '380.5',
  unit: 'gCO2e/kWh',
});
const AT_GRID = testRows({
  id: 'TEST-AT-LOCATION',
  region: 'AT',
  kind: 'LOCATION',
  value: '0.150',
  unit: 'tCO2e/MWh',
});

const slice = (claimId: string, wh: bigint, extra: Partial<Scope2RenewableSliceInput> = {}) => ({
  claimId,
  wh,
  technology: 'SOLAR' as const,
  instrumentType: 'GO' as const,
  ...extra,
});

const run = (sites: Scope2SiteInput[], extra: Partial<Scope2Input> = {}): Scope2Result =>
  computeScope2({ reportingYear: 2023, factors: DEFAULT_FACTOR_ROWS, sites, ...extra });

const siteOf = (result: Scope2Result, siteId: string): Scope2SiteResult =>
  result.sites.find((s) => s.siteId === siteId)!;

const figures = (s: Pick<Scope2SiteResult, 'locationBased' | 'marketBased'>) => [
  s.locationBased.tCo2e,
  s.marketBased.tCo2e,
];

const KR_SITE: Scope2SiteInput = {
  siteId: 'kr-1',
  country: 'KR',
  consumptionWh: MWh(10_000n),
  renewableSlices: [
    slice('krec-1', MWh(4_000n), { instrumentType: 'K_REC', procurementMethod: 'KR_REC_PURCHASE' }),
    slice('ppa-1', MWh(1_000n), {
      technology: 'WIND',
      instrumentType: 'K_REC',
      procurementMethod: 'KR_DIRECT_PPA',
    }),
    slice('equity-1', MWh(500n), { instrumentType: 'K_REC', procurementMethod: 'KR_EQUITY_INVESTMENT' }),
  ],
};
const DE_SITE: Scope2SiteInput = {
  siteId: 'de-1',
  country: 'DE',
  consumptionWh: MWh(2_500n),
  renewableSlices: [slice('go-1', MWh(1_800n), { technology: 'WIND' })],
};
const US_RFCE_SITE: Scope2SiteInput = {
  siteId: 'us-1',
  country: 'US',
  gridRegion: 'RFCE',
  consumptionWh: MWh(5_000n),
  renewableSlices: [slice('rec-1', MWh(3_000n), { instrumentType: 'US_REC' })],
};
const US_CAMX_SITE: Scope2SiteInput = {
  siteId: 'us-2',
  country: 'US',
  gridRegion: 'US-CAMX',
  consumptionWh: MWh(1_000n),
  renewableSlices: [],
};

describe('Scope 2, Korea (S2-MB-2)', () => {
  // Reporting year 2023 → KR-GIR-2023-consumption-national, 0.4173 t/MWh = 417.3 kg/MWh.
  // LB = 10,000 MWh × 0.4173 = 4,173.000 t.
  // Q_RE = K-REC 4,000 + direct PPA 1,000 + equity 500 = 5,500 MWh at EF 0.
  // MB = (10,000 − 5,500) × 0.4173 = 4,500 × 0.4173 = 1,877.850 t.
  it('E_MB = (Q_total − Q_RE) × EF_grid, with EF 0 for REC, PPA and equity volumes', () => {
    const result = run([KR_SITE]);
    const site = siteOf(result, 'kr-1');
    expect(figures(site)).toEqual(['4173.000', '1877.850']);
    expect(site.zeroEmissionWh).toBe(MWh(5_500n));
    expect(site.marketSlices.map((s) => [s.claimId, s.tier, s.kgPerMwh, s.tCo2e])).toEqual([
      ['krec-1', 1, '0', '0.000'],
      ['ppa-1', 1, '0', '0.000'],
      ['equity-1', 1, '0', '0.000'],
      [null, 6, '417.3', '1877.850'],
    ]);
    expect(site.marketSlices[3]).toMatchObject({
      factorId: 'KR-GIR-2023-consumption-national',
      wh: MWh(4_500n),
      mwh: '4500.000',
      flags: ['RESIDUAL_MIX_NOT_APPLICABLE'],
    });
    expect(result.notices).toEqual([
      expect.objectContaining({
        code: 'RESIDUAL_MIX_NOT_APPLICABLE',
        rule: 'S2-MB-2',
        siteId: 'kr-1',
        region: 'KR',
      }),
    ]);
    expect(result.errors).toEqual([]);
  });

  // A green premium is not a PPA, REC or equity volume: by default it keeps the grid factor.
  // Slices: K-REC 4,000 + PPA 1,000 + equity 500 (EF 0) + green premium 1,000 (EF 0.4173).
  // MB = 1,000 × 0.4173 + (10,000 − 6,500) × 0.4173 = 417.300 + 1,460.550 = 1,877.850 t (as without it).
  // Zero-rated by option: MB = 3,500 × 0.4173 = 1,460.550 t.
  it('keeps the grid factor on green premium volumes unless configured', () => {
    const site: Scope2SiteInput = {
      ...KR_SITE,
      renewableSlices: [
        ...KR_SITE.renewableSlices,
        slice('gp-1', MWh(1_000n), { instrumentType: 'K_REC', procurementMethod: 'KR_GREEN_PREMIUM' }),
      ],
    };
    const byDefault = siteOf(run([site]), 'kr-1');
    expect(byDefault.marketBased.tCo2e).toBe('1877.850');
    expect(byDefault.marketSlices.find((s) => s.claimId === 'gp-1')).toMatchObject({
      tier: 6,
      tCo2e: '417.300',
      flags: ['KR_GREEN_PREMIUM_NOT_ZERO_RATED', 'RESIDUAL_MIX_NOT_APPLICABLE'],
    });
    const zeroRated = siteOf(run([site], { options: { koreaGreenPremiumZeroRated: true } }), 'kr-1');
    expect(zeroRated.marketBased.tCo2e).toBe('1460.550');
  });

  // The factor follows the reporting year: 2022 → 0.4541: LB = 4,541.000, MB = 4,500 × 0.4541 = 2,043.450.
  // 2021 → 0.4781: LB = 4,781.000, MB = 4,500 × 0.4781 = 2,151.450.
  it('uses the factor of the reporting year', () => {
    expect(figures(siteOf(run([KR_SITE], { reportingYear: 2022 }), 'kr-1'))).toEqual([
      '4541.000',
      '2043.450',
    ]);
    expect(figures(siteOf(run([KR_SITE], { reportingYear: 2021 }), 'kr-1'))).toEqual([
      '4781.000',
      '2151.450',
    ]);
  });
});

describe('Scope 2, self-generation counted from meters (no certificate)', () => {
  // 2023, KR: 1,000 MWh consumed, 200 MWh of it from the site's own solar, no certificate issued.
  // LB = 1,000 × 0.4173 = 417.300 t. MB = 200 × 0 + (1,000 − 200) × 0.4173 = 333.840 t.
  it('gets 0 as a tier 2 slice with its own stand-in factor id (S2-MB-1)', () => {
    const site = siteOf(
      run([
        {
          siteId: 'kr-solar',
          country: 'KR',
          consumptionWh: MWh(1_000n),
          renewableSlices: [
            slice('self-generation:f1:kr-solar', MWh(200n), {
              instrumentType: null,
              procurementMethod: 'SELF_GEN_OWNED',
            }),
          ],
        },
      ]),
      'kr-solar',
    );
    expect(figures(site)).toEqual(['417.300', '333.840']);
    expect(site.zeroEmissionWh).toBe(MWh(200n));
    expect(site.marketSlices[0]).toMatchObject({
      claimId: 'self-generation:f1:kr-solar',
      instrumentType: null,
      tier: 2,
      factorId: 'S2-MB-1-SELF-GENERATION-ZERO',
      kgPerMwh: '0',
      tCo2e: '0.000',
    });
  });
});

describe('Scope 2, Germany (GOs and the AIB residual mix)', () => {
  // MB: GOs 1,800 MWh at 0; remainder 700 MWh × 719.90 kg/MWh (AIB 2023, g/kWh = kg/MWh)
  //     = 503,930 kg = 503.930 t.
  // LB (fictional test factor 380.5 g/kWh): 2,500 MWh × 380.5 kg/MWh = 951,250 kg = 951.250 t.
  it('computes both methods with a grid factor loaded by the user', () => {
    const result = run([DE_SITE], { factors: [...DEFAULT_FACTOR_ROWS, ...DE_GRID] });
    const site = siteOf(result, 'de-1');
    expect(figures(site)).toEqual(['951.250', '503.930']);
    expect(site.marketSlices.map((s) => [s.claimId, s.tier, s.factorId, s.kgPerMwh])).toEqual([
      ['go-1', 1, 'S2-MB-1-EAC-ZERO', '0'],
      [null, 4, 'AIB-ERM-2023-DE', '719.9'],
    ]);
    expect(site.marketBased.gases).toEqual(['CO2']); // AIB residual mixes are CO2 only
    expect(site.locationBased.gases).toEqual(['CO2e']);
    expect(result.notices).toEqual([]);
    expect(result.errors).toEqual([]);
  });

  it('reports FACTOR_MISSING for the location-based method when the set has no DE grid factor', () => {
    const result = run([DE_SITE]);
    const site = siteOf(result, 'de-1');
    expect(result.errors).toEqual([
      expect.objectContaining({
        code: 'FACTOR_MISSING',
        siteId: 'de-1',
        method: 'LOCATION_BASED',
        region: 'DE',
      }),
    ]);
    expect(site.locationBased).toMatchObject({ tCo2e: '0.000', complete: false });
    expect(site.locationSlices).toEqual([]);
    expect(site.marketBased).toMatchObject({ tCo2e: '503.930', complete: true });
    expect(result.organization.locationBased.complete).toBe(false);
    expect(result.organization.marketBased.complete).toBe(true);
  });

  // Biomass GO 200 MWh of 1,000 MWh. Zero-rated (default): MB = 800 × 719.90 kg = 575.920 t.
  // biomassZeroCo2 off: the biomass slice takes the residual mix too: 200 × 719.90 = 143.980 t;
  // MB = 143.980 + 575.920 = 719.900 t.
  it('zero-rates EAC-backed biomass by default, configurable (S2-MB-1)', () => {
    const site: Scope2SiteInput = {
      siteId: 'de-2',
      country: 'DE',
      consumptionWh: MWh(1_000n),
      renewableSlices: [slice('bio-1', MWh(200n), { technology: 'BIOMASS' })],
    };
    expect(siteOf(run([site]), 'de-2').marketBased.tCo2e).toBe('575.920');
    const off = run([site], { options: { biomassZeroCo2: false } });
    expect(siteOf(off, 'de-2').marketBased.tCo2e).toBe('719.900');
    expect(siteOf(off, 'de-2').marketSlices[0]).toMatchObject({
      claimId: 'bio-1',
      tier: 4,
      tCo2e: '143.980',
      flags: ['BIOMASS_NOT_ZERO_RATED'],
    });
    expect(off.notices).toEqual([
      expect.objectContaining({ code: 'BIOMASS_NOT_ZERO_RATED', claimId: 'bio-1' }),
    ]);
  });

  // Contract (tier 2, fictional PPA factor 0) 300 MWh; supplier-specific remainder (tier 3, fictional
  // 250 g/kWh): 700 MWh × 250 kg/MWh = 175,000 kg = 175.000 t.
  it('uses contract (tier 2) and supplier-specific (tier 3) factors before the residual mix', () => {
    const factors = [
      ...DEFAULT_FACTOR_ROWS,
      ...testRows(
        { id: 'TEST-PPA-DE-WIND', region: 'DE', kind: 'CONTRACT', value: '0', unit: 'tCO2e/MWh' },
        { id: 'TEST-SUPPLIER-DE', region: 'DE', kind: 'SUPPLIER', value: '250', unit: 'gCO2e/kWh' },
      ),
    ];
    const result = run(
      [
        {
          siteId: 'de-3',
          country: 'DE',
          consumptionWh: MWh(1_000n),
          supplierFactorId: 'TEST-SUPPLIER-DE',
          renewableSlices: [
            slice('ppa-de', MWh(300n), {
              technology: 'WIND',
              instrumentType: 'CONTRACT_ONLY',
              procurementMethod: 'PPA_PHYSICAL',
              factorId: 'TEST-PPA-DE-WIND',
            }),
          ],
        },
      ],
      { factors },
    );
    const site = siteOf(result, 'de-3');
    expect(site.marketSlices.map((s) => [s.claimId, s.tier, s.factorId, s.tCo2e])).toEqual([
      ['ppa-de', 2, 'TEST-PPA-DE-WIND', '0.000'],
      [null, 3, 'TEST-SUPPLIER-DE', '175.000'],
    ]);
    expect(site.marketBased.tCo2e).toBe('175.000');
    expect(site.zeroEmissionWh).toBe(MWh(300n));
  });

  // A contract without certificate or contract factor conveys nothing: 300 MWh take the residual mix.
  // MB = 1,000 MWh × 719.90 kg = 719.900 t.
  it('does not zero-rate a CONTRACT_ONLY slice without a contract factor', () => {
    const result = run([
      {
        siteId: 'de-4',
        country: 'DE',
        consumptionWh: MWh(1_000n),
        renewableSlices: [slice('c-1', MWh(300n), { instrumentType: 'CONTRACT_ONLY' })],
      },
    ]);
    expect(siteOf(result, 'de-4').marketBased.tCo2e).toBe('719.900');
    expect(siteOf(result, 'de-4').marketSlices[0].flags).toEqual(['NO_INSTRUMENT']);
  });
});

describe('Scope 2, Austria (no residual mix published)', () => {
  const AT_SITE: Scope2SiteInput = {
    siteId: 'at-1',
    country: 'AT',
    consumptionWh: MWh(1_000n),
    renewableSlices: [slice('go-at', MWh(400n), { technology: 'HYDRO' })],
  };

  it('reports FACTOR_MISSING for both methods with the default set (no AT row at all)', () => {
    const result = run([AT_SITE]);
    expect(result.errors.map((e) => [e.code, e.method, e.region])).toEqual([
      ['FACTOR_MISSING', 'LOCATION_BASED', 'AT'],
      ['FACTOR_MISSING', 'MARKET_BASED', 'AT'],
    ]);
    expect(result.errors[1].message).toMatch(/No residual mix/);
    const site = siteOf(result, 'at-1');
    // Only the GO slice (0 t) could be computed.
    expect(site.marketSlices.map((s) => s.claimId)).toEqual(['go-at']);
    expect(site.marketBased).toMatchObject({ tCo2e: '0.000', complete: false });
  });

  // Fictional AT grid factor 0.150 t/MWh = 150 kg/MWh.
  // LB = 1,000 × 150 kg = 150.000 t; MB = (1,000 − 400) × 150 kg = 90.000 t, tier 6, flagged.
  it('falls back to the grid average, flagged, when a grid factor exists', () => {
    const result = run([AT_SITE], { factors: [...DEFAULT_FACTOR_ROWS, ...AT_GRID] });
    const site = siteOf(result, 'at-1');
    expect(figures(site)).toEqual(['150.000', '90.000']);
    expect(site.marketSlices[1]).toMatchObject({
      tier: 6,
      factorId: 'TEST-AT-LOCATION',
      flags: ['RESIDUAL_MIX_UNAVAILABLE'],
    });
    expect(result.notices).toEqual([
      expect.objectContaining({
        code: 'RESIDUAL_MIX_UNAVAILABLE',
        rule: 'S2-MB-1',
        method: 'MARKET_BASED',
        region: 'AT',
        message: expect.stringMatching(/No residual mix for AT/),
      }),
    ]);
    expect(result.errors).toEqual([]);
  });
});

describe('Scope 2, USA (eGRID2023 RFCE)', () => {
  // 599.170 lbCO2e/MWh × 0.45359237 kg/lb = 271.7789403329 kg/MWh (exact).
  // LB = 5,000 MWh × 271.7789403329 = 1,358,894.7016645 kg = 1,358.8947016645 t → 1,358.895.
  // MB: RECs 3,000 MWh at 0; no US residual mix in the set → RFCE grid average (tier 5, flagged):
  //     2,000 × 271.7789403329 = 543,557.8806658 kg = 543.5578806658 t → 543.558.
  it('uses the subregion for both methods and records every slice for re-performance', () => {
    const result = run([US_RFCE_SITE]);
    const site = siteOf(result, 'us-1');
    expect(figures(site)).toEqual(['1358.895', '543.558']);
    expect(site.locationBased.exactTCo2e).toBe('1358.8947016645');
    expect(site.marketBased.exactTCo2e).toBe('543.5578806658');
    expect(site.gridRegion).toBe('US-RFCE');
    expect(site.locationSlices).toEqual([
      {
        method: 'LOCATION_BASED',
        claimId: null,
        wh: MWh(5_000n),
        mwh: '5000.000',
        technology: null,
        instrumentType: null,
        tier: 5,
        factorId: 'EPA-eGRID2023-US-RFCE',
        source: 'US EPA eGRID, summary tables, total output emission rates',
        edition: 'eGRID2023',
        dataYear: 2023,
        region: 'US-RFCE',
        gas: 'CO2e',
        factorValue: '599.170',
        factorUnit: 'lbCO2e/MWh',
        kgPerMwh: '271.7789403329',
        tCo2e: '1358.895',
        exactTCo2e: '1358.8947016645',
        flags: [],
      },
    ]);
    expect(site.marketSlices[0]).toMatchObject({
      claimId: 'rec-1',
      technology: 'SOLAR',
      instrumentType: 'US_REC',
      tier: 1,
      factorId: 'S2-MB-1-EAC-ZERO',
      dataYear: null,
      kgPerMwh: '0',
    });
    expect(site.marketSlices[1]).toMatchObject({ tier: 5, flags: ['RESIDUAL_MIX_UNAVAILABLE'] });
    expect(result.notices[0]).toMatchObject({
      code: 'RESIDUAL_MIX_UNAVAILABLE',
      region: 'US-RFCE',
      message: expect.stringContaining('US-RFCE or US'),
    });
    expect(result.factorsUsed).toEqual([
      expect.objectContaining({ id: 'EPA-eGRID2023-US-RFCE', verified: false, kgPerMwh: '271.7789403329' }),
    ]);
  });

  // Uncovered subregion → US average 770.884 lb = 349.66710055508 kg/MWh; 1,000 MWh → 349.667 t.
  it('falls back to the US average for a subregion the set does not cover (S2-LB-1)', () => {
    const result = run([{ ...US_CAMX_SITE, siteId: 'us-3', gridRegion: 'ERCT' }]);
    const site = siteOf(result, 'us-3');
    expect(site.locationSlices[0]).toMatchObject({
      tier: 6,
      factorId: 'EPA-eGRID2023-US',
      kgPerMwh: '349.66710055508',
      tCo2e: '349.667',
      flags: ['SUBNATIONAL_FACTOR_UNAVAILABLE'],
    });
    expect(result.notices.map((n) => [n.code, n.method, n.region])).toEqual([
      ['SUBNATIONAL_FACTOR_UNAVAILABLE', 'LOCATION_BASED', 'US-ERCT'],
      ['RESIDUAL_MIX_UNAVAILABLE', 'MARKET_BASED', 'US-ERCT'],
      ['SUBNATIONAL_FACTOR_UNAVAILABLE', 'MARKET_BASED', 'US-ERCT'],
    ]);
  });
});

describe('Scope 2, organization (S2-DUAL-1)', () => {
  // CAMX: 429.983 lb × 0.45359237 = 195.03700802971 kg/MWh; 1,000 MWh, no RECs: LB = MB = 195.03700802971 t.
  // Sites (LB / MB, exact):
  //   kr-1   4,173            / 1,877.85
  //   de-1     951.25         /   503.93
  //   us-1   1,358.8947016645 /   543.5578806658
  //   us-2     195.03700802971/   195.03700802971
  // US  LB = 1,553.93170969421 → 1,553.932; MB = 738.59488869551 → 738.595
  // Org LB = 6,678.18170969421 → 6,678.182; MB = 3,120.37488869551 → 3,120.375
  it('totals per country and organization from the exact site figures', () => {
    const result = run([KR_SITE, DE_SITE, US_RFCE_SITE, US_CAMX_SITE], {
      factors: [...DEFAULT_FACTOR_ROWS, ...DE_GRID],
    });
    expect(result.sites.map((s) => [s.siteId, ...figures(s)])).toEqual([
      ['kr-1', '4173.000', '1877.850'],
      ['de-1', '951.250', '503.930'],
      ['us-1', '1358.895', '543.558'],
      ['us-2', '195.037', '195.037'],
    ]);
    expect(result.countries.map((c) => [c.country, ...figures(c), c.consumptionMwh])).toEqual([
      ['DE', '951.250', '503.930', '2500.000'],
      ['KR', '4173.000', '1877.850', '10000.000'],
      ['US', '1553.932', '738.595', '6000.000'],
    ]);
    expect(figures(result.organization)).toEqual(['6678.182', '3120.375']);
    expect(result.organization.locationBased.exactTCo2e).toBe('6678.18170969421');
    expect(result.organization.marketBased.exactTCo2e).toBe('3120.37488869551');
    expect(result.organization.consumptionWh).toBe(MWh(18_500n));
    expect(result.organization.zeroEmissionWh).toBe(MWh(5_500n + 1_800n + 3_000n));
    expect(result.organization.marketBased.gases).toEqual(['CO2', 'CO2e']);
    expect(result.factorsUsed.map((f) => f.id)).toEqual([
      'AIB-ERM-2023-DE',
      'EPA-eGRID2023-US-CAMX',
      'EPA-eGRID2023-US-RFCE',
      'KR-GIR-2023-consumption-national',
      'TEST-DE-LOCATION',
    ]);
    expect(result.errors).toEqual([]);
  });

  // Test factor 500 kgCO2e/MWh in NL (fictional). 1,000 Wh × 500 kg/MWh = 0.5 kg = 0.0005 t → 0.001
  // (half away from zero; half-even would give 0.000). Two such sites: exact 0.0005 + 0.0005 = 0.001.
  // Two sites of 800 Wh: 0.0004 t each → 0.000 each, but 0.0008 t together → 0.001: rounding happens
  // once per figure, on its exact value, so rounded parts need not add up to the rounded total.
  it('rounds each figure once, half away from zero, from exact sums', () => {
    const factors = [
      ...DEFAULT_FACTOR_ROWS,
      ...testRows({
        id: 'TEST-NL-LOCATION',
        region: 'NL',
        kind: 'LOCATION',
        value: '500',
        unit: 'kgCO2e/MWh',
      }),
    ];
    const site = (siteId: string, consumptionWh: bigint): Scope2SiteInput => ({
      siteId,
      country: 'NL',
      consumptionWh,
      renewableSlices: [],
    });
    const half = run([site('nl-1', 1_000n)], { factors });
    expect(half.sites[0].locationBased).toMatchObject({ tCo2e: '0.001', exactTCo2e: '0.0005' });
    const small = run([site('nl-1', 800n), site('nl-2', 800n)], { factors });
    expect(small.sites.map((s) => s.locationBased.tCo2e)).toEqual(['0.000', '0.000']);
    expect(small.organization.locationBased).toMatchObject({ tCo2e: '0.001', exactTCo2e: '0.0008' });
    // MB: NL residual mix 379.89 g/kWh: 800 Wh × 379.89 kg/MWh = 0.303912 kg = 0.000303912 t per site.
    expect(small.organization.marketBased.exactTCo2e).toBe('0.000607824');
    expect(small.organization.marketBased.tCo2e).toBe('0.001');
  });
});

describe('Scope 2, bad input becomes errors, never a throw', () => {
  it('flags slices that exceed consumption', () => {
    const result = run([{ ...DE_SITE, consumptionWh: MWh(1_000n) }]);
    expect(result.errors.map((e) => e.code)).toEqual(['FACTOR_MISSING', 'SLICES_EXCEED_CONSUMPTION']);
    expect(siteOf(result, 'de-1').marketBased.complete).toBe(false);
  });

  it('leaves out invalid slices, whose energy stays in the remainder', () => {
    // Negative and non-renewable slices are dropped: MB = 1,000 MWh × 719.90 kg = 719.900 t.
    const result = run([
      {
        siteId: 'de-5',
        country: 'DE',
        consumptionWh: MWh(1_000n),
        renewableSlices: [
          slice('neg', -1n),
          slice('nuke', MWh(100n), { technology: 'NUCLEAR' as unknown as 'SOLAR' }),
        ],
      },
    ]);
    expect(result.errors.filter((e) => e.code === 'SLICE_INVALID').map((e) => e.claimId)).toEqual([
      'neg',
      'nuke',
    ]);
    expect(siteOf(result, 'de-5').marketBased).toMatchObject({ tCo2e: '719.900', complete: true });
  });

  it('reports an unknown contract factor id', () => {
    const result = run([
      {
        siteId: 'de-6',
        country: 'DE',
        consumptionWh: MWh(1_000n),
        renewableSlices: [slice('ppa-x', MWh(100n), { factorId: 'NOPE' })],
      },
    ]);
    expect(result.errors).toContainEqual(
      expect.objectContaining({ code: 'FACTOR_NOT_FOUND', claimId: 'ppa-x', factorId: 'NOPE' }),
    );
    // The remainder (900 MWh × 719.90 = 647.910 t) is computed; the figure is marked incomplete.
    expect(siteOf(result, 'de-6').marketBased).toMatchObject({ tCo2e: '647.910', complete: false });
  });

  it('rejects invalid and duplicate sites, marking the totals incomplete', () => {
    const result = run([
      US_CAMX_SITE,
      { ...US_CAMX_SITE },
      { ...US_CAMX_SITE, siteId: 'bad-country', country: 'XX' },
      { ...US_CAMX_SITE, siteId: 'bad-region', gridRegion: 'DE-RFCE' },
      { ...US_CAMX_SITE, siteId: 'negative', consumptionWh: -1n },
    ]);
    expect(result.errors.map((e) => [e.code, e.siteId])).toEqual([
      ['SITE_DUPLICATE', 'us-2'],
      ['SITE_INVALID', 'bad-country'],
      ['SITE_INVALID', 'bad-region'],
      ['SITE_INVALID', 'negative'],
    ]);
    expect(result.sites.map((s) => s.siteId)).toEqual(['us-2']);
    expect(result.organization.locationBased.complete).toBe(false);
    expect(result.countries).toEqual([expect.objectContaining({ country: 'US' })]);
    expect(result.countries[0].marketBased.complete).toBe(false);
  });

  it('needs no factor for a site without consumption', () => {
    const result = run([{ siteId: 'at-0', country: 'AT', consumptionWh: 0n, renewableSlices: [] }]);
    expect(result.errors).toEqual([]);
    expect(figures(result.organization)).toEqual(['0.000', '0.000']);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------

const COUNTRIES = ['KR', 'DE', 'US', 'AT', 'NL'] as const;
const exact = (text: string): ExactDecimal => parseDecimal(text)!;
const sum = (texts: string[]): ExactDecimal => texts.map(exact).reduce(addDecimal, ZERO);
const same = (a: ExactDecimal, b: ExactDecimal) => compareDecimal(a, b) === 0;

/** A site with consumption and eligible slices that never exceed it. */
const siteArb = (siteId: string) =>
  fc
    .record({
      country: fc.constantFrom(...COUNTRIES),
      gridRegion: fc.option(fc.constantFrom('RFCE', 'CAMX', 'ERCT'), { nil: undefined }),
      consumptionWh: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      shares: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 4 }),
      technology: fc.constantFrom('WIND', 'SOLAR', 'HYDRO', 'BIOMASS', 'GEOTHERMAL' as const),
    })
    .map(({ country, gridRegion, consumptionWh, shares, technology }): Scope2SiteInput => {
      // Slice i gets share_i / max(1000 × count, Σ shares) of consumption: Σ slices ≤ consumption.
      const denominator = BigInt(
        Math.max(
          1000 * shares.length,
          shares.reduce((a, b) => a + b, 0),
          1,
        ),
      );
      return {
        siteId,
        country,
        gridRegion: country === 'US' ? gridRegion : undefined,
        consumptionWh,
        renewableSlices: shares.map((share, i) => ({
          claimId: `${siteId}-c${i}`,
          wh: (consumptionWh * BigInt(share)) / denominator,
          technology,
          instrumentType: 'GO',
        })),
      };
    });

const sitesArb = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => siteArb(`s${i}`))));

/** One value for every location and residual-mix factor of every test country. */
const uniformFactors = (value: string): FactorRow[] =>
  testRows(
    ...COUNTRIES.flatMap((region) => [
      { id: `U-LB-${region}`, region, kind: 'LOCATION', value, unit: 'kgCO2e/MWh' },
      { id: `U-RM-${region}`, region, kind: 'RESIDUAL_MIX', value, unit: 'kgCO2e/MWh' },
    ]),
  );

const decimalArb = fc
  .tuple(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 3 }))
  .map(([units, scale]) => (units / 10 ** scale).toFixed(scale));

describe('Scope 2 properties', () => {
  it('MB ≤ LB when all factors are equal and renewables get 0; MB = (consumption − RE) × EF exactly', () => {
    fc.assert(
      fc.property(sitesArb, decimalArb, (sites, value) => {
        const result = computeScope2({ reportingYear: 2023, factors: uniformFactors(value), sites });
        expect(result.errors).toEqual([]);
        for (const site of [...result.sites, ...result.countries, result.organization]) {
          expect(
            compareDecimal(exact(site.marketBased.exactTCo2e), exact(site.locationBased.exactTCo2e)),
          ).toBeLessThan(1);
        }
        for (const site of result.sites) {
          const input = sites.find((s) => s.siteId === site.siteId)!;
          const re = input.renewableSlices.reduce((a, s) => a + s.wh, 0n);
          // (consumption − RE) Wh × value kg/MWh / 10^9 = t
          const expected = {
            units: (input.consumptionWh - re) * exact(value).units,
            scale: exact(value).scale + 9,
          };
          expect(same(exact(site.marketBased.exactTCo2e), expected)).toBe(true);
        }
      }),
    );
  });

  it('totals tie out exactly: organization = Σ countries = Σ sites = Σ slices, also with missing factors', () => {
    fc.assert(
      fc.property(sitesArb, fc.boolean(), (sites, withUserRows) => {
        const factors = withUserRows ? [...DEFAULT_FACTOR_ROWS, ...DE_GRID, ...AT_GRID] : DEFAULT_FACTOR_ROWS;
        const result = computeScope2({ reportingYear: 2023, factors, sites });
        for (const method of ['locationBased', 'marketBased'] as const) {
          const org = exact(result.organization[method].exactTCo2e);
          expect(same(org, sum(result.countries.map((c) => c[method].exactTCo2e)))).toBe(true);
          expect(same(org, sum(result.sites.map((s) => s[method].exactTCo2e)))).toBe(true);
          for (const site of result.sites) {
            const slices = method === 'locationBased' ? site.locationSlices : site.marketSlices;
            expect(same(exact(site[method].exactTCo2e), sum(slices.map((s) => s.exactTCo2e)))).toBe(true);
            if (site[method].complete) expect(slices.reduce((a, s) => a + s.wh, 0n)).toBe(site.consumptionWh);
          }
        }
        expect(result.organization.consumptionWh).toBe(sites.reduce((a, s) => a + s.consumptionWh, 0n));
      }),
    );
  });
});
