import fc from 'fast-check';
import { evaluateRe100Year } from './engine';
import { LEGAL_ENTITY, year2024 } from '../../../test/support/re100-fixtures';
import { marketOf, RE100_V4_1_BOUNDARIES } from './market-boundaries';
import { RE100_TC_V4_1, RE100_TC_V5_0, type Re100Ruleset } from './ruleset';
import type {
  InstrumentStatus,
  InstrumentType,
  ProcurementMethod,
  Re100ClaimInput,
  Re100SiteInput,
  Re100YearInput,
  Re100YearResult,
  Technology,
} from './types';

/** Property tests over random years: sites in a few markets, claims of every kind, random rulesets. */
fc.configureGlobal({ numRuns: 300 });

const COUNTRIES = ['DE', 'FR', 'PL', 'GB', 'US', 'CA', 'KR', 'JP'];
const METHODS: ProcurementMethod[] = [
  'SELF_GEN_OWNED',
  'SELF_GEN_THIRD_PARTY',
  'PPA_PHYSICAL',
  'PPA_VIRTUAL',
  'SUPPLIER_GREEN_TARIFF',
  'UNBUNDLED_EAC',
  'DEFAULT_DELIVERED',
];
const TECHNOLOGIES: Technology[] = [
  'WIND',
  'SOLAR',
  'GEOTHERMAL',
  'HYDRO',
  'BIOMASS',
  'NUCLEAR',
  'FOSSIL',
  'STORAGE',
];
const INSTRUMENTS: InstrumentType[] = [
  'US_REC',
  'GO',
  'REGO_UK',
  'I_REC',
  'K_REC',
  'JP_NFC_TRACKED',
  'CONTRACT_ONLY',
  'J_CREDIT',
  'CARBON_OFFSET',
];
const STATUSES: InstrumentStatus[] = ['RETIRED', 'ACTIVE', 'TRANSFERRED', 'EXPIRED'];
const VINTAGES: [string, string][] = [
  ['2024-01-01', '2024-12-31'],
  ['2023-07-01', '2023-12-31'],
  ['2023-06-30', '2023-12-31'],
  ['2025-01-01', '2025-03-31'],
  ['2025-01-01', '2025-04-01'],
];
const market = (country: string) => marketOf(country, '2024-01-01', RE100_V4_1_BOUNDARIES);
const MWH = 1_000_000n;
/** True about one time in ten, or nine times in ten. */
const rarely = fc.integer({ min: 0, max: 9 }).map((n) => n === 0);
const mostly = rarely.map((b) => !b);

const siteArb = fc
  .record({
    country: fc.constantFrom(...COUNTRIES),
    consumptionWh: fc.bigInt({ min: 0n, max: 2_000n * MWH }),
    selfShare: fc.integer({ min: 0, max: 100 }),
    excluded: rarely,
  })
  .map((s) => ({ ...s, excluded: s.excluded && s.selfShare % 7 === 0 }));

/** Mostly `usual`, sometimes anything from `all`, so both passing and failing claims are common. */
const usually = <T>(usual: T[], all: T[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...usual), weight: 4 },
    { arbitrary: fc.constantFrom(...all), weight: 1 },
  );

/** A claim, mostly consumed where the organization has sites and generated in the same country. */
const claimArbIn = (siteCountries: string[]) =>
  fc.record({
    method: fc.constantFrom(...METHODS),
    volumeWh: fc.bigInt({ min: 0n, max: 1_500n * MWH }),
    consumptionCountry: siteCountries.length
      ? usually(siteCountries, COUNTRIES)
      : fc.constantFrom(...COUNTRIES),
    sameCountry: mostly,
    facilityCountry: fc.constantFrom(...COUNTRIES),
    technology: usually<Technology>(['WIND', 'SOLAR', 'GEOTHERMAL'], TECHNOLOGIES),
    evidence: fc.boolean(),
    commissioningYear: fc.option(fc.integer({ min: 1995, max: 2024 }), { nil: null, freq: 10 }),
    instrument: fc.option(
      fc.record({
        type: usually<InstrumentType>(['GO', 'US_REC', 'K_REC', 'I_REC'], INSTRUMENTS),
        status: usually<InstrumentStatus>(['RETIRED'], STATUSES),
        cancelled: mostly,
        ours: mostly,
        vintage: usually([VINTAGES[0], VINTAGES[1], VINTAGES[3]], VINTAGES),
      }),
      { freq: 6 },
    ),
    signedYear: fc.option(fc.integer({ min: 2018, max: 2025 }), { nil: null }),
    soldOn: rarely,
    facilityId: fc.constantFrom(undefined, 'f1', 'f2'),
    ppaFacts: fc.boolean(),
    statement: mostly,
    coal: rarely,
    passiveBasis: fc.constantFrom(null, 'SUPPLIER_PRO_RATA', 'MANDATE_ONLY'),
    equity: rarely,
  });
