import { claim, evaluate2024, mwh, site, verdictOf } from '../../../test/support/re100-fixtures';

/**
 * RE100-SCOPE-2: excluded consumption is outside the RE % and carries no claim. A claim allocated only to
 * excluded sites counts nothing (CONSUMPTION_EXCLUDED); before, it filled the room of the market's other
 * sites.
 */
describe('RE100 engine: a claim on an excluded site (RE100-SCOPE-2)', () => {
  /**
   * The audit's case: de-1 DE 1,000 MWh, fr-1 FR 500 MWh flagged, a 500 MWh GO allocated to fr-1.
   * Before: in scope 1,000, the GO counted → 50.00 %.
   * With the threshold at 2,000 MWh (configured, so that the EU of 1,500 MWh may be excluded and fr-1's flag
   * is accepted): in scope 1,000 (de-1 is not flagged), the GO counts nothing → 0 / 1,000 = 0.00 %.
   * With the default 100 MWh the flag is not accepted (engine-exclusion-not-allowed.spec.ts): fr-1 stays in
   * scope and the GO covers it → 500 / 1,500 = 33.33 %.
   */
  const SITES = [
    site('de-1', 'DE', 1_000),
    site('fr-1', 'FR', 500, { excluded: true, exclusionReason: 'Leased, landlord supply' }),
  ];
  const GO = claim('go-fr', 500, { siteIds: ['fr-1'], facility: { country: 'FR' } });

  it('counts nothing for a claim on an accepted exclusion: 0.00 %', () => {
    const result = evaluate2024(SITES, [GO], { immaterialMarketThresholdWh: mwh(2_000) });
    expect(result.totals).toMatchObject({ excludedWh: mwh(500), inScopeWh: mwh(1_000), rePercent: '0.00' });
    expect(verdictOf(result, 'go-fr')).toMatchObject({
      status: 'INELIGIBLE',
      eligibleWh: 0n,
      ineligibleWh: mwh(500),
      reasons: ['CONSUMPTION_EXCLUDED'],
      allocation: { stage: 'NOT_COUNTED' },
    });
  });

  it('counts the claim when the exclusion itself is not allowed (default threshold): 500 / 1,500 = 33.33 %', () => {
    const result = evaluate2024(SITES, [GO]);
    expect(result.totals).toMatchObject({ excludedWh: 0n, inScopeWh: mwh(1_500), rePercent: '33.33' });
    expect(verdictOf(result, 'go-fr')).toMatchObject({ eligibleWh: mwh(500), reasons: [] });
  });

  /**
   * Within an immaterial market: de-1 DE 1,000 MWh; jp-1 JP 60 MWh; jp-2 JP 30 MWh flagged (JP 90 ≤ 100:
   * accepted). In scope 1,000 + 60 = 1,060 MWh.
   * A 30 MWh NFC allocated to jp-2 counts nothing (before: it took jp-1's room, 30 / 1,060 = 2.83 %).
   * The same NFC for the JP market without a site counts on jp-1: 30 / 1,060 = 2.83 %.
   */
  const JP = [
    site('de-1', 'DE', 1_000),
    site('jp-1', 'JP', 60),
    site('jp-2', 'JP', 30, { excluded: true, exclusionReason: 'Showroom' }),
  ];
  const nfc = (extra: { siteIds?: string[]; consumptionCountry?: string } = {}) =>
    claim('nfc', 30, {
      consumptionMarket: 'JP',
      technology: 'SOLAR',
      facility: { country: 'JP' },
      instrument: { type: 'JP_NFC_TRACKED' },
      ...extra,
    });

  it('counts nothing for a claim on the excluded site of a market with other sites: 0.00 %', () => {
    const result = evaluate2024(JP, [nfc({ siteIds: ['jp-2'] })]);
    expect(verdictOf(result, 'nfc')).toMatchObject({ eligibleWh: 0n, reasons: ['CONSUMPTION_EXCLUDED'] });
    expect(result.totals).toMatchObject({ inScopeWh: mwh(1_060), eligibleWh: 0n, rePercent: '0.00' });
  });

  it('counts the same claim on the market’s in-scope site: 30 / 1,060 = 2.83 %', () => {
    for (const extra of [
      {},
      { siteIds: ['jp-1'] },
      { siteIds: ['jp-1', 'jp-2'] },
      { consumptionCountry: 'JP' },
    ]) {
      const result = evaluate2024(JP, [nfc(extra)]);
      expect(verdictOf(result, 'nfc')).toMatchObject({ eligibleWh: mwh(30), reasons: [] });
      expect(result.totals.rePercent).toBe('2.83');
    }
  });
});
