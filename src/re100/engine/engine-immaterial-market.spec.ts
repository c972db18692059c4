import {
  claim,
  evaluate2024,
  marketOfResult,
  mwh,
  site,
  verdictOf,
} from '../../../test/support/re100-fixtures';

/**
 * RE100-SCOPE-2: a site may be excluded when its market consumes ≤ 100 MWh in the year; the organization
 * chooses (its flag on a site, or `excludeImmaterialMarkets` for every such market); exclusions and reasons
 * are reported (CDP 7.30.16). A flagged site in a larger market stays in the denominator.
 *
 * Sites: kr-1 KR 1,000 MWh; kr-2 KR 50 MWh flagged ('Leased warehouse, landlord supply');
 *        jp-1 JP 80 MWh; sg-1 SG exactly 100 MWh, also flagged; cn-1 CN 100.000001 MWh (100,000,001 Wh).
 * Markets: KR 1,050 (material: kr-2's exclusion is not allowed), JP 80 (≤ 100), SG 100 (≤ 100),
 *          CN 100.000001 (> 100: kept).
 * With excludeImmaterialMarkets: excluded jp-1 80 + sg-1 100 = 180 MWh; consumption 1,330.000001 MWh;
 * in scope 1,150.000001 MWh.
 * Claims: krec 700 → KR counts; jp-nfc 80 → JP, in-scope 0 → capped; cn-irec 100.000001 → CN counts.
 * Eligible 800.000001 MWh. RE % = 800,000,001 / 1,150,000,001 × 100 = 69.565… → '69.56'.
 * (Before the exclusion rule was enforced kr-2 left the denominator too: 800,000,001 / 1,100,000,001 = 72.72 %.)
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
  const result = evaluate2024(SITES, CLAIMS, {}, { excludeImmaterialMarkets: true });

  it('excludes the sites of markets at or below 100 MWh and refuses the flag in a larger market', () => {
    expect(result.excludedSites).toEqual([
      {
        siteId: 'kr-2',
        country: 'KR',
        market: 'KR',
        consumptionWh: mwh(50),
        reasons: ['FLAGGED', 'EXCLUSION_NOT_ALLOWED'],
        accepted: false,
        note: 'Leased warehouse, landlord supply',
      },
      {
        siteId: 'jp-1',
        country: 'JP',
        market: 'JP',
        consumptionWh: mwh(80),
        reasons: ['IMMATERIAL_MARKET'],
        accepted: true,
        note: null,
      },
      {
        siteId: 'sg-1',
        country: 'SG',
        market: 'SG',
        consumptionWh: mwh(100),
        reasons: ['FLAGGED', 'IMMATERIAL_MARKET'],
        accepted: true,
        note: 'Sales office',
      },
    ]);
    expect(result.markets.map((m) => [m.market, m.immaterial, m.excludedWh, m.inScopeWh])).toEqual([
      ['CN', false, 0n, 100_000_001n],
      ['JP', true, mwh(80), 0n],
      ['KR', false, 0n, mwh(1_050)],
      ['SG', true, mwh(100), 0n],
    ]);
    expect(result.provenance.excludeImmaterialMarkets).toBe(true);
  });

  it('takes the accepted exclusions out of the denominator', () => {
    expect(result.totals).toMatchObject({
      consumptionWh: 1_330_000_001n,
      excludedWh: mwh(180),
      inScopeWh: 1_150_000_001n,
      eligibleWh: 800_000_001n,
      rePercent: '69.56',
    });
  });

  it('caps a claim in an excluded market to nothing', () => {
    expect(verdictOf(result, 'jp-nfc')).toMatchObject({
      eligibleWh: 0n,
      reasons: ['CAPPED_AT_MARKET_CONSUMPTION'],
    });
    expect(marketOfResult(result, 'JP').rePercent).toBe('0.00');
  });

  it('keeps a refused exclusion under the cap (KR: 1,050 of 1,050 MWh count)', () => {
    const more = evaluate2024(
      SITES,
      [
        claim('krec', 1_050, {
          consumptionMarket: 'KR',
          technology: 'SOLAR',
          facility: { country: 'KR' },
          instrument: { type: 'K_REC' },
        }),
      ],
      {},
      { excludeImmaterialMarkets: true },
    );
    expect(verdictOf(more, 'krec')).toMatchObject({ eligibleWh: mwh(1_050), ineligibleWh: 0n });
  });

  it('by default excludes only what the organization flagged (jp-1 stays: 880.000001 / 1,230.000001 = 71.54 %)', () => {
    const chosen = evaluate2024(SITES, CLAIMS);
    // Excluded: sg-1 100 (flagged, SG ≤ 100). jp-nfc 80 now counts in JP.
    expect(chosen.totals).toMatchObject({
      excludedWh: mwh(100),
      inScopeWh: 1_230_000_001n,
      eligibleWh: 880_000_001n,
      rePercent: '71.54',
    });
    expect(chosen.excludedSites.map((s) => [s.siteId, s.accepted])).toEqual([
      ['kr-2', false],
      ['sg-1', true],
    ]);
    expect(chosen.provenance.excludeImmaterialMarkets).toBe(false);
  });

  it('uses the configured threshold (0: no market is immaterial, so no flag is accepted)', () => {
    const strictScope = evaluate2024(
      SITES,
      CLAIMS,
      { immaterialMarketThresholdWh: 0n },
      {
        excludeImmaterialMarkets: true,
      },
    );
    // Nothing excluded (was 150 MWh: kr-2 and sg-1); eligible 700 + 80 + 100.000001 = 880.000001.
    expect(strictScope.totals).toMatchObject({
      excludedWh: 0n,
      inScopeWh: 1_330_000_001n,
      eligibleWh: 880_000_001n,
      rePercent: '66.16',
    });
    expect(strictScope.excludedSites.map((s) => [s.siteId, s.reasons, s.accepted])).toEqual([
      ['kr-2', ['FLAGGED', 'EXCLUSION_NOT_ALLOWED'], false],
      ['sg-1', ['FLAGGED', 'EXCLUSION_NOT_ALLOWED'], false],
    ]);
  });
});