const claimArb = claimArbIn([]);

const rulesetArb = fc.record({
  strict: fc.boolean(),
  supplierContractAgeExempt: fc.boolean(),
  defaultDeliveredAgeExempt: fc.boolean(),
  allowancePercent: fc.integer({ min: 0, max: 100 }),
  thresholdMwh: fc.constantFrom(0n, 100n, 500n),
  passive: fc.boolean(),
  v5: fc.boolean(),
  excludeImmaterialMarkets: fc.boolean(),
});

type ClaimSpec = typeof claimArb extends fc.Arbitrary<infer T> ? T : never;

function toClaim(c: ClaimSpec, i: number): Re100ClaimInput {
  // K-RE100: an equity stake only on a PPA or a REC purchase.
  const equityAllowed = c.method === 'UNBUNDLED_EAC' || c.method.startsWith('PPA');
  return {
    claimId: `c${i}`,
    method: c.method,
    equityStake: c.equity && equityAllowed,
    passiveBasis:
      c.method === 'DEFAULT_DELIVERED' ? (c.passiveBasis as Re100ClaimInput['passiveBasis']) : null,
    volumeWh: c.volumeWh,
    consumptionMarket: market(c.consumptionCountry),
    technology: c.technology,
    facility: {
      country: c.sameCountry ? c.consumptionCountry : c.facilityCountry,
      commissioningDate: c.commissioningYear === null ? null : `${c.commissioningYear}-06-01`,
      sustainabilityEvidence: c.evidence,
      facilityId: c.facilityId,
      coalCofiring: c.coal,
    },
    contract:
      c.signedYear === null
        ? null
        : {
            signedDate: `${c.signedYear}-03-01`,
            longTerm: c.ppaFacts,
            projectSpecific: c.ppaFacts,
            firstOfftaker: c.ppaFacts,
          },
    instrument: c.instrument && {
      type: c.instrument.type,
      status: c.instrument.status,
      cancellationDate: c.instrument.cancelled ? '2025-02-01' : null,
      beneficiary: c.instrument.ours ? LEGAL_ENTITY.toUpperCase() : 'Someone Else Ltd',
      vintageStart: c.instrument.vintage[0],
      vintageEnd: c.instrument.vintage[1],
      cancellationStatementAttached: c.statement,
    },
    certificatesSoldOn: c.soldOn,
  };
}

const yearArb = fc
  .array(siteArb, { maxLength: 6 })
  .chain((sites) =>
    fc.record({
      sites: fc.constant(sites),
      claims: fc.array(claimArbIn(sites.map((s) => s.country)), { maxLength: 10 }),
      ruleset: rulesetArb,
    }),
  )
  .map(({ sites, claims, ruleset }): Re100YearInput => {
    const siteInputs: Re100SiteInput[] = sites.map((s, i) => ({
      siteId: `s${i}`,
      country: s.country,
      excluded: s.excluded,
      exclusionReason: s.excluded ? 'test' : null,
      consumptionWh: s.consumptionWh,
      selfGenerationConsumedWh: (s.consumptionWh * BigInt(s.selfShare)) / 100n,
    }));
    const overrides: Partial<Re100Ruleset> = {
      ...(ruleset.v5
        ? { ...RE100_TC_V5_0, cancellationEvidenceMarkets: ['EU', 'US-CA'], passiveGridCountries: ['JP'] }
        : RE100_TC_V4_1),
      strict: ruleset.strict,
      supplierContractAgeExempt: ruleset.supplierContractAgeExempt,
      defaultDeliveredAgeExempt: ruleset.defaultDeliveredAgeExempt,
      ageAllowanceShare: { numerator: BigInt(ruleset.allowancePercent), denominator: 100n },
      immaterialMarketThresholdWh: ruleset.thresholdMwh * MWH,
      passiveGridCountries: ruleset.passive ? ['JP'] : [],
    };
    return year2024(siteInputs, claims.map(toClaim), overrides, {
      excludeImmaterialMarkets: ruleset.excludeImmaterialMarkets,
    });
  });

