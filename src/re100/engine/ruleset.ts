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

/**
 * A code (market or country) on a configurable list from `validFrom` (inclusive) to `validTo` (exclusive),
 * null meaning open-ended, like market-boundary rows. A plain string is in force on every day.
 */
export interface DatedCode {
  code: string;
  validFrom: string | null;
  validTo: string | null;
}
export type DatedCodeList = readonly (string | DatedCode)[];

export interface Re100Ruleset {
  /** Stable id stored with every computed figure (C-3), e.g. `RE100_TC_v4_1`. */
  id: string;
  /** What the ruleset encodes, for report methodology text. */
  label: string;
  /** First consumption day the ruleset is meant for (YYYY-MM-DD), null for the first ruleset (`rulesetForYear`). */
  appliesFrom: string | null;
  /** The market-boundary rows to read (the `ruleset` column of market_boundaries). */
  boundarySet: string;
  /**
   * RE100-AGE-1 (configurable): the largest facility age in years, where age = reporting year −
   * max(commissioning year, re-powering year). A facility exactly this old still passes.
   */
  ageLimitYears: number;
  /**
   * RE100-AGE-1 (configurable): the age rule applies to consumption from 1 January of this year ("from
   * 1 Jan 2024"), judged by consumption dates, not by the reporting year's label.
   */
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
   * V5-AGE-1 (configurable): a type-2 PPA keeps its RE100-AGE-2 exemption when regulation imposed a trial
   * operation of at most this many years before the buyer could take power (0 in v4.1: none allowed).
   */
  trialOperationGraceYears: number;
  /** V5-COAL-1: electricity from biomass co-fired with coal is not renewable (COAL_COFIRING). */
  coalCofiringExcluded: boolean;
  /**
   * V5-CANCEL-1 (configurable, TC Appendix C): consumption markets where a certificate claim needs its
   * cancellation statement attached; an entry applies to a period it overlaps.
   */
  cancellationEvidenceMarkets: DatedCodeList;
  /**
   * RE100-CLAIM-5 (configurable): hydro and biomass without sustainability evidence are always flagged;
   * when strict they are also excluded.
   */
  strict: boolean;
  /**
   * RE100-PASSIVE-1 / V5-PASSIVE-1 5.2 (configurable): countries whose grid is (≥ / >) 95 % renewable with no
   * certificate system, so default-delivered electricity counts without an EAC. ISO 3166-1 alpha-2 codes;
   * an entry must be in force on every day of the period.
   */
  passiveGridCountries: DatedCodeList;
  /**
   * V5-PASSIVE-1 5.1: default-delivered (type 5) claims count only for load not procured actively: they are
   * counted after every active claim (types 1–4), on the consumption left.
   */
  passiveAfterActive: boolean;
  /** V5-PASSIVE-1 5.1: certificates a supplier retired only to meet a mandate (RPS) are enough for type 5. */
  passiveMandateCounts: boolean;
  /** RE100-CLAIM-4 (configurable): J-Credits count as an attribute instrument. Carbon offsets never do. */
  jCreditsCount: boolean;
}

/** The default ruleset: RE100 Technical Criteria v4.1 with the defaults of domain.md §2. */
export const RE100_TC_V4_1: Readonly<Re100Ruleset> = Object.freeze({
  id: 'RE100_TC_v4_1',
  label: 'RE100 Technical Criteria v4.1 (2022)',
  appliesFrom: null,
  boundarySet: 'RE100_TC_v4_1',
  ageLimitYears: 15,
  ageRuleFromYear: 2024,
  ageAllowanceShare: Object.freeze({ numerator: 15n, denominator: 100n }),
  vintageMonthsBefore: 6,
  vintageMonthsAfter: 3,
  immaterialMarketThresholdWh: 100_000_000n, // 100 MWh
  supplierContractAgeExempt: false,
  defaultDeliveredAgeExempt: false,
  grandfatherSignedBefore: '2024-01-01',
  trialOperationGraceYears: 0,
  coalCofiringExcluded: false,
  cancellationEvidenceMarkets: Object.freeze([]),
  strict: false,
  passiveGridCountries: Object.freeze([]),
  passiveAfterActive: false,
  passiveMandateCounts: true,
  jCreditsCount: false,
});

const from2026 = (code: string): DatedCode => Object.freeze({ code, validFrom: '2026-01-01', validTo: null });

