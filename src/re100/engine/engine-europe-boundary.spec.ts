import {
  claim,
  evaluate2024,
  marketOfResult,
  mwh,
  site,
  verdictOf,
} from '../../../test/support/re100-fixtures';

/**
 * RE100-MB-3 (ruleset v4.1): one European market of EU single-market AIB members, with BG CY IE MT PL RO RS GB
 * as separate markets; other countries (CH) are their own (RE100-MB-4).
 *
 * Sites: de-1 DE 500 MWh (EU), pl-1 PL 300, gb-1 GB 300, ie-1 IE 300. Total 1,400 MWh.
 * Claims:
 *   fr-go      French wind GO 200 → EU (site de-1)         counts: FR and DE are both EU
 *   no-go      Norwegian hydro GO 100 (evidence) → EU     counts: NO is in the European market
 *   pl-for-eu  Polish GO 50 → EU                          MARKET_BOUNDARY (PL is separate)
 *   ch-for-eu  Swiss hydro GO 40 (evidence) → EU          MARKET_BOUNDARY (CH is its own market)
 *   de-for-pl  German GO 100 → PL                         MARKET_BOUNDARY
 *   pl-go      Polish wind GO 150 → PL                    counts
 *   fr-for-gb  French GO 100 → GB                         MARKET_BOUNDARY (GB is separate)
 *   rego       UK wind REGO 120 → GB                      counts
 *   gb-for-ie  UK REGO 60 → IE                            MARKET_BOUNDARY (IE is separate from GB too)
 *   ie-go      Irish wind GO 90 → IE                      counts
 * EU 300 / 500 = 60.00 %; PL 150 / 300 = 50.00 %; GB 120 / 300 = 40.00 %; IE 90 / 300 = 30.00 %.
 * Total 660 / 1,400 = 47.142… % → '47.14'.
 */
const SITES = [
  site('de-1', 'DE', 500),
  site('pl-1', 'PL', 300),
  site('gb-1', 'GB', 300),
  site('ie-1', 'IE', 300),
];
const hydro = { technology: 'HYDRO' as const };
const CLAIMS = [
  claim('fr-go', 200, { facility: { country: 'FR' }, siteIds: ['de-1'] }),
  claim('no-go', 100, { ...hydro, facility: { country: 'NO', sustainabilityEvidence: true } }),
  claim('pl-for-eu', 50, { facility: { country: 'PL' } }),
  claim('ch-for-eu', 40, { ...hydro, facility: { country: 'CH', sustainabilityEvidence: true } }),
  claim('de-for-pl', 100, { consumptionMarket: 'PL' }),
  claim('pl-go', 150, { consumptionMarket: 'PL', facility: { country: 'PL' } }),
  claim('fr-for-gb', 100, { consumptionMarket: 'GB', facility: { country: 'FR' } }),
  claim('rego', 120, {
    consumptionMarket: 'GB',
    facility: { country: 'GB' },
    instrument: { type: 'REGO_UK' },
  }),
  claim('gb-for-ie', 60, {
    consumptionMarket: 'IE',
    facility: { country: 'GB' },
    instrument: { type: 'REGO_UK' },
  }),
  claim('ie-go', 90, { consumptionMarket: 'IE', facility: { country: 'IE' } }),
];

describe('RE100 engine: the European market boundary (RE100-MB-3)', () => {
  const result = evaluate2024(SITES, CLAIMS);

  it('counts a French GO for a German site', () => {
    expect(verdictOf(result, 'fr-go')).toMatchObject({
      eligibleWh: mwh(200),
      reasons: [],
      basis: { facilityCountry: 'FR', facilityMarket: 'EU', consumptionCountry: 'DE' },
    });
    expect(verdictOf(result, 'no-go').eligibleWh).toBe(mwh(100));
  });

  it.each(['pl-for-eu', 'ch-for-eu', 'de-for-pl', 'fr-for-gb', 'gb-for-ie'])(
    'refuses %s across a boundary',
    (id) => {
      expect(verdictOf(result, id)).toMatchObject({
        status: 'INELIGIBLE',
        eligibleWh: 0n,
        reasons: ['MARKET_BOUNDARY'],
      });
    },
  );

  it('keeps Poland, the UK and Ireland as separate markets', () => {
    expect(result.markets.map((m) => [m.market, m.eligibleWh, m.rePercent])).toEqual([
      ['EU', mwh(300), '60.00'],
      ['GB', mwh(120), '40.00'],
      ['IE', mwh(90), '30.00'],
      ['PL', mwh(150), '50.00'],
    ]);
    expect(marketOfResult(result, 'PL').claimedWh).toBe(mwh(250)); // de-for-pl 100 + pl-go 150
  });

  it('adds up to 660 of 1,400 MWh', () => {
    expect(result.totals).toMatchObject({
      consumptionWh: mwh(1_400),
      eligibleWh: mwh(660),
      rePercent: '47.14',
    });
  });

  it('records the facility market in the verdict for the auditor', () => {
    expect(verdictOf(result, 'pl-for-eu').basis).toMatchObject({
      facilityCountry: 'PL',
      facilityMarket: 'PL',
    });
    expect(result.provenance.boundaryDate).toBe('2024-01-01');
  });
});
