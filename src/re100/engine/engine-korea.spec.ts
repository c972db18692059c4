import { claim, evaluate2024, marketOfResult, mwh, site } from '../../../test/support/re100-fixtures';

/**
 * Korea: its own market (RE100-MB-4), K-RECs and 재생에너지 사용확인서 as the instrument, Korean methods kept
 * as tags on the RE100 types (domain.md §1). Korea has no residual mix; that matters for Scope 2, not here.
 *
 * Sites: kr-hq KR 2,000 MWh (100 MWh self-generated), kr-fab KR 3,000 MWh, jp-1 JP 500 MWh. Total 5,500.
 * Allowance 15 % × 5,500 = 825 MWh.
 * Claims (all retired for the legal entity, vintage 2024):
 *   krec          KR_REC_PURCHASE (4)  K-REC, solar 2019        1,200   counts
 *   gp-wind       KR_GREEN_PREMIUM (3) wind 2015 (age 9)           800   counts
 *   direct-ppa    KR_DIRECT_PPA (2)    hydro 1990 (age 34)         500   no contract facts: not exempt
 *                                                                        (RE100-AGE-2 corrected) → allowance 500
 *   gp-old-hydro  KR_GREEN_PREMIUM (3) hydro 2000 (age 24)         300   type 3 not exempt → allowance 300
 *   rooftop       KR_SELF_GEN (1)      solar, no certificate       100   counts
 *   krec-for-jp   KR_REC_PURCHASE (4)  K-REC for the JP market     200   MARKET_BOUNDARY
 *   jp-nfc        (4)                  JP tracked NFC, solar       100   counts in JP
 * Allowance used 500 + 300 = 800 of 825 (was 300 while every type-2 PPA was exempt; the figures are unchanged).
 * KR: 1,200 + 800 + 500 + 300 + 100 = 2,900 / 5,000 = 58.00 %. JP: 100 / 500 = 20.00 %.
 * Total 3,000 / 5,500 = 54.545… % → '54.54'.
 * By type (of 5,500): 1: 100 → 1.81 %; 2: 500 → 9.09 %; 3: 1,100 → 20.00 %; 4: 1,300 → 23.63 %; 5: 0.
 * (Each type is rounded down on its own, so the types sum to 54.53, not 54.54.)
 */
const SITES = [
  site('kr-hq', 'KR', 2_000, { selfGenerationConsumedWh: mwh(100) }),
  site('kr-fab', 'KR', 3_000),
  site('jp-1', 'JP', 500),
];
const krec = { type: 'K_REC' as const };
const kr = (commissioningDate: string, extra: { sustainabilityEvidence?: boolean } = {}) => ({
  country: 'KR',
  commissioningDate,
  ...extra,
});
const CLAIMS = [
  claim('krec', 1_200, {
    krTag: 'KR_REC_PURCHASE',
    consumptionMarket: 'KR',
    technology: 'SOLAR',
    facility: kr('2019-03-01'),
    instrument: krec,
  }),
  claim('gp-wind', 800, {
    method: 'SUPPLIER_GREEN_TARIFF',
    krTag: 'KR_GREEN_PREMIUM',
    consumptionMarket: 'KR',
    facility: kr('2015-11-01'),
    instrument: krec,
  }),
  claim('direct-ppa', 500, {
    method: 'PPA_PHYSICAL',
    krTag: 'KR_DIRECT_PPA',
    consumptionMarket: 'KR',
    siteIds: ['kr-fab'],
    technology: 'HYDRO',
    facility: kr('1990-06-01', { sustainabilityEvidence: true }),
    instrument: krec,
  }),
  claim('gp-old-hydro', 300, {
    method: 'SUPPLIER_GREEN_TARIFF',
    krTag: 'KR_GREEN_PREMIUM',
    consumptionMarket: 'KR',
    technology: 'HYDRO',
    facility: kr('2000-01-01', { sustainabilityEvidence: true }),
    instrument: krec,
  }),
  claim('rooftop', 100, {
    method: 'SELF_GEN_OWNED',
    krTag: 'KR_SELF_GEN',
    consumptionMarket: 'KR',
    siteIds: ['kr-hq'],
    technology: 'SOLAR',
    facility: kr('2022-05-01'),
    instrument: null,
  }),
  claim('krec-for-jp', 200, {
    krTag: 'KR_REC_PURCHASE',
    consumptionMarket: 'JP',
    technology: 'SOLAR',
    facility: kr('2019-03-01'),
    instrument: krec,
  }),
  claim('jp-nfc', 100, {
    consumptionMarket: 'JP',
    technology: 'SOLAR',
    facility: { country: 'JP', commissioningDate: '2018-01-01' },
    instrument: { type: 'JP_NFC_TRACKED' },
  }),
];

