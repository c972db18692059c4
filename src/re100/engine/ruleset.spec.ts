import { RE100_TC_V4_1, rulesetProblems } from './ruleset';

describe('RE100 ruleset RE100_TC_v4_1', () => {
  it('carries the defaults of domain.md §2', () => {
    expect(RE100_TC_V4_1).toEqual({
      id: 'RE100_TC_v4_1',
      label: expect.any(String),
      ageLimitYears: 15, // RE100-AGE-1
      ageRuleFromYear: 2024, // RE100-AGE-1
      ageAllowanceShare: { numerator: 15n, denominator: 100n }, // RE100-AGE-3
      vintageMonthsBefore: 6, // RE100-CLAIM-3
      vintageMonthsAfter: 3, // RE100-CLAIM-3
      immaterialMarketThresholdWh: 100_000_000n, // RE100-SCOPE-2: 100 MWh
      supplierContractAgeExempt: false, // RE100-AGE-2
      defaultDeliveredAgeExempt: false, // RE100-AGE-2
      grandfatherSignedBefore: '2024-01-01', // RE100-AGE-2
      strict: false, // RE100-CLAIM-5
      passiveGridCountries: [], // RE100-PASSIVE-1
      jCreditsCount: false, // RE100-CLAIM-4
    });
    expect(rulesetProblems(RE100_TC_V4_1)).toEqual([]);
  });

  it('is frozen so no caller can change the shared default', () => {
    expect(Object.isFrozen(RE100_TC_V4_1)).toBe(true);
    expect(Object.isFrozen(RE100_TC_V4_1.ageAllowanceShare)).toBe(true);
    expect(Object.isFrozen(RE100_TC_V4_1.passiveGridCountries)).toBe(true);
  });

  it('reports unusable parameters', () => {
    expect(
      rulesetProblems({
        ...RE100_TC_V4_1,
        ageLimitYears: -1,
        ageAllowanceShare: { numerator: 3n, denominator: 2n },
        immaterialMarketThresholdWh: -1n,
        grandfatherSignedBefore: '1/1/2024',
      }),
    ).toEqual([
      'ageLimitYears must be a whole number ≥ 0',
      'ageAllowanceShare must be a fraction between 0 and 1',
      'immaterialMarketThresholdWh must be ≥ 0',
      'grandfatherSignedBefore must be YYYY-MM-DD',
    ]);
  });
});
