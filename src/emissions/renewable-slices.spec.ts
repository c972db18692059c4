import { claim, evaluate2024, mwh, site, year2024 } from '../../test/support/re100-fixtures';
import type { Re100ClaimInput, Re100SiteInput, Re100YearInput } from '../re100/engine/types';
import { DEFAULT_FACTOR_ROWS } from './reference/default-factors';
import { DEFAULT_FACTOR_ROWS_2026 } from './reference/default-factors-2026';
import { renewableSlices, scope2InputFromRe100, Scope2SiteFacts, vintageWindow } from './renewable-slices';
import { computeScope2, Scope2RenewableSliceInput, Scope2Result } from './scope2';

const place = (sites: Re100SiteInput[], claims: Re100ClaimInput[]) =>
  renewableSlices(year2024(sites, claims), evaluate2024(sites, claims));

/** Scope 2 of calendar 2024 from the RE100 inputs' facts: what the service computes. */
const scope2 = (
  input: Re100YearInput,
  facts: Record<string, Scope2SiteFacts> = {},
  factors = DEFAULT_FACTOR_ROWS_2026,
): Scope2Result =>
  computeScope2(scope2InputFromRe100(input, { factors, sites: new Map(Object.entries(facts)) }));

/**
 * What Scope 2 was before: each claim's RE100-eligible Wh, and nothing else, zero-rated on the site it names.
 * Kept here only to show the difference.
 */
function viaRe100Verdicts(input: Re100YearInput, facts: Record<string, Scope2SiteFacts> = {}): Scope2Result {
  const verdicts = evaluate2024([...input.sites], [...input.claims]).claims;
  const slices = new Map<string, Scope2RenewableSliceInput[]>();
  for (const v of verdicts) {
    const c = input.claims.find((x) => x.claimId === v.claimId)!;
    if (v.eligibleWh > 0n)
      slices.set(c.siteIds![0], [
        ...(slices.get(c.siteIds![0]) ?? []),
        {
          claimId: c.claimId,
          wh: v.eligibleWh,
          technology: c.technology,
          instrumentType: c.instrument!.type,
        },
      ]);
  }
  return computeScope2({
    reportingYear: 2024,
    factors: DEFAULT_FACTOR_ROWS_2026,
    sites: input.sites.map((s) => ({
      siteId: s.siteId,
      country: s.country,
      gridRegion: facts[s.siteId]?.gridRegion ?? null,
      consumptionWh: s.consumptionWh,
      renewableSlices: slices.get(s.siteId) ?? [],
    })),
  });
}

const KR = { consumptionMarket: 'KR', facility: { country: 'KR' } } as const;
const US_REC = (commissioningDate: string) =>
  ({
    consumptionMarket: 'US-CA',
    facility: { country: 'US', commissioningDate },
    instrument: { type: 'US_REC' },
  }) as const;

