import {
  claim,
  evaluate2024,
  mwh,
  segment,
  datedSite,
  site,
  verdictOf,
} from '../../../test/support/re100-fixtures';
import { explainReason, REASON_CODES, ReasonCode, SITE_EXCLUSION_REASONS } from './reason-codes';
import type { Re100Ruleset } from './ruleset';
import type { Re100ClaimInput, Re100SiteInput, Re100YearInput } from './types';

/**
 * One claim per reason code, each evaluated on its own against four markets of 1,000 MWh each
 * (EU: de-1, KR: kr-1, JP: jp-1, IS: is-1), calendar 2024. In-scope consumption 4,000 MWh.
 * The default claim (engine.fixtures.ts) passes every rule: a retired 2024 GO from a German wind farm
 * commissioned in 2020 for the EU market. Unless a case says otherwise the age allowance is switched off
 * (share 0) so FACILITY_TOO_OLD shows without it.
 */
const SITES = [
  site('de-1', 'DE', 1_000),
  site('kr-1', 'KR', 1_000),
  site('jp-1', 'JP', 1_000),
  site('is-1', 'IS', 1_000),
];
const NO_ALLOWANCE: Partial<Re100Ruleset> = { ageAllowanceShare: { numerator: 0n, denominator: 100n } };
const OLD = { commissioningDate: '2000-05-01' }; // 2024 − 2000 = 24 years > 15 (RE100-AGE-1)

interface Case {
  code: ReasonCode;
  name: string;
  claims: Re100ClaimInput[];
  ruleset?: Partial<Re100Ruleset>;
  /** Other sites than the four markets of 1,000 MWh. */
  sites?: Re100SiteInput[];
  extra?: Partial<Re100YearInput>;
  /** Expected for the last claim of `claims`. */
  eligibleMwh: number;
  reasons: ReasonCode[];
}