/**
 * RE100 Technical Criteria v5.0 (24 Mar 2025, corrected 15 Apr 2025), for consumption from 1 Jan 2026.
 * Unconfirmed parts stay as in v4.1 and are parameters (domain.md §2): the market boundaries (the v4.1 rows),
 * the PPA sub-types, ocean energy.
 */
export const RE100_TC_V5_0: Readonly<Re100Ruleset> = Object.freeze({
  ...RE100_TC_V4_1,
  id: 'RE100_TC_v5_0',
  label: 'RE100 Technical Criteria v5.0 (2025, corrected 15 Apr 2025)',
  appliesFrom: '2026-01-01',
  trialOperationGraceYears: 1, // V5-AGE-1
  coalCofiringExcluded: true, // V5-COAL-1
  // V5-CANCEL-1, TC Appendix C: US/Canada, Europe, China, India.
  cancellationEvidenceMarkets: Object.freeze(['US-CA', 'EU', 'CN', 'IN'].map(from2026)),
  // V5-PASSIVE-1 5.2: ≥ 95 % renewable grids without a certificate system (not NO, IS or NP, which have one).
  passiveGridCountries: Object.freeze(['PY', 'UY', 'ET'].map(from2026)),
  passiveAfterActive: true, // V5-PASSIVE-1 5.1
  passiveMandateCounts: false, // V5-PASSIVE-1 5.1
});

/** Every shipped ruleset, oldest first. */
export const RE100_RULESETS: readonly Readonly<Re100Ruleset>[] = Object.freeze([
  RE100_TC_V4_1,
  RE100_TC_V5_0,
]);

/** A shipped ruleset by id (for `?ruleset=`), undefined when there is none. */
export const rulesetById = (id: string): Readonly<Re100Ruleset> | undefined =>
  RE100_RULESETS.find((r) => r.id === id);

/**
 * The ruleset for a reporting period: the latest whose `appliesFrom` is on or before the period's first day
 * (v4.1 before 2026, v5.0 from 2026). A fiscal year starting before 2026 stays on v4.1 as a whole, even for
 * its months in 2026; evaluate it under the other ruleset to see the difference.
 */
export function rulesetForYear(year: number, periodStart: string = `${year}-01-01`): Readonly<Re100Ruleset> {
  let chosen = RE100_RULESETS[0];
  for (const r of RE100_RULESETS) if (r.appliesFrom === null || r.appliesFrom <= periodStart) chosen = r;
  return chosen;
}

const entryOf = (e: string | DatedCode): DatedCode =>
  typeof e === 'string' ? { code: e, validFrom: null, validTo: null } : e;

/** The codes of a dated list in force on at least one day of [start, end] (both inclusive). */
export function codesInForceAnyDay(list: DatedCodeList, start: string, end: string): Set<string> {
  return new Set(
    list
      .map(entryOf)
      .filter(
        (e) => (e.validFrom === null || e.validFrom <= end) && (e.validTo === null || start < e.validTo),
      )
      .map((e) => e.code.toUpperCase()),
  );
}

/** The codes of a dated list in force on every day of [start, end] (both inclusive). */
export function codesInForceEveryDay(list: DatedCodeList, start: string, end: string): Set<string> {
  return new Set(
    list
      .map(entryOf)
      .filter(
        (e) => (e.validFrom === null || e.validFrom <= start) && (e.validTo === null || end < e.validTo),
      )
      .map((e) => e.code.toUpperCase()),
  );
}

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
  if (r.appliesFrom !== null && !ISO_DATE.test(r.appliesFrom))
    problems.push('appliesFrom must be YYYY-MM-DD');
  if (!r.boundarySet) problems.push('boundarySet is required');
  wholeNumber('trialOperationGraceYears', r.trialOperationGraceYears);
  const list = (name: string, entries: DatedCodeList) =>
    entries.map(entryOf).forEach((e, i) => {
      if (!e.code) problems.push(`${name}[${i}] needs a code`);
      for (const d of [e.validFrom, e.validTo])
        if (d !== null && !ISO_DATE.test(d)) problems.push(`${name}[${i}]: ${d} is not YYYY-MM-DD`);
      if (e.validFrom !== null && e.validTo !== null && e.validTo <= e.validFrom)
        problems.push(`${name}[${i}]: empty period`);
    });
  list('cancellationEvidenceMarkets', r.cancellationEvidenceMarkets);
  list('passiveGridCountries', r.passiveGridCountries);
  return problems;
}
