import { claim, evaluate2024, mwh, site, verdictOf } from '../../../test/support/re100-fixtures';

/**
 * RE100-SCOPE-2: a market of ≤ 100 MWh "may be excluded": the organization's choice, not automatic.
 * `excludeImmaterialMarkets` (default false) excludes every such market; a flag excludes one site.
 *
 * de-1 DE 1,000 MWh (EU, no claim); jp-1 JP 80 MWh; a valid 80 MWh Japanese tracked NFC for JP.
 * JP excluded: in scope 1,000, the NFC is capped to 0 → 0 / 1,000 = 0.00 %.
 * JP kept:     in scope 1,080, the NFC counts → 80 / 1,080 = 7.407… % → '7.40'.
 */
const NFC = claim('jp-nfc', 80, {
  consumptionMarket: 'JP',
  technology: 'SOLAR',
  facility: { country: 'JP' },
  instrument: { type: 'JP_NFC_TRACKED' },
});
const sites = (flagJp = false) => [
  site('de-1', 'DE', 1_000),
  site('jp-1', 'JP', 80, flagJp ? { excluded: true, exclusionReason: 'Immaterial market' } : {}),
];

describe('RE100 engine: excluding an immaterial market is the organization’s choice (RE100-SCOPE-2)', () => {
  it('keeps JP by default: 80 / 1,080 = 7.40 %', () => {
    const result = evaluate2024(sites(), [NFC]);
    expect(result.totals).toMatchObject({ excludedWh: 0n, inScopeWh: mwh(1_080), rePercent: '7.40' });
    expect(result.excludedSites).toEqual([]);
    expect(result.markets.find((m) => m.market === 'JP')).toMatchObject({ immaterial: true, excludedWh: 0n });
    expect(verdictOf(result, 'jp-nfc').eligibleWh).toBe(mwh(80));
  });

  it('excludes JP when the organization chooses every immaterial market: 0 / 1,000 = 0.00 %', () => {
    const result = evaluate2024(sites(), [NFC], {}, { excludeImmaterialMarkets: true });
    expect(result.totals).toMatchObject({ excludedWh: mwh(80), inScopeWh: mwh(1_000), rePercent: '0.00' });
    expect(result.excludedSites).toEqual([
      expect.objectContaining({ siteId: 'jp-1', reasons: ['IMMATERIAL_MARKET'], accepted: true }),
    ]);
    expect(verdictOf(result, 'jp-nfc')).toMatchObject({
      eligibleWh: 0n,
      reasons: ['CAPPED_AT_MARKET_CONSUMPTION'],
    });
  });

  it('excludes JP when the organization flags its site: 0 / 1,000 = 0.00 %', () => {
    const result = evaluate2024(sites(true), [NFC]);
    expect(result.totals).toMatchObject({ excludedWh: mwh(80), rePercent: '0.00' });
    expect(result.excludedSites).toEqual([
      expect.objectContaining({ siteId: 'jp-1', reasons: ['FLAGGED', 'IMMATERIAL_MARKET'], accepted: true }),
    ]);
    // The NFC names no site, so it is capped in a market with nothing left in scope.
    expect(verdictOf(result, 'jp-nfc').reasons).toEqual(['CAPPED_AT_MARKET_CONSUMPTION']);
  });
});