const CASES: Case[] = [
  {
    code: 'DUPLICATE_CLAIM',
    name: 'the same claim id twice counts once (RE100-CALC-2)',
    claims: [claim('c', 100), claim('c', 100)],
    eligibleMwh: 0,
    reasons: ['DUPLICATE_CLAIM'],
  },
  {
    code: 'NULL_POWER',
    name: 'self-generation whose certificates were sold on (RE100-CLAIM-2)',
    claims: [claim('c', 100, { method: 'SELF_GEN_OWNED', instrument: null, certificatesSoldOn: true })],
    eligibleMwh: 0,
    reasons: ['NULL_POWER'],
  },
  {
    code: 'INELIGIBLE_TECHNOLOGY',
    name: 'a GO from a nuclear plant',
    claims: [claim('c', 100, { technology: 'NUCLEAR' })],
    eligibleMwh: 0,
    reasons: ['INELIGIBLE_TECHNOLOGY'],
  },
  {
    code: 'COAL_COFIRING',
    name: 'biomass co-fired with coal, under a ruleset that excludes it (V5-COAL-1)',
    claims: [
      claim('c', 100, {
        technology: 'BIOMASS',
        facility: { sustainabilityEvidence: true, coalCofiring: true },
      }),
    ],
    ruleset: { coalCofiringExcluded: true },
    eligibleMwh: 0,
    reasons: ['COAL_COFIRING'],
  },
  {
    code: 'NO_SUSTAINABILITY_EVIDENCE',
    name: 'hydro without evidence is flagged but counts (RE100-CLAIM-5, default ruleset)',
    claims: [claim('c', 100, { technology: 'HYDRO' })],
    eligibleMwh: 100,
    reasons: ['NO_SUSTAINABILITY_EVIDENCE'],
  },
  {
    code: 'NO_SUSTAINABILITY_EVIDENCE',
    name: 'biomass without evidence is excluded under the strict ruleset (RE100-CLAIM-5)',
    claims: [claim('c', 100, { technology: 'BIOMASS' })],
    ruleset: { strict: true },
    eligibleMwh: 0,
    reasons: ['NO_SUSTAINABILITY_EVIDENCE'],
  },
  {
    code: 'INELIGIBLE_INSTRUMENT',
    name: 'a carbon offset (RE100-CLAIM-4)',
    claims: [claim('c', 100, { instrument: { type: 'CARBON_OFFSET' } })],
    eligibleMwh: 0,
    reasons: ['INELIGIBLE_INSTRUMENT'],
  },
  {
    code: 'INELIGIBLE_INSTRUMENT',
    name: 'a J-Credit by default (RE100-CLAIM-4)',
    claims: [
      claim('c', 100, {
        consumptionMarket: 'JP',
        facility: { country: 'JP' },
        instrument: { type: 'J_CREDIT' },
      }),
    ],
    eligibleMwh: 0,
    reasons: ['INELIGIBLE_INSTRUMENT'],
  },
  {
    code: 'NO_CERTIFICATE',
    name: 'a virtual PPA with a contract only (RE100-CLAIM-1)',
    claims: [claim('c', 100, { method: 'PPA_VIRTUAL', instrument: { type: 'CONTRACT_ONLY' } })],
    eligibleMwh: 0,
    reasons: ['NO_CERTIFICATE'],
  },
  {
    code: 'NO_CERTIFICATE',
    name: 'a supplier tariff without any instrument (RE100-CLAIM-1)',
    claims: [claim('c', 100, { method: 'SUPPLIER_GREEN_TARIFF', instrument: null })],
    eligibleMwh: 0,
    reasons: ['NO_CERTIFICATE'],
  },
  {
    code: 'PASSIVE_NOT_ELIGIBLE',
    name: 'default-delivered grid electricity without an EAC (RE100-PASSIVE-1, no passive countries by default)',
    claims: [claim('c', 100, { method: 'DEFAULT_DELIVERED', instrument: null })],
    eligibleMwh: 0,
    reasons: ['PASSIVE_NOT_ELIGIBLE'],
  },
  {
    code: 'PASSIVE_MANDATE_ONLY',
    name: 'default-delivered EACs retired only for a mandate, where a mandate is not enough (V5-PASSIVE-1)',
    claims: [claim('c', 100, { method: 'DEFAULT_DELIVERED', passiveBasis: 'MANDATE_ONLY' })],
    ruleset: { passiveMandateCounts: false },
    eligibleMwh: 0,
    reasons: ['PASSIVE_MANDATE_ONLY'],
  },
  {
    code: 'PASSIVE_GRID_COUNTRY',
    name: 'default-delivered in a country on the passive list counts without an EAC (RE100-PASSIVE-1)',
    claims: [
      claim('c', 100, {
        method: 'DEFAULT_DELIVERED',
        instrument: null,
        consumptionMarket: 'IS',
        technology: 'GEOTHERMAL',
        facility: { country: 'IS' },
      }),
    ],
    ruleset: { passiveGridCountries: ['IS'] },
    eligibleMwh: 100,
    reasons: ['PASSIVE_GRID_COUNTRY'],
  },
  {
    code: 'METERED_SELF_GENERATION',
    name: 'on-site solar consumed, no certificate issued',
    claims: [claim('c', 100, { method: 'SELF_GEN_OWNED', technology: 'SOLAR', instrument: null })],
    eligibleMwh: 100,
    reasons: ['METERED_SELF_GENERATION'],
  },
  {
    code: 'NOT_RETIRED',
    name: 'an active certificate (RE100-CLAIM-1)',
    claims: [claim('c', 100, { instrument: { status: 'ACTIVE', cancellationDate: null } })],
    eligibleMwh: 0,
    reasons: ['NOT_RETIRED'],
  },
  {
    code: 'NOT_RETIRED',
    name: 'retired without a cancellation date (RE100-CLAIM-1)',
    claims: [claim('c', 100, { instrument: { cancellationDate: null } })],
    eligibleMwh: 0,
    reasons: ['NOT_RETIRED'],
  },
  {
    code: 'BENEFICIARY_MISMATCH',
    name: 'retired for another company (RE100-CLAIM-1)',
    claims: [claim('c', 100, { instrument: { beneficiary: 'Other Trading Ltd' } })],
    eligibleMwh: 0,
    reasons: ['BENEFICIARY_MISMATCH'],
  },
  {
    code: 'SUPPLIER_PRO_RATA_SHARE',
    name: 'a pro-rata share of GOs the supplier retired for all its customers (RE100-CLAIM-1, V5-PASSIVE-1)',
    claims: [
      claim('c', 100, {
        method: 'DEFAULT_DELIVERED',
        passiveBasis: 'SUPPLIER_PRO_RATA',
        instrument: { beneficiary: 'All customers of Stadtwerke Beispiel' },
      }),
    ],
    eligibleMwh: 100,
    reasons: ['SUPPLIER_PRO_RATA_SHARE'],
  },
  {
    code: 'NO_CANCELLATION_EVIDENCE',
    name: 'a GO without its cancellation statement where the ruleset asks for one (V5-CANCEL-1)',
    claims: [claim('c', 100)],
    ruleset: { cancellationEvidenceMarkets: ['EU'] },
    eligibleMwh: 0,
    reasons: ['NO_CANCELLATION_EVIDENCE'],
  },
  {
    code: 'VINTAGE_OUT_OF_WINDOW',
    name: 'produced in the first half of 2023 (RE100-CLAIM-3)',
    claims: [claim('c', 100, { instrument: { vintageStart: '2023-01-01', vintageEnd: '2023-06-30' } })],
    eligibleMwh: 0,
    reasons: ['VINTAGE_OUT_OF_WINDOW'],
  },
  {
    code: 'MARKET_BOUNDARY',
    name: 'a Polish GO for the EU market (RE100-MB-3)',
    claims: [claim('c', 100, { facility: { country: 'PL' } })],
    eligibleMwh: 0,
    reasons: ['MARKET_BOUNDARY'],
  },
  {
    code: 'CONSUMPTION_NOT_IN_MARKET',
    name: 'an EU claim allocated to a Korean site (RE100-MB-1)',
    claims: [claim('c', 100, { siteIds: ['kr-1'] })],
    eligibleMwh: 0,
    reasons: ['CONSUMPTION_NOT_IN_MARKET'],
  },
  {
    code: 'CONSUMPTION_NOT_IN_MARKET',
    name: 'an EU claim allocated to an unknown site',
    claims: [claim('c', 100, { siteIds: ['nowhere'] })],
    eligibleMwh: 0,
    reasons: ['CONSUMPTION_NOT_IN_MARKET'],
  },
  {
    code: 'CONSUMPTION_EXCLUDED',
    name: 'a JP certificate allocated to the one JP site, excluded in an immaterial market (RE100-SCOPE-2)',
    sites: [
      site('de-1', 'DE', 1_000),
      site('jp-1', 'JP', 60),
      site('jp-2', 'JP', 30, { excluded: true, exclusionReason: 'Showroom' }),
    ],
    claims: [
      claim('c', 30, {
        consumptionMarket: 'JP',
        siteIds: ['jp-2'],
        facility: { country: 'JP' },
        instrument: { type: 'JP_NFC_TRACKED' },
      }),
    ],
    eligibleMwh: 0,
    reasons: ['CONSUMPTION_EXCLUDED'],
  },
  {
    code: 'FACILITY_TOO_OLD',
    name: 'a 24-year-old wind farm, no allowance (RE100-AGE-1)',
    claims: [claim('c', 100, { facility: OLD })],
    ruleset: NO_ALLOWANCE,
    eligibleMwh: 0,
    reasons: ['FACILITY_TOO_OLD'],
  },
  {
    code: 'EXEMPT_SELF_GENERATION',
    name: 'old self-generation is exempt (RE100-AGE-2)',
    claims: [claim('c', 100, { method: 'SELF_GEN_OWNED', instrument: null, facility: OLD })],
    ruleset: NO_ALLOWANCE,
    eligibleMwh: 100,
    reasons: ['METERED_SELF_GENERATION', 'EXEMPT_SELF_GENERATION'],
  },
  {
    code: 'EXEMPT_RENEWABLE_GRID',
    name: 'default-delivered grid electricity of a renewable-grid country has no facility age (V5-PASSIVE-1)',
    claims: [
      claim('c', 100, {
        method: 'DEFAULT_DELIVERED',
        instrument: null,
        consumptionMarket: 'IS',
        technology: 'GEOTHERMAL',
        facility: { country: 'IS', ...OLD },
      }),
    ],
    ruleset: { ...NO_ALLOWANCE, passiveGridCountries: ['IS'] },
    eligibleMwh: 100,
    reasons: ['PASSIVE_GRID_COUNTRY', 'EXEMPT_RENEWABLE_GRID'],
  },
  {
    code: 'EXEMPT_DIRECT_PPA',
    name: 'an old facility under a long-term, project-specific physical PPA signed in 2024 by its first offtaker (RE100-AGE-2)',
    claims: [
      claim('c', 100, {
        method: 'PPA_PHYSICAL',
        facility: OLD,
        contract: { signedDate: '2024-03-01', longTerm: true, projectSpecific: true, firstOfftaker: true },
      }),
    ],
    ruleset: NO_ALLOWANCE,
    eligibleMwh: 100,
    reasons: ['EXEMPT_DIRECT_PPA'],
  },
  {
    code: 'EXEMPT_SUPPLIER_CONTRACT',
    name: 'an old facility under a green tariff when the ruleset exempts type 3 (RE100-AGE-2)',
    claims: [claim('c', 100, { method: 'SUPPLIER_GREEN_TARIFF', facility: OLD })],
    ruleset: { ...NO_ALLOWANCE, supplierContractAgeExempt: true },
    eligibleMwh: 100,
    reasons: ['EXEMPT_SUPPLIER_CONTRACT'],
  },
  {
    code: 'EXEMPT_DEFAULT_DELIVERED',
    name: 'an old facility behind default-delivered EACs when the ruleset exempts type 5 (RE100-AGE-2)',
    claims: [claim('c', 100, { method: 'DEFAULT_DELIVERED', facility: OLD })],
    ruleset: { ...NO_ALLOWANCE, defaultDeliveredAgeExempt: true },
    eligibleMwh: 100,
    reasons: ['EXEMPT_DEFAULT_DELIVERED'],
  },
  {
    code: 'EXEMPT_GRANDFATHERED',
    name: 'an old facility under a contract signed before 2024 (RE100-AGE-2)',
    claims: [
      claim('c', 100, {
        facility: OLD,
        contract: { signedDate: '2023-06-30', grandfatheringJustification: '10-year GO supply agreement' },
      }),
    ],
    ruleset: NO_ALLOWANCE,
    eligibleMwh: 100,
    reasons: ['EXEMPT_GRANDFATHERED'],
  },
  {
    code: 'SAME_GENERATION_AS_METERED',
    name: 'GOs of a rooftop PV whose metered generation is claimed too count once (RE100-CALC-2)',
    sites: [site('de-1', 'DE', 1_000, { selfGenerationConsumedWh: mwh(100) })],
    claims: [
      claim('metered', 100, {
        method: 'SELF_GEN_OWNED',
        technology: 'SOLAR',
        siteIds: ['de-1'],
        instrument: null,
        facility: { facilityId: 'pv-1' },
      }),
      claim('c', 100, { technology: 'SOLAR', facility: { facilityId: 'pv-1' } }),
    ],
    eligibleMwh: 0,
    reasons: ['SAME_GENERATION_AS_METERED'],
  },
  {
    code: 'PASSIVE_AFTER_ACTIVE',
    name: 'default-delivered EACs counted after active procurement (V5-PASSIVE-1)',
    claims: [claim('c', 100, { method: 'DEFAULT_DELIVERED' })],
    ruleset: { passiveAfterActive: true },
    eligibleMwh: 100,
    reasons: ['PASSIVE_AFTER_ACTIVE'],
  },
  {
    code: 'BEFORE_AGE_RULE',
    name: 'an old facility in fiscal year Apr 2023 – Mar 2024, on consumption before 2024 (RE100-AGE-1)',
    sites: [
      datedSite('de-1', 'DE', [
        segment('2023-04-01', '2023-12-31', 750),
        segment('2024-01-01', '2024-03-31', 250),
      ]),
    ],
    claims: [
      claim('c', 100, {
        facility: OLD,
        instrument: { vintageStart: '2023-04-01', vintageEnd: '2024-03-31' },
      }),
    ],
    ruleset: NO_ALLOWANCE,
    extra: { year: 2023, periodStart: '2023-04-01', periodEnd: '2024-03-31' },
    eligibleMwh: 100,
    reasons: ['FACILITY_TOO_OLD', 'BEFORE_AGE_RULE'],
  },
  {
    code: 'AGE_ALLOWANCE_APPLIED',
    name: 'an old facility counted under the 15 % allowance (limit 15 % × 4,000 = 600 MWh) (RE100-AGE-3)',
    claims: [claim('c', 100, { facility: OLD })],
    eligibleMwh: 100,
    reasons: ['FACILITY_TOO_OLD', 'AGE_ALLOWANCE_APPLIED'],
  },
  {
    code: 'CAPPED_AT_MARKET_CONSUMPTION',
    name: '1,500 MWh of GOs for 1,000 MWh of EU consumption (RE100-CALC-1)',
    claims: [claim('c', 1_500)],
    eligibleMwh: 1_000,
    reasons: ['CAPPED_AT_MARKET_CONSUMPTION'],
  },
];

