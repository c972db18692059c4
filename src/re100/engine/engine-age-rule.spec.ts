import { evaluateRe100Year } from './engine';
import { claim, evaluate2024, mwh, site, verdictOf, year2024 } from '../../../test/support/re100-fixtures';
import type { Re100Ruleset } from './ruleset';

/**
 * RE100-AGE-1/2: age = reporting year − max(commissioning year, re-powering year) ≤ 15, for consumption from
 * 2024; exemptions for type 1, a type-2 PPA that is long-term, project-specific and of the first offtaker
 * (RE100-AGE-2 corrected), and contracts signed before 2024-01-01; types 3 and 5 configurable.
 * One German site of 10,000 MWh (EU). The allowance (RE100-AGE-3) is switched off here so each claim shows
 * the age rule alone; engine-age-allowance.spec.ts covers it. Every claim 100 MWh.
 */
const SITES = [site('de-1', 'DE', 10_000)];
const NO_ALLOWANCE: Partial<Re100Ruleset> = { ageAllowanceShare: { numerator: 0n, denominator: 100n } };
const OLD = { commissioningDate: '2000-05-01' }; // 2024 − 2000 = 24 years

const one = (c: ReturnType<typeof claim>, ruleset: Partial<Re100Ruleset> = {}) =>
  verdictOf(evaluate2024(SITES, [c], { ...NO_ALLOWANCE, ...ruleset }), c.claimId);

