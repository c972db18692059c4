import { evaluateRe100Year, Re100InputError } from './engine';
import {
  claim,
  datedSite,
  marketOfResult,
  mwh,
  segment,
  site,
  verdictOf,
  year2024,
} from '../../../test/support/re100-fixtures';
import { MarketBoundaryRow, RE100_V4_1_BOUNDARIES } from './market-boundaries';
import type { Re100ClaimInput, Re100SiteInput } from './types';

/**
 * RE100-MB-1..4 read on the consumption dates, with dated rows. A hypothetical boundary set for 2025: Norway
 * leaves the European market on 1 April and rejoins it on 1 October (two EU rows with a gap: in between it is
 * its own market, RE100-MB-4). The year has three stretches: Jan–Mar (p0), Apr–Sep (p1), Oct–Dec (p2).
 *
 * Sites, 100 MWh a quarter each: de-1 DE 400 MWh (EU all year); no-1 NO 400 MWh: Q1 and Q4 in EU, Q2–Q3 in NO.
 * Markets: EU = 400 + 100 + 100 = 600 MWh (p0 200, p1 200, p2 200); NO = 200 MWh (p1). Total 800 MWh.
 * Claims:
 *   no-go     Norwegian hydro GO 600 → EU: NO is in the EU in p0 and p2 only, 400 MWh there → 400, 200 capped
 *   de-go     German wind GO 200 → EU: any stretch; p1 is left → 200
 *   no-local  Norwegian hydro GO 150 → NO: NO is its own market in p1 only → 150 of 200
 *   de-for-no German wind GO 100 → NO: Germany is never in the NO market → MARKET_BOUNDARY
 * EU 600 / 600 = 100.00 %; NO 150 / 200 = 75.00 %; total 750 / 800 = 93.75 %.
 * Before (boundaries read on 1 January, NO in the EU all year): EU 800, no-go 600 + de-go 200 → 100.00 %,
 * and no-local and de-for-no both MARKET_BOUNDARY.
 */
const BOUNDARIES: MarketBoundaryRow[] = [
  ...RE100_V4_1_BOUNDARIES.filter((r) => r.country !== 'NO'),
  { market: 'EU', country: 'NO', validFrom: null, validTo: '2025-04-01' },
  { market: 'EU', country: 'NO', validFrom: '2025-10-01', validTo: null },
];
const quarters = (mwhEach: number) => [
  segment('2025-01-01', '2025-03-31', mwhEach),
  segment('2025-04-01', '2025-06-30', mwhEach),
  segment('2025-07-01', '2025-09-30', mwhEach),
  segment('2025-10-01', '2025-12-31', mwhEach),
];
const V2025 = { vintageStart: '2025-01-01', vintageEnd: '2025-12-31', cancellationDate: '2026-02-01' };
const NO_HYDRO = { country: 'NO', sustainabilityEvidence: true };
const NO_GO = claim('no-go', 600, { technology: 'HYDRO', facility: NO_HYDRO, instrument: V2025 });
const DE_GO = claim('de-go', 200, { instrument: V2025 });
const NO_LOCAL = claim('no-local', 150, {
  consumptionMarket: 'NO',
  technology: 'HYDRO',
  facility: NO_HYDRO,
  instrument: V2025,
});
const DE_FOR_NO = claim('de-for-no', 100, { consumptionMarket: 'NO', instrument: V2025 });
const SITES = [datedSite('de-1', 'DE', quarters(100)), datedSite('no-1', 'NO', quarters(100))];

const evaluate = (sites: Re100SiteInput[], claims: Re100ClaimInput[]) =>
  evaluateRe100Year(
    year2024(
      sites,
      claims,
      {},
      {
        year: 2025,
        periodStart: '2025-01-01',
        periodEnd: '2025-12-31',
        boundaries: BOUNDARIES,
      },
    ),
  );