describe('RE100 engine: Korea', () => {
  const result = evaluate2024(SITES, CLAIMS);

  it('judges each Korean claim', () => {
    expect(result.claims.map((v) => [v.claimId, v.eligibleWh, v.reasons])).toEqual([
      ['krec', mwh(1_200), []],
      ['gp-wind', mwh(800), []],
      ['direct-ppa', mwh(500), ['FACILITY_TOO_OLD', 'AGE_ALLOWANCE_APPLIED']],
      ['gp-old-hydro', mwh(300), ['FACILITY_TOO_OLD', 'AGE_ALLOWANCE_APPLIED']],
      ['rooftop', mwh(100), ['METERED_SELF_GENERATION']],
      ['krec-for-jp', 0n, ['MARKET_BOUNDARY']],
      ['jp-nfc', mwh(100), []],
    ]);
  });

  it('keeps Korea and Japan apart', () => {
    expect(marketOfResult(result, 'KR')).toMatchObject({
      consumptionWh: mwh(5_000),
      eligibleWh: mwh(2_900),
      rePercent: '58.00',
    });
    expect(marketOfResult(result, 'JP')).toMatchObject({
      consumptionWh: mwh(500),
      eligibleWh: mwh(100),
      rePercent: '20.00',
    });
    expect(result.totals).toMatchObject({
      consumptionWh: mwh(5_500),
      eligibleWh: mwh(3_000),
      rePercent: '54.54',
      ageAllowance: { limitWh: mwh(825), usedWh: mwh(800) },
    });
  });

  it('breaks down by RE100 type with the Korean tags kept', () => {
    expect(result.byProcurementType.map((t) => [t.type, t.volumeWh, t.eligibleWh, t.rePercent])).toEqual([
      [1, mwh(100), mwh(100), '1.81'],
      [2, mwh(500), mwh(500), '9.09'],
      [3, mwh(1_100), mwh(1_100), '20.00'],
      [4, mwh(1_500), mwh(1_300), '23.63'],
      [5, 0n, 0n, '0.00'],
    ]);
    expect(result.byProcurementType[2].methods).toEqual([
      {
        method: 'SUPPLIER_GREEN_TARIFF',
        krTag: 'KR_GREEN_PREMIUM',
        equityStake: false,
        claimCount: 2,
        volumeWh: mwh(1_100),
        eligibleWh: mwh(1_100),
      },
    ]);
    expect(result.byProcurementType[3].methods).toEqual([
      {
        method: 'UNBUNDLED_EAC',
        krTag: null,
        equityStake: false,
        claimCount: 1,
        volumeWh: mwh(100),
        eligibleWh: mwh(100),
      },
      {
        method: 'UNBUNDLED_EAC',
        krTag: 'KR_REC_PURCHASE',
        equityStake: false,
        claimCount: 2,
        volumeWh: mwh(1_400),
        eligibleWh: mwh(1_200),
      },
    ]);
  });

  it('reports Korea by country with its self-generation', () => {
    expect(result.byCountry.find((c) => c.country === 'KR')).toEqual({
      country: 'KR',
      market: 'KR',
      consumptionWh: mwh(5_000),
      selfGenerationConsumedWh: mwh(100),
      purchasedWh: mwh(4_900),
      excludedWh: 0n,
      inScopeWh: mwh(5_000),
      eligibleWh: mwh(2_900),
      rePercent: '58.00',
    });
  });
});