describe('RE100 engine: facility age (RE100-AGE-1, RE100-AGE-2)', () => {
  describe('the limit', () => {
    it('passes at exactly 15 years (commissioned 2009: 2024 − 2009 = 15)', () => {
      const v = one(claim('c', 100, { facility: { commissioningDate: '2009-12-31' } }));
      expect(v).toMatchObject({
        eligibleWh: mwh(100),
        reasons: [],
        basis: { facilityAgeYears: 15, ageRuleApplies: true },
      });
    });

    it('fails at 16 years (commissioned 2008-01-01: 2024 − 2008 = 16)', () => {
      const v = one(claim('c', 100, { facility: { commissioningDate: '2008-01-01' } }));
      expect(v).toMatchObject({
        eligibleWh: 0n,
        ineligibleWh: mwh(100),
        reasons: ['FACILITY_TOO_OLD'],
        basis: { facilityAgeYears: 16 },
      });
      expect(v.allocation).toMatchObject({
        stage: 'AGE_ALLOWANCE',
        allowanceBeforeWh: 0n,
        beyondAllowanceWh: mwh(100),
      });
    });

    it('counts from the re-powering year (built 2000, re-powered 2015: age 9)', () => {
      const v = one(claim('c', 100, { facility: { ...OLD, repoweringDate: '2015-09-01' } }));
      expect(v).toMatchObject({ eligibleWh: mwh(100), reasons: [], basis: { facilityAgeYears: 9 } });
    });

    it('treats an unknown commissioning date as failing (compliance cannot be shown)', () => {
      const v = one(claim('c', 100, { facility: { commissioningDate: null } }));
      expect(v).toMatchObject({
        eligibleWh: 0n,
        reasons: ['FACILITY_TOO_OLD'],
        basis: { facilityAgeYears: null },
      });
    });

    it('does not apply before 2024 (reporting year 2023, facility 23 years old)', () => {
      const input = year2024(
        SITES,
        [
          claim('c', 100, {
            facility: OLD,
            instrument: { vintageStart: '2023-01-01', vintageEnd: '2023-12-31' },
          }),
        ],
        NO_ALLOWANCE,
        { year: 2023, periodStart: '2023-01-01', periodEnd: '2023-12-31' },
      );
      const v = verdictOf(evaluateRe100Year(input), 'c');
      expect(v).toMatchObject({
        eligibleWh: mwh(100),
        reasons: [],
        basis: { facilityAgeYears: 23, ageRuleApplies: false },
      });
    });
  });

  describe('exemptions (each on a 24-year-old facility)', () => {
    it.each([
      ['SELF_GEN_OWNED', ['METERED_SELF_GENERATION', 'EXEMPT_SELF_GENERATION']],
      ['SELF_GEN_THIRD_PARTY', ['METERED_SELF_GENERATION', 'EXEMPT_SELF_GENERATION']],
    ] as const)('type 1 %s is exempt', (method, reasons) => {
      const v = one(claim('c', 100, { method, technology: 'SOLAR', instrument: null, facility: OLD }));
      expect(v).toMatchObject({
        eligibleWh: mwh(100),
        reasons,
        basis: { ageExemption: 'EXEMPT_SELF_GENERATION' },
      });
    });

    describe('type 2 (RE100-AGE-2 corrected: only a long-term, project-specific PPA of the first offtaker)', () => {
      const QUALIFYING = {
        signedDate: '2024-03-01',
        longTerm: true,
        projectSpecific: true,
        firstOfftaker: true,
      };

      it.each(['PPA_PHYSICAL', 'PPA_VIRTUAL'] as const)(
        '%s signed 2024, long-term, project-specific, first offtaker: exempt',
        (method) => {
          const v = one(claim('c', 100, { method, facility: OLD, contract: QUALIFYING }));
          expect(v).toMatchObject({
            eligibleWh: mwh(100),
            reasons: ['EXEMPT_DIRECT_PPA'],
            basis: {
              ageExemption: 'EXEMPT_DIRECT_PPA',
              ppaExemptionMissing: null,
              contractLongTerm: true,
              contractProjectSpecific: true,
              contractFirstOfftaker: true,
              contractTrialOperationEndDate: null,
            },
          });
        },
      );

      it.each([
        ['longTerm', 'LONG_TERM'],
        ['projectSpecific', 'PROJECT_SPECIFIC'],
        ['firstOfftaker', 'FIRST_OFFTAKER'],
      ] as const)('without %s it takes the limit (%s missing)', (fact, condition) => {
        const v = one(
          claim('c', 100, {
            method: 'PPA_PHYSICAL',
            facility: OLD,
            contract: { ...QUALIFYING, [fact]: false },
          }),
        );
        expect(v).toMatchObject({
          eligibleWh: 0n,
          reasons: ['FACILITY_TOO_OLD'],
          basis: { ageExemption: null, ppaExemptionMissing: [condition] },
        });
      });

      it('without any contract facts (absent = false) it takes the limit, like any other contract', () => {
        const v = one(claim('c', 100, { method: 'PPA_PHYSICAL', facility: OLD }));
        expect(v).toMatchObject({
          eligibleWh: 0n,
          reasons: ['FACILITY_TOO_OLD'],
          basis: {
            ppaExemptionMissing: ['LONG_TERM', 'PROJECT_SPECIFIC', 'FIRST_OFFTAKER'],
            contractLongTerm: null,
          },
        });
      });

      it('a PPA signed before 2024 stays grandfathered without the three facts', () => {
        const v = one(
          claim('c', 100, { method: 'PPA_VIRTUAL', facility: OLD, contract: { signedDate: '2023-11-30' } }),
        );
        expect(v).toMatchObject({
          eligibleWh: mwh(100),
          reasons: ['EXEMPT_GRANDFATHERED'],
          basis: { ppaExemptionMissing: null, contractLongTerm: false },
        });
      });

      it('a trial operation breaks the first offtake under v4.1 (trialOperationGraceYears 0)', () => {
        const v = one(
          claim('c', 100, {
            method: 'PPA_PHYSICAL',
            facility: { commissioningDate: '2000-05-01' },
            contract: { ...QUALIFYING, trialOperationEndDate: '2000-11-01' },
          }),
        );
        expect(v).toMatchObject({
          reasons: ['FACILITY_TOO_OLD'],
          basis: { ppaExemptionMissing: ['TRIAL_OPERATION'], contractTrialOperationEndDate: '2000-11-01' },
        });
      });
    });

    it('type 3 (supplier) is not exempt by default, exempt when the ruleset says so', () => {
      const c = claim('c', 100, { method: 'SUPPLIER_GREEN_TARIFF', facility: OLD });
      expect(one(c)).toMatchObject({ eligibleWh: 0n, reasons: ['FACILITY_TOO_OLD'] });
      expect(one(c, { supplierContractAgeExempt: true })).toMatchObject({
        eligibleWh: mwh(100),
        reasons: ['EXEMPT_SUPPLIER_CONTRACT'],
      });
    });

    it('type 5 (default delivered) is not exempt by default, exempt when the ruleset says so', () => {
      const c = claim('c', 100, { method: 'DEFAULT_DELIVERED', facility: OLD });
      expect(one(c)).toMatchObject({ eligibleWh: 0n, reasons: ['FACILITY_TOO_OLD'] });
      expect(one(c, { defaultDeliveredAgeExempt: true })).toMatchObject({
        eligibleWh: mwh(100),
        reasons: ['EXEMPT_DEFAULT_DELIVERED'],
      });
    });

    it('type 4 is not exempt', () => {
      expect(one(claim('c', 100, { facility: OLD })).reasons).toEqual(['FACILITY_TOO_OLD']);
    });

    it('grandfathers a contract signed on 2023-12-31, not one signed on 2024-01-01', () => {
      const signed = (signedDate: string) =>
        one(
          claim('c', 100, {
            facility: OLD,
            contract: { signedDate, grandfatheringJustification: 'Signed under v4.0' },
          }),
        );
      expect(signed('2023-12-31')).toMatchObject({
        eligibleWh: mwh(100),
        reasons: ['EXEMPT_GRANDFATHERED'],
        basis: { contractSignedDate: '2023-12-31', grandfatheringJustification: 'Signed under v4.0' },
      });
      expect(signed('2024-01-01')).toMatchObject({ eligibleWh: 0n, reasons: ['FACILITY_TOO_OLD'] });
    });

    it('grandfathers a type 3 contract signed before 2024', () => {
      const v = one(
        claim('c', 100, {
          method: 'SUPPLIER_GREEN_TARIFF',
          facility: OLD,
          contract: { signedDate: '2021-04-01' },
        }),
      );
      expect(v.reasons).toEqual(['EXEMPT_GRANDFATHERED']);
    });

    it('reports no exemption for a facility within the limit', () => {
      const v = one(claim('c', 100, { method: 'PPA_PHYSICAL' }));
      expect(v).toMatchObject({ reasons: [], basis: { ageExemption: null, facilityAgeYears: 4 } });
    });
  });

  describe('the count is inclusive (V5-AGE-1 wording; the same rule as the equality above)', () => {
    // For year Y a plant must have started on or after 1 Jan (Y − 15): Y − start year ≤ 15.
    it.each([
      [2024, '2009-01-01', 15, []],
      [2024, '2008-12-31', 16, ['FACILITY_TOO_OLD']],
      [2025, '2010-01-01', 15, []],
      [2025, '2009-12-31', 16, ['FACILITY_TOO_OLD']],
    ] as const)('%s: started %s → age %s', (year, commissioningDate, age, reasons) => {
      const input = year2024(
        SITES,
        [
          claim('c', 100, {
            facility: { commissioningDate },
            instrument: { vintageStart: `${year}-01-01`, vintageEnd: `${year}-12-31` },
          }),
        ],
        NO_ALLOWANCE,
        { year, periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` },
      );
      expect(verdictOf(evaluateRe100Year(input), 'c')).toMatchObject({
        reasons,
        basis: { facilityAgeYears: age },
      });
    });
  });

  it('honours a different age limit (configurable: 20 years passes a 2004 facility)', () => {
    const c = claim('c', 100, { facility: { commissioningDate: '2004-01-01' } });
    expect(one(c).reasons).toEqual(['FACILITY_TOO_OLD']);
    expect(one(c, { ageLimitYears: 20 }).reasons).toEqual([]);
  });
});
