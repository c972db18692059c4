import {
  claim,
  evaluate2024,
  marketOfResult,
  mwh,
  site,
  verdictOf,
} from '../../../test/support/re100-fixtures';

/**
 * By-country figures (CDP 7.30.16/7.30.17). The cap is per market (RE100-CALC-1); a claim's eligible Wh are
 * reported under one consumption country when it has one: its sites' single country, its stated
 * consumption country, or the only country the organization consumes in within that market. Otherwise they
 * stay "unattributed" on the market row.
 *
 * Sites: de-1 DE 600 MWh, nl-1 NL 400 MWh (market EU 1,000 MWh).
 * Claims: for-de 300 (site de-1) → DE; for-nl 100 (consumption country NL) → NL; eu-wide 200 (no site) →
 * unattributed. EU eligible 600 / 1,000 = 60.00 %. DE 300 / 600 = 50.00 %; NL 100 / 400 = 25.00 %.
 */
const SITES = [site('de-1', 'DE', 600), site('nl-1', 'NL', 400)];

describe('RE100 engine: breakdown by country', () => {
  const result = evaluate2024(SITES, [
    claim('for-de', 300, { siteIds: ['de-1'] }),
    claim('for-nl', 100, { consumptionCountry: 'NL' }),
    claim('eu-wide', 200),
  ]);

  it('attributes eligible Wh to one consumption country where the claim has one', () => {
    expect(verdictOf(result, 'for-de').basis.consumptionCountry).toBe('DE');
    expect(verdictOf(result, 'for-nl').basis.consumptionCountry).toBe('NL');
    expect(verdictOf(result, 'eu-wide').basis.consumptionCountry).toBeNull();
    expect(result.byCountry.map((c) => [c.country, c.consumptionWh, c.eligibleWh, c.rePercent])).toEqual([
      ['DE', mwh(600), mwh(300), '50.00'],
      ['NL', mwh(400), mwh(100), '25.00'],
    ]);
    expect(marketOfResult(result, 'EU')).toMatchObject({
      eligibleWh: mwh(600),
      unattributedEligibleWh: mwh(200),
      rePercent: '60.00',
    });
  });

  it('attributes to the only country of the market when the claim names none', () => {
    const deOnly = evaluate2024([site('de-1', 'DE', 600)], [claim('eu-wide', 200)]);
    expect(verdictOf(deOnly, 'eu-wide').basis.consumptionCountry).toBe('DE');
    expect(marketOfResult(deOnly, 'EU').unattributedEligibleWh).toBe(0n);
  });

  it('refuses a consumption country outside the claim’s market', () => {
    const v = verdictOf(evaluate2024(SITES, [claim('c', 100, { consumptionCountry: 'PL' })]), 'c');
    expect(v).toMatchObject({ eligibleWh: 0n, reasons: ['CONSUMPTION_NOT_IN_MARKET'] });
  });

  it('clamps a country’s RE % at 100 when a claim for the whole market is attributed to it', () => {
    // The EU market has room for 1,000 MWh; 500 MWh named for NL (400 MWh) all count at market level.
    const r = evaluate2024(SITES, [claim('for-nl', 500, { consumptionCountry: 'NL' })]);
    expect(r.byCountry.find((c) => c.country === 'NL')).toMatchObject({
      eligibleWh: mwh(500),
      rePercent: '100.00',
    });
    expect(r.totals.rePercent).toBe('50.00');
  });
});
