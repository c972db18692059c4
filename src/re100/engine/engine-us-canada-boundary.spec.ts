import {
  claim,
  evaluate2024,
  marketOfResult,
  mwh,
  site,
  verdictOf,
} from '../../../test/support/re100-fixtures';

/**
 * RE100-MB-2: the USA and Canada are one market ('US-CA'); Mexico is its own (RE100-MB-4).
 *
 * Sites: us-1 US 1,000 MWh, ca-1 CA 500 MWh (market US-CA 1,500), mx-1 MX 200 MWh. Total 1,700 MWh.
 * Claims:
 *   ca-rec     Canadian wind REC 600 → US-CA, site us-1    counts (consumption country US)
 *   us-rec     US solar REC 300 → US-CA, site ca-1         counts (consumption country CA)
 *   mx-for-us  Mexican solar I-REC 100 → US-CA            MARKET_BOUNDARY
 *   us-for-mx  US wind REC 100 → MX                       MARKET_BOUNDARY
 * US-CA 900 / 1,500 = 60.00 %; MX 0 / 200 = 0.00 %. Total 900 / 1,700 = 52.941… % → '52.94'.
 */
const SITES = [site('us-1', 'US', 1_000), site('ca-1', 'CA', 500), site('mx-1', 'MX', 200)];
const rec = { type: 'US_REC' as const };
const CLAIMS = [
  claim('ca-rec', 600, {
    consumptionMarket: 'US-CA',
    siteIds: ['us-1'],
    facility: { country: 'CA' },
    instrument: rec,
  }),
  claim('us-rec', 300, {
    consumptionMarket: 'US-CA',
    siteIds: ['ca-1'],
    technology: 'SOLAR',
    facility: { country: 'US' },
    instrument: rec,
  }),
  claim('mx-for-us', 100, {
    consumptionMarket: 'US-CA',
    technology: 'SOLAR',
    facility: { country: 'MX' },
    instrument: { type: 'I_REC' },
  }),
  claim('us-for-mx', 100, { consumptionMarket: 'MX', facility: { country: 'US' }, instrument: rec }),
];

describe('RE100 engine: the US–Canada market (RE100-MB-2)', () => {
  const result = evaluate2024(SITES, CLAIMS);

  it('counts a Canadian REC for a US site and a US REC for a Canadian site', () => {
    expect(verdictOf(result, 'ca-rec')).toMatchObject({
      eligibleWh: mwh(600),
      reasons: [],
      basis: { facilityMarket: 'US-CA', consumptionCountry: 'US' },
    });
    expect(verdictOf(result, 'us-rec')).toMatchObject({
      eligibleWh: mwh(300),
      basis: { consumptionCountry: 'CA' },
    });
  });

  it('keeps Mexico out in both directions', () => {
    expect(verdictOf(result, 'mx-for-us').reasons).toEqual(['MARKET_BOUNDARY']);
    expect(verdictOf(result, 'us-for-mx').reasons).toEqual(['MARKET_BOUNDARY']);
  });

  it('reports one market for the two countries', () => {
    expect(marketOfResult(result, 'US-CA')).toMatchObject({
      countries: ['CA', 'US'],
      siteIds: ['us-1', 'ca-1'],
      consumptionWh: mwh(1_500),
      eligibleWh: mwh(900),
      rePercent: '60.00',
    });
    expect(marketOfResult(result, 'MX')).toMatchObject({ eligibleWh: 0n, rePercent: '0.00' });
    expect(result.totals).toMatchObject({ eligibleWh: mwh(900), rePercent: '52.94' });
  });

  it('attributes eligible Wh to the consumption country', () => {
    expect(result.byCountry.map((c) => [c.country, c.market, c.eligibleWh, c.rePercent])).toEqual([
      ['CA', 'US-CA', mwh(300), '60.00'],
      ['MX', 'MX', 0n, '0.00'],
      ['US', 'US-CA', mwh(600), '60.00'],
    ]);
  });
});