describe('Scope 2 instruments from the RE100 inputs’ facts, not their verdicts (S2-QC)', () => {
  // US site 1,000 MWh (no subregion: US average 349.66710055508 kg/MWh), 2024. A 500 MWh US REC from a plant
  // commissioned in 2000, retired for the organization, vintage 2024.
  // RE100: 24 years > the 15-year limit (RE100-AGE-1); only the 15 % allowance counts, 150 MWh (RE100-AGE-3).
  // Scope 2 from that verdict: (1,000 − 150) × 349.66710055508 kg = 297.217 t.
  // Scope 2 by S2-QC: the REC conveys the attribute, is the only claim, retired for the reporter, of the year
  // and of the market: (1,000 − 500) × 349.66710055508 kg = 174,833.55027754 kg = 174.834 t.
  it('zero-rates the whole REC of an old plant (297.217 t from the RE100 verdict, 174.834 t by S2-QC)', () => {
    const input = year2024(
      [site('us', 'US', 1000)],
      [claim('rec', 500, { ...US_REC('2000-06-01'), siteIds: ['us'] })],
    );
    expect(evaluate2024([...input.sites], [...input.claims]).claims[0]).toMatchObject({
      eligibleWh: mwh(150),
      reasons: expect.arrayContaining(['AGE_ALLOWANCE_APPLIED']),
    });
    expect(viaRe100Verdicts(input).organization.marketBased.tCo2e).toBe('297.217');
    const result = scope2(input);
    expect(result.organization.marketBased).toMatchObject({
      tCo2e: '174.834',
      exactTCo2e: '174.83355027754',
    });
    expect(result.instruments).toEqual([
      expect.objectContaining({ claimId: 'rec', qualifies: true, placedWh: mwh(500), reasons: [] }),
    ]);
  });

  // Two US sites, both in the US-CA market: RFCE (271.7789403329 kg/MWh) and CAMX (195.03700802971 kg/MWh),
  // 1,000 MWh each; two 400 MWh RECs from plants of 2005, one for each site. RE100 counts them only under
  // the 15 % allowance (300 MWh of 2,000), in the order they are allocated, so the verdict-based figure
  // depends on that order:
  //   rfce first: rfce 700 × 271.7789403329 + camx 1,000 × 195.03700802971 = 385.282 t;
  //   camx first: rfce 1,000 × 271.7789403329 + camx 700 × 195.03700802971 = 408.305 t.
  // By S2-QC both RECs count in full, in either order:
  //   600 × 271.7789403329 + 600 × 195.03700802971 = 163.06736419974 + 117.022204817826 = 280.090 t.
  it('does not depend on the order claims were allocated in', () => {
    const sites = [site('rfce', 'US', 1000), site('camx', 'US', 1000)];
    const facts = { rfce: { gridRegion: 'RFCE' }, camx: { gridRegion: 'CAMX' } };
    const forRfce = claim('a', 400, { ...US_REC('2005-01-01'), siteIds: ['rfce'] });
    const forCamx = claim('b', 400, { ...US_REC('2005-01-01'), siteIds: ['camx'] });
    const first = year2024(sites, [forRfce, forCamx]);
    const second = year2024(sites, [forCamx, forRfce]);
    expect(viaRe100Verdicts(first, facts).organization.marketBased.tCo2e).toBe('385.282');
    expect(viaRe100Verdicts(second, facts).organization.marketBased.tCo2e).toBe('408.305');
    const a = scope2(first, facts);
    expect(a.organization.marketBased.tCo2e).toBe('280.090');
    expect(scope2(second, facts).sites).toEqual(a.sites);
  });

  // RE100-only rules leave Scope 2 alone:
  // - a KR site of 80 MWh the organization excluded from its target, in an immaterial market (RE100-SCOPE-2,
  //   ≤ 100 MWh): its 80 MWh of K-RECs count for nothing in RE100, yet they are retired for the reporter:
  //   MB = 0; LB = 80 × 0.4173 = 33.384 t;
  // - hydro without sustainability evidence (RE100-CLAIM-5, excluded under a strict ruleset) is still a
  //   retired GO: the NL site's 200 of 200 MWh are 0 (LB = 200 × 300 kg = 60.000 t).
  it('ignores immaterial markets, exclusions and sustainability evidence (RE100-only rules)', () => {
    const sites = [
      site('kr', 'KR', 80, { excluded: true, exclusionReason: 'Sales office' }),
      site('nl', 'NL', 200),
    ];
    const claims = [
      claim('krec', 80, { ...KR, instrument: { type: 'K_REC' }, siteIds: ['kr'] }),
      claim('go-hydro', 200, { technology: 'HYDRO', siteIds: ['nl'] }),
    ];
    const verdicts = evaluate2024(sites, claims, { strict: true }).claims;
    expect(verdicts.map((v) => [v.claimId, v.eligibleWh])).toEqual([
      ['krec', 0n],
      ['go-hydro', 0n],
    ]);
    const result = scope2(year2024(sites, claims, { strict: true }));
    expect(result.sites.map((s) => [s.siteId, s.locationBased.tCo2e, s.marketBased.tCo2e])).toEqual([
      ['kr', '33.384', '0.000'],
      ['nl', '60.000', '0.000'],
    ]);
    expect(result.instruments.every((i) => i.qualifies)).toBe(true);
  });

  // KR 1,000 MWh, 400 MWh of it from the site's own solar, metered, no certificate (2024 → KR 2023 factor
  // 0.4173 t/MWh). Own generation is not purchased: LB = 600 × 0.4173 = 250.380 t (rule change: this spec
  // gave 1,000 × 0.4173 = 417.300 t before). MB = 400 × 0 + 600 × 0.4173 = 250.380 t (unchanged).
  // The same solar with its certificates sold is null power (RE100-CLAIM-2): still not purchased, so
  // LB = 250.380 t (was 417.300), but no zero slice: MB = 1,000 × 0.4173 = 417.300 t (unchanged).
  it('takes own generation out of LB, and gives it 0 in MB unless its certificates were sold', () => {
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
    const kept = scope2(year2024(sites, [solar(false)]));
    expect(kept.organization).toMatchObject({
      purchasedWh: mwh(600),
      ownGenerationWh: mwh(400),
      locationBased: { tCo2e: '250.380' },
      marketBased: { tCo2e: '250.380' },
    });
    expect(kept.sites[0].marketSlices[0]).toMatchObject({
      claimId: 'self-generation:f1:kr',
      instrumentType: null,
      tier: 2,
      factorId: 'S2-MB-1-SELF-GENERATION-ZERO',
    });
    const sold = scope2(year2024(sites, [solar(true)]));
    expect(sold.organization).toMatchObject({
      purchasedWh: mwh(600),
      locationBased: { tCo2e: '250.380' },
      marketBased: { tCo2e: '417.300' },
    });
    expect(sold.instruments[0].reasons).toEqual(['NULL_POWER']);
  });

  it('builds sites with their market, instruments with the facts, and the RE100 vintage window', () => {
    const input = year2024(
      [site('de', 'DE', 100), site('us', 'US', 100)],
      [claim('go', 50, { consumptionCountry: 'DE' })],
    );
    const built = scope2InputFromRe100(input, {
      factors: DEFAULT_FACTOR_ROWS,
      sites: new Map([['us', { gridRegion: 'RFCE', supplierFactorId: 'SUP-1' }]]),
    });
    expect(built).toMatchObject({
      reportingYear: 2024,
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      legalEntityName: 'Acme Manufacturing GmbH',
      options: { vintageMonthsBefore: 6, vintageMonthsAfter: 3 },
      sites: [
        { siteId: 'de', country: 'DE', market: 'EU', gridRegion: null, supplierFactorId: null },
        { siteId: 'us', country: 'US', market: 'US-CA', gridRegion: 'RFCE', supplierFactorId: 'SUP-1' },
      ],
      instruments: [
        {
          claimId: 'go',
          volumeWh: mwh(50),
          method: 'UNBUNDLED_EAC',
          instrumentType: 'GO',
          status: 'RETIRED',
          beneficiary: 'Acme Manufacturing GmbH',
          vintageStart: '2024-01-01',
          vintageEnd: '2024-12-31',
          attributesSold: false,
          facilityMarket: 'EU',
          market: 'EU',
          consumptionCountry: 'DE',
        },
      ],
    });
    expect(vintageWindow('2024-01-01', '2024-12-31', 6, 3)).toEqual({
      first: '2023-07-01',
      last: '2025-03-31',
    });
    expect(vintageWindow('2024-04-01', '2025-03-31', 6, 3)).toEqual({
      first: '2023-10-01',
      last: '2025-06-30',
    });
  });
});