/** Splits `total` into 12 monthly parts of calendar 2024 by the given weights (the last takes the rest). */
function monthly(total: bigint, weights: number[], year = 2024, startMonth = 1) {
  const sum = BigInt(weights.reduce((a, b) => a + b, 0) || 1);
  let left = total;
  return weights.map((w, i) => {
    const m = startMonth - 1 + i;
    const y = year + Math.floor(m / 12);
    const month = (m % 12) + 1;
    const last = new Date(Date.UTC(y, month, 0)).getUTCDate();
    const wh = i === weights.length - 1 ? left : (total * BigInt(w)) / sum;
    left -= wh;
    const mm = String(month).padStart(2, '0');
    return { start: `${y}-${mm}-01`, end: `${y}-${mm}-${last}`, consumptionWh: wh };
  });
}
const weightsArb = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 12 });

/** A fiscal year April 2023 – March 2024 (it runs into the age rule), every site given by months. */
const fiscalYearArb = fc
  .tuple(yearArb, fc.array(weightsArb, { minLength: 6, maxLength: 6 }))
  .map(([input, weights]): Re100YearInput => ({
    ...input,
    year: 2023,
    periodStart: '2023-04-01',
    periodEnd: '2024-03-31',
    ruleset: { ...input.ruleset, ...RE100_TC_V4_1, ageAllowanceShare: input.ruleset.ageAllowanceShare },
    sites: input.sites.map((s, i) => ({
      ...s,
      consumptionSegments: monthly(s.consumptionWh, weights[i], 2023, 4),
    })),
  }));

/** A claim that fails RE100-CLAIM-1 whatever else it is: an active certificate. */
const ineligibleClaimArb = claimArb.map((c): ClaimSpec => ({
  ...c,
  instrument: { type: 'GO', status: 'ACTIVE', cancelled: false, ours: true, vintage: VINTAGES[0] },
}));

const hundredths = (percent: string): bigint => {
  const [int, frac] = percent.split('.');
  return BigInt(int) * 100n + BigInt(frac);
};
const sum = (values: bigint[]): bigint => values.reduce((a, b) => a + b, 0n);

