/**
 * Versioned RE100 rulesets (domain.md §2). Every parameter the domain reference marks as configurable is a
 * named field here, so a figure can always say which rules produced it (C-3) and a later criteria version is
 * a new constant, not new code.
 */

/** An exact share, e.g. 15/100 for 15 %. Shares stay rational so Wh arithmetic stays integer (C-1). */
export interface Rational {
  numerator: bigint;
  denominator: bigint;
}

export interface Re100Ruleset {
  /** Stable id stored with every computed figure (C-3), e.g. `RE100_TC_v4_1`. */
  id: string;
  /** What the ruleset encodes, for report methodology text. */
  label: string;
  /**
   * RE100-AGE-1 (configurable): the largest facility age in years, where age = reporting year −
   * max(commissioning year, re-powering year). A facility exactly this old still passes.
   */
  ageLimitYears: number;
  /** RE100-AGE-1 (configurable): the age rule applies to reporting years from this one ("from 1 Jan 2024"). */
  ageRuleFromYear: number;
  /**
   * RE100-AGE-3 (configurable): share of in-scope consumption that may come from facilities older than the
   * limit without an exemption (the age allowance).
   */
  ageAllowanceShare: Rational;
  /** RE100-CLAIM-3 (configurable): months before the reporting period's first day in which generation may start. */
  vintageMonthsBefore: number;
  /** RE100-CLAIM-3 (configurable): months after the reporting period's end in which generation may still end. */
  vintageMonthsAfter: number;
  /**
   * RE100-SCOPE-2 (configurable): a market whose consumption is at or below this many Wh in the year is
   * excluded as immaterial. 0 excludes only markets without consumption.
   */
  immaterialMarketThresholdWh: bigint;
  /** RE100-AGE-2 (configurable): supplier contracts (type 3) are exempt from the age limit. */
  supplierContractAgeExempt: boolean;
  /** RE100-AGE-2 (configurable): default-delivered electricity (type 5) is exempt from the age limit. */
  defaultDeliveredAgeExempt: boolean;
  /**
   * RE100-AGE-2 (configurable): contracts signed strictly before this date (YYYY-MM-DD) are grandfathered,
   * i.e. exempt from the age limit.
   */
  grandfatherSignedBefore: string;
  /**
   * RE100-CLAIM-5 (configurable): hydro and biomass without sustainability evidence are always flagged;
   * when strict they are also excluded.
   */
  strict: boolean;
  /**
   * RE100-PASSIVE-1 (configurable): countries whose grid is > 95 % renewable and where active procurement
   * is not possible, so default-delivered electricity counts without an EAC. ISO 3166-1 alpha-2 codes.
   */
  passiveGridCountries: readonly string[];
  /** RE100-CLAIM-4 (configurable): J-Credits count as an attribute instrument. Carbon offsets never do. */
  jCreditsCount: boolean;
}

/** The default ruleset: RE100 Technical Criteria v4.1 with the defaults of domain.md §2. */
export const RE100_TC_V4_1: Readonly<Re100Ruleset> = Object.freeze({
  id: 'RE100_TC_v4_1',
  label: 'RE100 Technical Criteria v4.1 (2022), defaults of domain.md §2',
  ageLimitYears: 15,
  ageRuleFromYear: 2024,
  ageAllowanceShare: Object.freeze({ numerator: 15n, denominator: 100n }),
  vintageMonthsBefore: 6,
  vintageMonthsAfter: 3,
  immaterialMarketThresholdWh: 100_000_000n, // 100 MWh
  supplierContractAgeExempt: false,
  defaultDeliveredAgeExempt: false,
  grandfatherSignedBefore: '2024-01-01',
  strict: false,
  passiveGridCountries: Object.freeze([]),
  jCreditsCount: false,
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Problems with a ruleset, empty when it can be used. */
export function rulesetProblems(r: Re100Ruleset): string[] {
  const problems: string[] = [];
  const wholeNumber = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 0) problems.push(`${name} must be a whole number ≥ 0`);
  };
  if (!r.id) problems.push('id is required');
  wholeNumber('ageLimitYears', r.ageLimitYears);
  wholeNumber('ageRuleFromYear', r.ageRuleFromYear);
  wholeNumber('vintageMonthsBefore', r.vintageMonthsBefore);
  wholeNumber('vintageMonthsAfter', r.vintageMonthsAfter);
  const share = r.ageAllowanceShare;
  if (share.denominator <= 0n || share.numerator < 0n || share.numerator > share.denominator) {
    problems.push('ageAllowanceShare must be a fraction between 0 and 1');
  }
  if (r.immaterialMarketThresholdWh < 0n) problems.push('immaterialMarketThresholdWh must be ≥ 0');
  if (!ISO_DATE.test(r.grandfatherSignedBefore)) problems.push('grandfatherSignedBefore must be YYYY-MM-DD');
  return problems;
}