describe('renewableSlices (deprecated shape, now placed by S2-QC)', () => {
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
  // c3 200 MWh retired for someone else: fails S2-QC, no slice; its energy stays in the remainder.
  it('places energy on the claim’s sites, then its country, then its market', () => {
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

  // KR 1,000 MWh: K-RECs of 1,500 MWh: 1,000 MWh is a slice, 500 MWh are a surplus of the market.
  it('uses only what the market consumes of a larger claim, with the Korean tag as its method', () => {
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

  // EU market 250 MWh; claims 100 + 70 + 90 + 40 = 300 MWh meet S2-QC: 250 MWh are placed, 50 are a surplus.
  it('never places more than a site consumes, nor more than the market consumes', () => {
    const sites = [site('de-a', 'DE', 120), site('de-b', 'DE', 80), site('nl-a', 'NL', 50)];
    const claims = [
      claim('a', 100, { siteIds: ['de-b'] }),
      claim('b', 70, { siteIds: ['nl-a', 'de-a'] }),
      claim('c', 90),
      claim('d', 40, { consumptionCountry: 'NL' }),
    ];
    const result = place(sites, claims);
    expect(result.placements.reduce((n, p) => n + p.wh, 0n)).toBe(mwh(250));
    expect(result.notUsed.reduce((n, c) => n + c.notUsedWh, 0n)).toBe(mwh(50));
    for (const s of sites) {
      const onSite = result.placements.filter((p) => p.siteId === s.siteId).reduce((n, p) => n + p.wh, 0n);
      expect(onSite).toBe(s.consumptionWh);
    }
  });

  // 40 market-wide claims of 10 MWh over 50 sites of 8 to 57 MWh (1,625 MWh): 400 MWh to place.
  it('places claims with the same sites together: each site its share of their sum, each claim on few sites', () => {
    const sites = Array.from({ length: 50 }, (_, i) => site(`s${String(i).padStart(2, '0')}`, 'DE', 8 + i));
    const claims = Array.from({ length: 40 }, (_, i) => claim(`c${String(i).padStart(2, '0')}`, 10));
    const result = place(sites, claims);
    const onSite = (id: string) =>
      result.placements.filter((p) => p.siteId === id).reduce((n, p) => n + p.wh, 0n);
    const total = sites.reduce((n, s) => n + s.consumptionWh, 0n);
    for (const s of sites) {
      // In proportion to the site's consumption, to the Wh (largest remainder).
      const exact = (mwh(400) * s.consumptionWh) / total;
      expect(onSite(s.siteId) - exact).toBeGreaterThanOrEqual(0n);
      expect(onSite(s.siteId) - exact).toBeLessThanOrEqual(1n);
    }
    // A claim fills the sites' shares one after the other: it touches the few sites its 10 MWh reach.
    const sitesPerClaim = claims.map((c) => result.placements.filter((p) => p.claimId === c.claimId).length);
    expect(Math.max(...sitesPerClaim)).toBeLessThanOrEqual(5);
    expect(result.placements.length).toBeLessThan(claims.length + sites.length);
  });
});