describe('RE100 engine: every reason code', () => {
  it.each(CASES.map((c) => [c.code, c.name, c] as const))('%s: %s', (_code, _name, c) => {
    const result = evaluate2024(c.sites ?? SITES, c.claims, c.ruleset, c.extra);
    const v = result.claims[result.claims.length - 1];
    expect(v.reasons).toEqual(c.reasons);
    expect(v.eligibleWh).toBe(mwh(c.eligibleMwh));
    expect(v.eligibleWh + v.ineligibleWh).toBe(v.volumeWh);
  });

  it('covers every code of the reason table', () => {
    expect(new Set(CASES.map((c) => c.code))).toEqual(new Set(Object.keys(REASON_CODES)));
  });

  it('explains every claim and site-exclusion reason in plain words with its rule, for reports', () => {
    for (const [code, entry] of [
      ...Object.entries(REASON_CODES),
      ...Object.entries(SITE_EXCLUSION_REASONS),
    ]) {
      expect(entry.description.length).toBeGreaterThan(20);
      expect(explainReason(code as ReasonCode)).toBe(`${entry.rule}: ${entry.description}`);
    }
    expect(explainReason('EXCLUSION_NOT_ALLOWED')).toMatch(/^RE100-SCOPE-2: The site was flagged/);
  });

  it('lists every failing rule at once, in table order, so all problems show in one pass', () => {
    const result = evaluate2024(SITES, [
      claim('bad', 100, {
        technology: 'FOSSIL',
        facility: { country: 'PL', ...OLD },
        instrument: {
          status: 'TRANSFERRED',
          beneficiary: 'Someone Else',
          vintageStart: '2022-01-01',
          vintageEnd: '2022-12-31',
        },
      }),
    ]);
    expect(verdictOf(result, 'bad')).toMatchObject({
      status: 'INELIGIBLE',
      eligibleWh: 0n,
      ineligibleWh: mwh(100),
      reasons: [
        'INELIGIBLE_TECHNOLOGY',
        'NOT_RETIRED',
        'BENEFICIARY_MISMATCH',
        'VINTAGE_OUT_OF_WINDOW',
        'MARKET_BOUNDARY',
        'FACILITY_TOO_OLD',
      ],
      allocation: { stage: 'NOT_COUNTED' },
    });
  });

  it.each(['NUCLEAR', 'FOSSIL', 'STORAGE', 'HYDROGEN'] as const)(
    '%s is not renewable for RE100',
    (technology) => {
      expect(verdictOf(evaluate2024(SITES, [claim('c', 100, { technology })]), 'c').reasons).toEqual([
        'INELIGIBLE_TECHNOLOGY',
      ]);
    },
  );

  it.each(['TRANSFERRED', 'EXPIRED'] as const)('a %s certificate is not retired', (status) => {
    const v = verdictOf(evaluate2024(SITES, [claim('c', 100, { instrument: { status } })]), 'c');
    expect(v.reasons).toEqual(['NOT_RETIRED']);
  });

  it('counts J-Credits when the ruleset allows them (RE100-CLAIM-4, configurable)', () => {
    const result = evaluate2024(
      SITES,
      [
        claim('c', 100, {
          consumptionMarket: 'JP',
          facility: { country: 'JP' },
          instrument: { type: 'J_CREDIT' },
        }),
      ],
      { jCreditsCount: true },
    );
    expect(verdictOf(result, 'c')).toMatchObject({ eligibleWh: mwh(100), reasons: [] });
  });

  it('counts default-delivered electricity backed by a retired EAC (RE100-PASSIVE-1)', () => {
    const v = verdictOf(evaluate2024(SITES, [claim('c', 100, { method: 'DEFAULT_DELIVERED' })]), 'c');
    expect(v).toMatchObject({ status: 'ELIGIBLE', eligibleWh: mwh(100), reasons: [] });
  });

  it('keeps a flagged claim eligible and marks its status ELIGIBLE', () => {
    const v = verdictOf(evaluate2024(SITES, [claim('c', 100, { technology: 'HYDRO' })]), 'c');
    expect(v.status).toBe('ELIGIBLE');
  });
});