describe('RE100 engine: properties', () => {
  it('RE % is within [0, 100] and equals eligible / in-scope consumption', () => {
    fc.assert(
      fc.property(yearArb, (input) => {
        const { totals } = evaluateRe100Year(input);
        const p = hundredths(totals.rePercent);
        expect(p >= 0n && p <= 10_000n).toBe(true);
        expect(totals.eligibleWh <= totals.inScopeWh).toBe(true);
        expect(totals.inScopeWh).toBe(totals.consumptionWh - totals.excludedWh);
        if (totals.inScopeWh > 0n) {
          expect(p * totals.inScopeWh <= totals.eligibleWh * 10_000n).toBe(true);
          expect(totals.eligibleWh * 10_000n < (p + 1n) * totals.inScopeWh).toBe(true);
        }
      }),
    );
  });

  it('eligible ≤ in-scope consumption ≤ consumption in every market (RE100-CALC-1)', () => {
    fc.assert(
      fc.property(yearArb, (input) => {
        for (const m of evaluateRe100Year(input).markets) {
          expect(m.eligibleWh >= 0n && m.eligibleWh <= m.inScopeWh && m.inScopeWh <= m.consumptionWh).toBe(
            true,
          );
          expect(hundredths(m.rePercent) <= 10_000n).toBe(true);
        }
      }),
    );
  });

  it('a claim’s eligible + ineligible Wh equal its volume, neither negative (RE100-CALC-2)', () => {
    fc.assert(
      fc.property(yearArb, (input) => {
        const result = evaluateRe100Year(input);
        result.claims.forEach((v, i) => {
          expect(v.volumeWh).toBe(input.claims[i].volumeWh);
          expect(v.eligibleWh + v.ineligibleWh).toBe(v.volumeWh);
          expect(v.eligibleWh >= 0n && v.ineligibleWh >= 0n).toBe(true);
        });
      }),
    );
  });

  it('every breakdown adds up to the same eligible total, and the allowance stays within its limit', () => {
    fc.assert(
      fc.property(yearArb, (input) => {
        const r: Re100YearResult = evaluateRe100Year(input);
        const total = r.totals.eligibleWh;
        expect(sum(r.claims.map((v) => v.eligibleWh))).toBe(total);
        expect(sum(r.markets.map((m) => m.eligibleWh))).toBe(total);
        expect(sum(r.byProcurementType.map((t) => t.eligibleWh))).toBe(total);
        expect(
          sum(r.byCountry.map((c) => c.eligibleWh)) + sum(r.markets.map((m) => m.unattributedEligibleWh)),
        ).toBe(total);
        expect(sum(r.claims.map((v) => v.allocation.allowanceUsedWh))).toBe(r.totals.ageAllowance.usedWh);
        expect(r.totals.ageAllowance.usedWh <= r.totals.ageAllowance.limitWh).toBe(true);
      }),
    );
  });

  it('adding an ineligible claim, anywhere in the order, never raises RE % nor changes any other verdict', () => {
    fc.assert(
      fc.property(yearArb, ineligibleClaimArb, fc.nat(), (input, extra, at) => {
        const before = evaluateRe100Year(input);
        const claims = [...input.claims];
        const position = at % (claims.length + 1);
        claims.splice(position, 0, { ...toClaim(extra, 999), claimId: 'extra' });
        const after = evaluateRe100Year({ ...input, claims });
        expect(hundredths(after.totals.rePercent) <= hundredths(before.totals.rePercent)).toBe(true);
        expect(after.totals.eligibleWh).toBe(before.totals.eligibleWh);
        expect(after.claims.filter((v) => v.claimId !== 'extra').map((v) => v.eligibleWh)).toEqual(
          before.claims.map((v) => v.eligibleWh),
        );
      }),
    );
  });

  it('adding any claim at the end never lowers the eligible total', () => {
    fc.assert(
      fc.property(yearArb, claimArb, (input, extra) => {
        const before = evaluateRe100Year(input);
        const after = evaluateRe100Year({ ...input, claims: [...input.claims, toClaim(extra, 999)] });
        expect(after.totals.eligibleWh >= before.totals.eligibleWh).toBe(true);
      }),
    );
  });

  it('gives the same eligible total and allowance use whatever the order of the claims', () => {
    fc.assert(
      fc.property(fc.oneof(yearArb, fiscalYearArb), fc.nat(), (input, seed) => {
        const before = evaluateRe100Year(input);
        const claims = [...input.claims];
        for (let i = claims.length - 1, r = seed; i > 0; i--, r = Math.floor(r / 7) + i * 31) {
          const j = r % (i + 1);
          [claims[i], claims[j]] = [claims[j], claims[i]];
        }
        const after = evaluateRe100Year({ ...input, claims });
        expect(after.totals.eligibleWh).toBe(before.totals.eligibleWh);
        expect(after.totals.ageAllowance.usedWh).toBe(before.totals.ageAllowance.usedWh);
      }),
    );
  });

  it('gives every claim the same verdict when each site’s consumption is given by months (one cell per market)', () => {
    fc.assert(
      fc.property(yearArb, fc.array(weightsArb, { minLength: 6, maxLength: 6 }), (input, weights) => {
        const dated = {
          ...input,
          sites: input.sites.map((s, i) => ({
            ...s,
            consumptionSegments: monthly(s.consumptionWh, weights[i]),
          })),
        };
        const a = evaluateRe100Year(input);
        const b = evaluateRe100Year(dated);
        expect(b.claims).toEqual(a.claims);
        expect(b.totals).toEqual(a.totals);
      }),
    );
  });

  it('keeps a fiscal year across the age rule within its caps, with the allowance on 2024 consumption only', () => {
    fc.assert(
      fc.property(fiscalYearArb, (input) => {
        const r = evaluateRe100Year(input);
        const { ageAllowance, inScopeWh, eligibleWh } = r.totals;
        expect(eligibleWh <= inScopeWh).toBe(true);
        expect(ageAllowance.baseWh + ageAllowance.inScopeBeforeRuleWh).toBe(inScopeWh);
        expect(ageAllowance.usedWh <= ageAllowance.limitWh).toBe(true);
        expect(ageAllowance.countedBeforeRuleWh <= ageAllowance.inScopeBeforeRuleWh).toBe(true);
        for (const m of r.markets) expect(m.eligibleWh <= m.inScopeWh).toBe(true);
        r.claims.forEach((v) => {
          const a = v.allocation;
          expect(v.eligibleWh + v.ineligibleWh).toBe(v.volumeWh);
          if (a.stage === 'AGE_ALLOWANCE') expect(v.eligibleWh).toBe(a.beforeAgeRuleWh + a.allowanceUsedWh);
          if (a.stage !== 'NOT_COUNTED') {
            expect(
              a.sameGenerationWh + a.cappedWh + a.beforeAgeRuleWh + a.allowanceUsedWh + a.beyondAllowanceWh,
            ).toBe(a.stage === 'COMPLIANT' ? v.volumeWh - v.eligibleWh : v.volumeWh);
          }
        });
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(yearArb, (input) => expect(evaluateRe100Year(input)).toEqual(evaluateRe100Year(input))),
    );
  });
});
