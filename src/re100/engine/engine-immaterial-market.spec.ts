import {
  claim,
  evaluate2024,
  marketOfResult,
  mwh,
  site,
  verdictOf,
} from '../../../test/support/re100-fixtures';

/**
 * RE100-SCOPE-2: a market whose consumption is ≤ 100 MWh in the year is excluded as immaterial; sites the
 * organization flags are excluded too; exclusions and reasons are reported (CDP 7.30.16).
 *
 * Sites: kr-1 KR 1,000 MWh; kr-2 KR 50 MWh flagged ('Leased warehouse, landlord supply');
 *        jp-1 JP 80 MWh; sg-1 SG exactly 100 MWh, also flagged; cn-1 CN 100.000001 MWh (100,000,001 Wh).
 * Markets: KR 1,050 (material, 50 flagged), JP 80 (≤ 100: excluded), SG 100 (≤ 100: excluded),
 *          CN 100.000001 (> 100: kept).
 * Consumption 1,330.000001 MWh; excluded 50 + 80 + 100 = 230 MWh; in scope 1,100.000001 MWh.
 * Claims: krec 700 → KR counts; jp-nfc 80 → JP, in-scope 0 → capped; cn-irec 100.000001 → CN counts.
 * Eligible 800.000001 MWh. RE % = 800,000,001 / 1,100,000,001 × 100 = 72.727… → '72.72'.
 */
const SITES = [
  site('kr-1', 'KR', 1_000),
  site('kr-2', 'KR', 50, { excluded: true, exclusionReason: 'Leased warehouse, landlord supply' }),
  site('jp-1', 'JP', 80),
  site('sg-1', 'SG', 100, { excluded: true, exclusionReason: 'Sales office' }),
  site('cn-1', 'CN', 0, { consumptionWh: 100_000_001n }),
];
const CLAIMS = [
  claim('krec', 700, {
    consumptionMarket: 'KR',
    technology: 'SOLAR',
    facility: { country: 'KR' },
    instrument: { type: 'K_REC' },
  }),
  claim('jp-nfc', 80, {
    consumptionMarket: 'JP',
    technology: 'SOLAR',
    facility: { country: 'JP' },
    instrument: { type: 'JP_NFC_TRACKED' },
  }),
  {
    ...claim('cn-irec', 0, {
      consumptionMarket: 'CN',
      facility: { country: 'CN' },
      instrument: { type: 'I_REC' },
    }),
    volumeWh: 100_000_001n,
  },
];

describe('RE100 engine: immaterial markets and excluded sites (RE100-SCOPE-2)', () => {
  const result = evaluate2024(SITES, CLAIMS);

  it('excludes markets at or below 100 MWh and flagged sites', () => {
    expect(result.excludedSites).toEqual([
      {
        siteId: 'kr-2',
        country: 'KR',
        market: 'KR',
        consumptionWh: mwh(50),
        reasons: ['FLAGGED'],
        note: 'Leased warehouse, landlord supply',
      },
      {
        siteId: 'jp-1',
        country: 'JP',
        market: 'JP',
        consumptionWh: mwh(80),
        reasons: ['IMMATERIAL_MARKET'],
        note: null,
      },
      {
        siteId: 'sg-1',
        country: 'SG',
        market: 'SG',
        consumptionWh: mwh(100),
        reasons: ['FLAGGED', 'IMMATERIAL_MARKET'],
        note: 'Sales office',
      },
    ]);
    expect(result.markets.map((m) => [m.market, m.immaterial, m.excludedWh, m.inScopeWh])).toEqual([
      ['CN', false, 0n, 100_000_001n],
      ['JP', true, mwh(80), 0n],
      ['KR', false, mwh(50), mwh(1_000)],
      ['SG', true, mwh(100), 0n],
    ]);
  });

  it('takes the excluded consumption out of the denominator', () => {
    expect(result.totals).toMatchObject({
      consumptionWh: 1_330_000_001n,
      excludedWh: mwh(230),
      inScopeWh: 1_100_000_001n,
      eligibleWh: 800_000_001n,
      rePercent: '72.72',
    });
  });

  it('caps a claim in an excluded market to nothing', () => {
    expect(verdictOf(result, 'jp-nfc')).toMatchObject({
      eligibleWh: 0n,
      reasons: ['CAPPED_AT_MARKET_CONSUMPTION'],
    });
    expect(marketOfResult(result, 'JP').rePercent).toBe('0.00');
  });

  it('caps a market at its non-excluded consumption (KR: 1,000 of 1,050 MWh)', () => {
    const more = evaluate2024(SITES, [
      claim('krec', 1_050, {
        consumptionMarket: 'KR',
        technology: 'SOLAR',
        facility: { country: 'KR' },
        instrument: { type: 'K_REC' },
      }),
    ]);
    expect(verdictOf(more, 'krec')).toMatchObject({ eligibleWh: mwh(1_000), ineligibleWh: mwh(50) });
  });

  it('uses the configured threshold (0: only the flagged sites are excluded)', () => {
    const strictScope = evaluate2024(SITES, CLAIMS, { immaterialMarketThresholdWh: 0n });
    // Excluded: kr-2 50 + sg-1 100 = 150; in scope 1,180.000001; eligible 700 + 80 + 100.000001 = 880.000001.
    expect(strictScope.totals).toMatchObject({
      excludedWh: mwh(150),
      inScopeWh: 1_180_000_001n,
      eligibleWh: 880_000_001n,
    });
    expect(strictScope.excludedSites.map((s) => s.siteId)).toEqual(['kr-2', 'sg-1']);
  });
});
