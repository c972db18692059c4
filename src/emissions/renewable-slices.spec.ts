import { claim, evaluate2024, mwh, site, year2024 } from '../../test/support/re100-fixtures';
import type { Re100ClaimInput, Re100SiteInput } from '../re100/engine/types';
import { renewableSlices } from './renewable-slices';
import { computeScope2 } from './scope2';
import { DEFAULT_FACTOR_ROWS } from './reference/default-factors';

const place = (sites: Re100SiteInput[], claims: Re100ClaimInput[]) =>
  renewableSlices(year2024(sites, claims), evaluate2024(sites, claims));

const KR = { consumptionMarket: 'KR', facility: { country: 'KR' } } as const;

describe('renewable slices from RE100 verdicts (S2-QC)', () => {
  // A claim for the EU market naming no site or country: shared over the market's sites in proportion to
  // their consumption, whatever their ids: nl 100 of 400 MWh and de 300 of 400 → 25 and 75 of 100 MWh.
  it('shares a market-wide claim over the market’s countries in proportion to consumption', () => {
    for (const [nl, de] of [
      ['a-nl', 'z-de'],
      ['z-nl', 'a-de'],
    ]) {
      const result = place(
        [site(nl, 'NL', 100), site(de, 'DE', 300)],
        [claim('eu', 100, { facility: { country: 'FR' } })],
      );
      expect(Object.fromEntries(result.placements.map((p) => [p.siteId, p.wh]))).toEqual({
        [nl]: mwh(25),
        [de]: mwh(75),
      });
    }
  });

  // EU market: de-a 300 MWh, de-b 500 MWh, fr-a 400 MWh (1,200 MWh).
  // c1 400 MWh for de-b → de-b (100 MWh left there).
  // c2 500 MWh for Germany → de-a 300, de-b 100, then the rest of the market: fr-a 100.
  // c3 200 MWh retired for someone else: ineligible, no slice; its energy stays in the remainder.
  it('places eligible energy on the claim’s sites, then its country, then its market', () => {
    const sites = [site('fr-a', 'FR', 400), site('de-b', 'DE', 500), site('de-a', 'DE', 300)];
    const result = place(sites, [
      claim('c1', 400, { siteIds: ['de-b'] }),
      claim('c2', 500, { consumptionCountry: 'DE' }),
      claim('c3', 200, { instrument: { beneficiary: 'Someone Else AG' } }),
    ]);
    expect(result.placements).toEqual([
      { claimId: 'c1', siteId: 'de-b', wh: mwh(400) },
      { claimId: 'c2', siteId: 'de-a', wh: mwh(300) },
      { claimId: 'c2', siteId: 'de-b', wh: mwh(100) },
      { claimId: 'c2', siteId: 'fr-a', wh: mwh(100) },
    ]);
    expect(result.bySite.get('de-b')).toEqual([
      {
        claimId: 'c1',
        wh: mwh(400),
        technology: 'WIND',
        instrumentType: 'GO',
        procurementMethod: 'UNBUNDLED_EAC',
      },
      expect.objectContaining({ claimId: 'c2', wh: mwh(100) }),
    ]);
    expect(result.notUsed).toEqual([
      {
        claimId: 'c3',
        status: 'INELIGIBLE',
        volumeWh: mwh(200),
        eligibleWh: 0n,
        notUsedWh: mwh(200),
        reasons: ['BENEFICIARY_MISMATCH'],
      },
    ]);
    expect(result.unplaced).toEqual([]);
  });

  // KR 1,000 MWh: K-RECs of 1,500 MWh are capped at the market (RE100-CALC-1): 1,000 MWh is a slice, 500 not.
  // (KR at 100 MWh would be an immaterial market, RE100-SCOPE-2, and its claims would count nothing.)
  it('uses only the eligible part of a capped claim, with the Korean tag as its method', () => {
    const result = place(
      [site('kr', 'KR', 1000)],
      [claim('k1', 1500, { ...KR, krTag: 'KR_REC_PURCHASE', instrument: { type: 'K_REC' } })],
    );
    expect(result.bySite.get('kr')).toEqual([
      {
        claimId: 'k1',
        wh: mwh(1000),
        technology: 'WIND',
        instrumentType: 'K_REC',
        procurementMethod: 'KR_REC_PURCHASE',
      },
    ]);
    expect(result.notUsed).toEqual([
      expect.objectContaining({
        claimId: 'k1',
        status: 'PARTIAL',
        notUsedWh: mwh(500),
        reasons: ['CAPPED_AT_MARKET_CONSUMPTION'],
      }),
    ]);
  });

  // KR 1,000 MWh, 400 MWh of it from the site's own solar, metered, no certificate: a slice without instrument.
  // Defaults, 2024 → KR 2023 factor 0.4173 t/MWh: LB 1,000 × 0.4173 = 417.300 t, MB (1,000 − 400) × 0.4173
  // = 250.380 t.
  // The same solar with its certificates sold is null power (RE100-CLAIM-2): no slice, MB = LB.
  it('makes metered self-generation a slice without instrument, and null power no slice', () => {
    const sites = [site('kr', 'KR', 1000, { selfGenerationConsumedWh: mwh(400) })];
    const solar = (soldOn: boolean) =>
      claim('self-generation:f1:kr', 400, {
        ...KR,
        method: 'SELF_GEN_OWNED',
        technology: 'SOLAR',
        siteIds: ['kr'],
        consumptionCountry: 'KR',
        instrument: null,
        certificatesSoldOn: soldOn,
      });
    const kept = place(sites, [solar(false)]);
    expect(kept.bySite.get('kr')).toEqual([
      expect.objectContaining({ wh: mwh(400), instrumentType: null, procurementMethod: 'SELF_GEN_OWNED' }),
    ]);
    const scope2 = (slices: typeof kept) =>
      computeScope2({
        reportingYear: 2024,
        factors: DEFAULT_FACTOR_ROWS,
        sites: [
          {
            siteId: 'kr',
            country: 'KR',
            consumptionWh: mwh(1000),
            renewableSlices: slices.bySite.get('kr') ?? [],
          },
        ],
      }).organization;
    expect(scope2(kept)).toMatchObject({
      locationBased: { tCo2e: '417.300' },
      marketBased: { tCo2e: '250.380' },
    });
    const sold = place(sites, [solar(true)]);
    expect(sold.bySite.size).toBe(0);
    expect(sold.notUsed[0].reasons).toContain('NULL_POWER');
    expect(scope2(sold).marketBased.tCo2e).toBe('417.300');
  });

  it('never places more than a site consumes, nor more or less than what is eligible', () => {
    const sites = [site('de-a', 'DE', 120), site('de-b', 'DE', 80), site('nl-a', 'NL', 50)];
    const claims = [
      claim('a', 100, { siteIds: ['de-b'] }),
      claim('b', 70, { siteIds: ['nl-a', 'de-a'] }),
      claim('c', 90),
      claim('d', 40, { consumptionCountry: 'NL' }),
    ];
    const eligible = evaluate2024(sites, claims).claims.reduce((n, v) => n + v.eligibleWh, 0n);
    const result = place(sites, claims);
    const placed = result.placements.reduce((n, p) => n + p.wh, 0n);
    expect(placed).toBe(eligible);
    expect(eligible).toBe(mwh(250)); // capped at the EU market's 250 MWh
    for (const s of sites) {
      const onSite = result.placements.filter((p) => p.siteId === s.siteId).reduce((n, p) => n + p.wh, 0n);
      expect(onSite).toBeLessThanOrEqual(s.consumptionWh);
    }
  });
});
