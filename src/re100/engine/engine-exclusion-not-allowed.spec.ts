import {
  claim,
  evaluate2024,
  marketOfResult,
  mwh,
  site,
  verdictOf,
} from '../../../test/support/re100-fixtures';

/**
 * RE100-SCOPE-2: only a market consuming ≤ 100 MWh in the year may be excluded. The audit's counterexample:
 * a flagged site in a larger market left the denominator.
 *
 * EU market: de-1 DE 730 MWh; de-2 DE 7,300 MWh flagged 'not material'. One 730 MWh GO.
 * Before: denominator 730, 730 / 730 = 100.00 %.
 * Now: the EU consumes 8,030 MWh > 100 MWh, so de-2's exclusion is not allowed and stays in the denominator:
 * 730 / 8,030 = 9.0909… % → '9.09'. The row of de-2 says so (EXCLUSION_NOT_ALLOWED, accepted false).
 */
const SITES = [
  site('de-1', 'DE', 730),
  site('de-2', 'DE', 7_300, { excluded: true, exclusionReason: 'not material' }),
];

describe('RE100 engine: an exclusion the rule does not allow (RE100-SCOPE-2)', () => {
  const result = evaluate2024(SITES, [claim('go', 730)]);

  it('keeps the flagged site in the denominator: 730 / 8,030 = 9.09 %', () => {
    expect(result.totals).toMatchObject({
      consumptionWh: mwh(8_030),
      excludedWh: 0n,
      inScopeWh: mwh(8_030),
      eligibleWh: mwh(730),
      rePercent: '9.09',
    });
    expect(marketOfResult(result, 'EU')).toMatchObject({
      immaterial: false,
      excludedWh: 0n,
      rePercent: '9.09',
    });
    expect(verdictOf(result, 'go')).toMatchObject({ status: 'ELIGIBLE', eligibleWh: mwh(730) });
  });

  it('reports the refused exclusion with its reason and the organization’s note', () => {
    expect(result.excludedSites).toEqual([
      {
        siteId: 'de-2',
        country: 'DE',
        market: 'EU',
        consumptionWh: mwh(7_300),
        reasons: ['FLAGGED', 'EXCLUSION_NOT_ALLOWED'],
        accepted: false,
        note: 'not material',
      },
    ]);
    expect(result.byCountry).toEqual([
      expect.objectContaining({
        country: 'DE',
        consumptionWh: mwh(8_030),
        excludedWh: 0n,
        rePercent: '9.09',
      }),
    ]);
  });

  it('accepts the same flag in a market of at most 100 MWh (jp-1 JP 100 MWh: 730 / 8,030 still)', () => {
    const withJp = evaluate2024(
      [...SITES, site('jp-1', 'JP', 100, { excluded: true, exclusionReason: 'Sales office' })],
      [claim('go', 730)],
    );
    expect(withJp.excludedSites.map((s) => [s.siteId, s.reasons, s.accepted])).toEqual([
      ['de-2', ['FLAGGED', 'EXCLUSION_NOT_ALLOWED'], false],
      ['jp-1', ['FLAGGED', 'IMMATERIAL_MARKET'], true],
    ]);
    expect(withJp.totals).toMatchObject({ excludedWh: mwh(100), inScopeWh: mwh(8_030), rePercent: '9.09' });
  });
});