describe('RE100 engine: market boundaries on the consumption dates (RE100-MB-1)', () => {
  const result = evaluate(SITES, [NO_GO, DE_GO, NO_LOCAL, DE_FOR_NO]);

  it('cuts the year where a boundary of its countries changes', () => {
    expect(result.provenance.boundaryPeriods).toEqual([
      { start: '2025-01-01', end: '2025-03-31' },
      { start: '2025-04-01', end: '2025-09-30' },
      { start: '2025-10-01', end: '2025-12-31' },
    ]);
    expect(verdictOf(result, 'no-go').basis.facilityMarkets.map((f) => f.market)).toEqual(['EU', 'NO', 'EU']);
  });

  it('places the Norwegian site in the EU or in NO by date', () => {
    expect(result.markets.map((m) => [m.market, m.consumptionWh, m.siteIds])).toEqual([
      ['EU', mwh(600), ['de-1', 'no-1']],
      ['NO', mwh(200), ['no-1']],
    ]);
  });

  it('counts a Norwegian GO in the EU only on the days Norway is in it', () => {
    expect(verdictOf(result, 'no-go')).toMatchObject({
      status: 'PARTIAL',
      eligibleWh: mwh(400),
      reasons: ['CAPPED_AT_MARKET_CONSUMPTION'],
      basis: { facilityMarket: 'EU' },
      allocation: { cappedWh: mwh(200) },
    });
    expect(verdictOf(result, 'de-go').eligibleWh).toBe(mwh(200));
    expect(verdictOf(result, 'no-local')).toMatchObject({ eligibleWh: mwh(150), reasons: [] });
    expect(verdictOf(result, 'de-for-no')).toMatchObject({ eligibleWh: 0n, reasons: ['MARKET_BOUNDARY'] });
  });

  it('adds up to 750 of 800 MWh: 93.75 %', () => {
    expect(marketOfResult(result, 'EU')).toMatchObject({ eligibleWh: mwh(600), rePercent: '100.00' });
    expect(marketOfResult(result, 'NO')).toMatchObject({ eligibleWh: mwh(150), rePercent: '75.00' });
    expect(result.totals).toMatchObject({
      consumptionWh: mwh(800),
      eligibleWh: mwh(750),
      rePercent: '93.75',
    });
  });

  it('gives the same total whatever the claim order (an earlier claim moves to make room)', () => {
    // de-go first takes Jan–Mar; no-go then needs it, and de-go moves to Apr–Sep.
    const reordered = evaluate(SITES, [DE_GO, NO_GO, NO_LOCAL, DE_FOR_NO]);
    expect(verdictOf(reordered, 'de-go').eligibleWh).toBe(mwh(200));
    expect(verdictOf(reordered, 'no-go').eligibleWh).toBe(mwh(400));
    expect(reordered.totals.rePercent).toBe('93.75');
  });

  it('lets undated consumption take only claims valid on all its days (de-1 as one yearly figure: 200 of the GO)', () => {
    // de-1 400 MWh undated (EU all year); no-1 dated. The NO GO fits only no-1's Q1 and Q4: 100 + 100 = 200.
    const undated = evaluate(
      [site('de-1', 'DE', 400), datedSite('no-1', 'NO', quarters(100))],
      [NO_GO, DE_GO],
    );
    expect(verdictOf(undated, 'no-go').eligibleWh).toBe(mwh(200));
    expect(verdictOf(undated, 'de-go').eligibleWh).toBe(mwh(200));
    expect(undated.totals.eligibleWh).toBe(mwh(400));
  });

  it('refuses consumption of a site whose own market changes within it', () => {
    const problemsOf = (sites: Re100SiteInput[]) => {
      try {
        evaluate(sites, []);
      } catch (e) {
        if (e instanceof Re100InputError) return e.problems;
        throw e;
      }
      return [];
    };
    expect(problemsOf([site('no-1', 'NO', 400)])).toEqual([
      'sites[0] has no consumptionSegments, but its country changes market on 2025-04-01: give its consumption by dated segments split there',
    ]);
    expect(
      problemsOf([
        datedSite('no-1', 'NO', [
          segment('2025-01-01', '2025-06-30', 200),
          segment('2025-07-01', '2025-12-31', 200),
        ]),
      ]),
    ).toEqual([
      'sites[0].consumptionSegments[0] spans 2025-04-01, when its country changes market: split it there',
      'sites[0].consumptionSegments[1] spans 2025-10-01, when its country changes market: split it there',
    ]);
  });
});
