import { EUROPE_MARKET, US_CANADA_MARKET, type MarketBoundaryRow } from './market-boundaries';
import type { AgeExemption, ReasonCode, SiteExclusionReason } from './reason-codes';
import type { Rational, Re100Ruleset } from './ruleset';

/*
 * Lists of allowed values. Each list is the one source for its type here, for the DTOs (`@IsIn`) and for the
 * database CHECK constraints (a spec compares them), so the three never drift apart.
 */

/** Procurement methods (domain.md §1); `PROCUREMENT_TYPE` gives their RE100 type 1–5. */
export const PROCUREMENT_METHODS = [
  'SELF_GEN_OWNED',
  'SELF_GEN_THIRD_PARTY',
  'PPA_PHYSICAL',
  'PPA_VIRTUAL',
  'SUPPLIER_GREEN_TARIFF',
  'UNBUNDLED_EAC',
  'DEFAULT_DELIVERED',
] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];
export type Re100ProcurementType = 1 | 2 | 3 | 4 | 5;

export const PROCUREMENT_TYPE: Readonly<Record<ProcurementMethod, Re100ProcurementType>> = Object.freeze({
  SELF_GEN_OWNED: 1,
  SELF_GEN_THIRD_PARTY: 1,
  PPA_PHYSICAL: 2,
  PPA_VIRTUAL: 2,
  SUPPLIER_GREEN_TARIFF: 3,
  UNBUNDLED_EAC: 4,
  DEFAULT_DELIVERED: 5,
});

/**
 * Korean procurement methods, kept as a tag on a claim (domain.md §1). `KR_EQUITY_INVESTMENT` is not one:
 * an equity stake counts only with a PPA or a REC purchase from the same plant (corrected §1), so it is the
 * claim's `equityStake` flag and refused as a tag.
 */
export const KR_PROCUREMENT_TAGS = [
  'KR_GREEN_PREMIUM',
  'KR_REC_PURCHASE',
  'KR_THIRD_PARTY_PPA',
  'KR_DIRECT_PPA',
  'KR_SELF_GEN',
] as const;
/** The former tag, refused as input: use `equityStake` on the PPA or REC purchase instead. */
export const KR_EQUITY_INVESTMENT = 'KR_EQUITY_INVESTMENT';
/**
 * A Korean tag. `KR_EQUITY_INVESTMENT` stays in the type only so that existing callers compile; the engine
 * refuses it (Re100InputError) and it is not in `KR_PROCUREMENT_TAGS`. @deprecated for that member.
 */
export type KrProcurementTag = (typeof KR_PROCUREMENT_TAGS)[number] | typeof KR_EQUITY_INVESTMENT;

/** The RE100 type each Korean tag maps to; V5-KR-1: the green premium is a type-3 retail supply contract. */
export const KR_TAG_TYPE: Readonly<Record<(typeof KR_PROCUREMENT_TAGS)[number], Re100ProcurementType>> =
  Object.freeze({
    KR_GREEN_PREMIUM: 3,
    KR_REC_PURCHASE: 4,
    KR_THIRD_PARTY_PPA: 2,
    KR_DIRECT_PPA: 2,
    KR_SELF_GEN: 1,
  });

/** K-RE100: an equity stake counts only together with a type-2 PPA or a type-4 REC purchase from that plant. */
export const EQUITY_STAKE_TYPES: readonly Re100ProcurementType[] = Object.freeze([2, 4]);

/** Generation technologies a facility may have (domain.md §1). */
export const TECHNOLOGIES = [
  'WIND',
  'SOLAR',
  'GEOTHERMAL',
  'HYDRO',
  'BIOMASS',
  'NUCLEAR',
  'FOSSIL',
  'STORAGE',
  'HYDROGEN',
] as const;
export type Technology = (typeof TECHNOLOGIES)[number];

/** Technologies that are renewable for RE100 (domain.md §1). */
export const RE100_TECHNOLOGIES: ReadonlySet<Technology> = new Set([
  'WIND',
  'SOLAR',
  'GEOTHERMAL',
  'HYDRO',
  'BIOMASS',
]);
/** RE100-CLAIM-5: technologies that need sustainability evidence. */
export const EVIDENCE_TECHNOLOGIES: ReadonlySet<Technology> = new Set(['HYDRO', 'BIOMASS']);

/**
 * Instruments (domain.md §1, §5). `J_CREDIT` and `CARBON_OFFSET` are not energy attribute certificates; they
 * are listed so that they can be recorded and refused (RE100-CLAIM-4).
 */
export const INSTRUMENT_TYPES = [
  'US_REC',
  'GO',
  'REGO_UK',
  'I_REC',
  'TIGR',
  'K_REC',
  'JP_NFC_TRACKED',
  'JP_NFC_NON_FIT',
  'GRANULAR_CERT',
  'CONTRACT_ONLY',
  'J_CREDIT',
  'CARBON_OFFSET',
] as const;
export type InstrumentType = (typeof INSTRUMENT_TYPES)[number];

export const INSTRUMENT_STATUSES = ['ACTIVE', 'RETIRED', 'TRANSFERRED', 'EXPIRED'] as const;
export type InstrumentStatus = (typeof INSTRUMENT_STATUSES)[number];

/**
 * Consumption markets: the multi-country markets (RE100-MB-2, RE100-MB-3) or a country's ISO 3166-1 alpha-2
 * code (RE100-MB-4). `MARKET_CODE` matches exactly these.
 */
export const MULTI_COUNTRY_MARKETS = Object.freeze([EUROPE_MARKET, US_CANADA_MARKET] as const);
export const MARKET_CODE = /^([A-Z]{2}|EU|US-CA)$/;

/** V5-PASSIVE-1: what a default-delivered (type 5) claim with certificates rests on. */
export const PASSIVE_BASES = ['SUPPLIER_PRO_RATA', 'MANDATE_ONLY'] as const;
export type PassiveBasis = (typeof PASSIVE_BASES)[number];

/** Part of a site's consumption on known days (both inclusive). */
export interface Re100ConsumptionSegment {
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day, YYYY-MM-DD (inclusive). */
  end: string;
  consumptionWh: bigint;
}

/** A site's electricity for the year (RE100-SCOPE-1), already net of export. */
export interface Re100SiteInput {
  siteId: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /**
   * The organization asks to exclude the site (RE100-SCOPE-2), with `exclusionReason`. Accepted only when
   * the site's market consumes ≤ the ruleset's immaterial threshold; otherwise the site stays in the
   * denominator and its row in `excludedSites` says `EXCLUSION_NOT_ALLOWED`.
   */
  excluded: boolean;
  exclusionReason: string | null;
  /** Σ import + Σ on-site generation − Σ export (RE100-SCOPE-1). */
  consumptionWh: bigint;
  /** Self-generated and consumed: generation − export, never below 0 (RE100-SCOPE-1). Part of consumptionWh. */
  selfGenerationConsumedWh: bigint;
  /**
   * Optional: the consumption by dated parts (e.g. months), inside the period, not overlapping, adding up to
   * `consumptionWh`. Rules that start on a date (RE100-AGE-1 from 1 Jan 2024) and dated market boundaries
   * read them. Absent: one part over the whole period. A part must not span a market-boundary change of the
   * year; one that spans the age rule's start date counts as after it (it cannot be shown to be before).
   */
  consumptionSegments?: readonly Re100ConsumptionSegment[];
}

export interface Re100FacilityInput {
  facilityId?: string;
  /** ISO 3166-1 alpha-2 of the generator (its market decides RE100-MB-1). */
  country: string;
  /**
   * YYYY-MM-DD, the day the plant started operating (the start of any trial operation); null when unknown
   * (then the age cannot be shown to pass, RE100-AGE-1).
   */
  commissioningDate: string | null;
  repoweringDate?: string | null;
  /** RE100-CLAIM-5: an attachment or a flag with a note exists. */
  sustainabilityEvidence: boolean;
  /** V5-COAL-1: biomass co-fired with coal. Absent = false. */
  coalCofiring?: boolean;
}

export interface Re100ContractInput {
  contractId?: string;
  /** YYYY-MM-DD (RE100-AGE-2 grandfathering). */
  signedDate: string;
  grandfatheringJustification?: string | null;
  /** RE100-AGE-2 (corrected): a long-term contract. Absent = false. */
  longTerm?: boolean;
  /** RE100-AGE-2 (corrected): tied to a named project (project-specific). Absent = false. */
  projectSpecific?: boolean;
  /**
   * RE100-AGE-2 (corrected): the buyer is the plant's first offtaker: it signed before the plant started
   * operating and takes power from its start (or from the end of a trial operation, V5-AGE-1). Absent = false.
   */
  firstOfftaker?: boolean;
  /**
   * V5-AGE-1: the first day the buyer could take power after a trial operation imposed by regulation
   * (YYYY-MM-DD); null or absent when there was none. The trial runs from the plant's start (the later of
   * commissioning and re-powering) to this day; at most `trialOperationGraceYears` keeps the PPA exemption.
   */
  trialOperationEndDate?: string | null;
}

export interface Re100InstrumentInput {
  certificateId?: string;
  type: InstrumentType;
  status: InstrumentStatus;
  /** YYYY-MM-DD. */
  cancellationDate?: string | null;
  beneficiary?: string | null;
  /** First production day, YYYY-MM-DD (inclusive). */
  vintageStart: string;
  /** Last production day, YYYY-MM-DD (inclusive). */
  vintageEnd: string;
  /** V5-CANCEL-1: the registry's cancellation statement is attached. Absent = false. */
  cancellationStatementAttached?: boolean;
}

/** One claim (allocation) of renewable electricity to the reporting year and a consumption market. */
export interface Re100ClaimInput {
  claimId: string;
  method: ProcurementMethod;
  krTag?: KrProcurementTag | null;
  /** K-RE100: the organization holds equity in the plant. Only with a type-2 PPA or a type-4 REC purchase. */
  equityStake?: boolean;
  volumeWh: bigint;
  /** The market code the claim is allocated to (RE100-MB-1), e.g. 'EU', 'US-CA', 'KR'. */
  consumptionMarket: string;
  /** Sites the claim is allocated to, optional; all must be in `consumptionMarket`. */
  siteIds?: readonly string[];
  /** Country of consumption (e.g. from the certificate), optional; must be in `consumptionMarket`. */
  consumptionCountry?: string | null;
  technology: Technology;
  /**
   * The generating facility. Pass `facilityId` for self-generation measured by meters and for certificates
   * of the same facility: RE100-CALC-2 then counts their Wh once.
   */
  facility: Re100FacilityInput;
  contract?: Re100ContractInput | null;
  instrument?: Re100InstrumentInput | null;
  /**
   * RE100-CLAIM-2: certificates of this generation were sold on (for self-generation: any certificate of the
   * facility whose vintage overlaps the period is TRANSFERRED): the generation is null power.
   */
  certificatesSoldOn?: boolean;
  /** V5-PASSIVE-1: for a type-5 claim with certificates, what they rest on. Absent = not stated. */
  passiveBasis?: PassiveBasis | null;
}

export interface Re100YearInput {
  /** The reporting year label; the facility age counts from it (RE100-AGE-1). */
  year: number;
  /** First day of the reporting period, YYYY-MM-DD. */
  periodStart: string;
  /** Last day of the reporting period, YYYY-MM-DD (inclusive). */
  periodEnd: string;
  ruleset: Re100Ruleset;
  boundaries: readonly MarketBoundaryRow[];
  /** The organization's legal entity, compared with certificate beneficiaries (RE100-CLAIM-1). */
  legalEntityName: string;
  sites: readonly Re100SiteInput[];
  /** Evaluated in this order; the order decides which claims fill a market first (RE100-CALC-1). */
  claims: readonly Re100ClaimInput[];
  /**
   * RE100-SCOPE-2: the organization chooses to exclude every site of every market at or below the immaterial
   * threshold. Default false: only the sites it flags are excluded ("may be excluded" is its choice).
   */
  excludeImmaterialMarkets?: boolean;
}

export type { AgeExemption, SiteExclusionReason };

/** RE100-AGE-2 (corrected), V5-AGE-1: the conditions a type-2 PPA signed from the grandfathering date must meet. */
export type PpaExemptionCondition = 'LONG_TERM' | 'PROJECT_SPECIFIC' | 'FIRST_OFFTAKER' | 'TRIAL_OPERATION';

/** The facts a verdict was based on, so an auditor can re-perform it (C-3). */
export interface ClaimBasis {
  procurementType: Re100ProcurementType;
  method: ProcurementMethod;
  krTag: KrProcurementTag | null;
  equityStake: boolean;
  technology: Technology;
  coalCofiring: boolean;
  facilityCountry: string;
  /**
   * The facility's market (RE100-MB-1): the claim's market when the facility was in it on some day of the
   * period, else its market on the period's first day.
   */
  facilityMarket: string;
  /** The facility's market over the period, one row per stretch of unchanged market boundaries. */
  facilityMarkets: { start: string; end: string; market: string }[];
  /** The consumption country the eligible Wh are reported under, null when the claim spans several. */
  consumptionCountry: string | null;
  instrumentType: InstrumentType | null;
  instrumentStatus: InstrumentStatus | null;
  certificateId: string | null;
  cancellationDate: string | null;
  beneficiary: string | null;
  /** V5-CANCEL-1: the ruleset asks for a cancellation statement in this market. */
  cancellationEvidenceRequired: boolean;
  cancellationStatementAttached: boolean | null;
  vintage: { start: string; end: string } | null;
  passiveBasis: PassiveBasis | null;
  /** Reporting year − max(commissioning year, re-powering year); null when the commissioning date is unknown. */
  facilityAgeYears: number | null;
  /** The period has consumption days on or after the age rule's start (RE100-AGE-1). */
  ageRuleApplies: boolean;
  ageExemption: AgeExemption | null;
  /** For a type-2 claim too old without an exemption: the RE100-AGE-2 / V5-AGE-1 conditions it misses. */
  ppaExemptionMissing: PpaExemptionCondition[] | null;
  contractSignedDate: string | null;
  grandfatheringJustification: string | null;
  contractLongTerm: boolean | null;
  contractProjectSpecific: boolean | null;
  contractFirstOfftaker: boolean | null;
  contractTrialOperationEndDate: string | null;
}

/** How the claim's Wh were counted (RE100-CALC-1, RE100-AGE-3). */
export interface ClaimAllocation {
  /**
   * NOT_COUNTED: a rule other than age failed. COMPLIANT: passes every rule, counted in the first pass.
   * AGE_ALLOWANCE: passes every rule but age, counted in the second pass on consumption before the age rule
   * and against the allowance. Default-delivered claims under V5-PASSIVE-1 are counted after every active one.
   */
  stage: 'NOT_COUNTED' | 'COMPLIANT' | 'AGE_ALLOWANCE';
  /**
   * The market's in-scope consumption not yet covered when this claim was counted (age-failing: when its
   * allowance part was counted, plus what it counted before the age rule).
   */
  marketRoomBeforeWh: bigint;
  /** The age allowance left when this claim was counted (AGE_ALLOWANCE stage only). */
  allowanceBeforeWh: bigint | null;
  /** RE100-CALC-2: Wh of a certificate already counted as the same facility's metered self-generation. */
  sameGenerationWh: bigint;
  /** Passing Wh that did not fit under the market cap. */
  cappedWh: bigint;
  /** RE100-AGE-1: age-failing Wh counted on consumption before the age rule's start (no allowance needed). */
  beforeAgeRuleWh: bigint;
  /** Wh counted under the age allowance. */
  allowanceUsedWh: bigint;
  /** Age-failing Wh that fit under the cap but not in the remaining allowance. */
  beyondAllowanceWh: bigint;
}

export type VerdictStatus = 'ELIGIBLE' | 'PARTIAL' | 'INELIGIBLE';

export interface ClaimVerdict {
  claimId: string;
  /** The consumption market the claim is allocated to. */
  market: string;
  status: VerdictStatus;
  volumeWh: bigint;
  eligibleWh: bigint;
  ineligibleWh: bigint;
  reasons: ReasonCode[];
  basis: ClaimBasis;
  allocation: ClaimAllocation;
}

export interface MarketResult {
  market: string;
  /** Countries of the organization's sites in this market. */
  countries: string[];
  siteIds: string[];
  consumptionWh: bigint;
  excludedWh: bigint;
  /** consumptionWh − excludedWh: the cap on eligible Wh (RE100-CALC-1). */
  inScopeWh: bigint;
  /** In-scope consumption on days before the age rule's start (RE100-AGE-1). */
  inScopeBeforeAgeRuleWh: bigint;
  /** RE100-SCOPE-2: the market's consumption is at or below the threshold, so its sites may be excluded. */
  immaterial: boolean;
  /** Σ volumes of the claims allocated to this market. */
  claimedWh: bigint;
  /** Σ volumes passing every rule (age included, or exempt). */
  compliantWh: bigint;
  /** Σ volumes passing every rule but the age limit. */
  ageFailingWh: bigint;
  /** Age-failing Wh counted on consumption before the age rule's start. */
  beforeAgeRuleWh: bigint;
  ageAllowanceUsedWh: bigint;
  /** Passing Wh above the cap: the surplus, never moved to another market (RE100-CALC-1). */
  cappedWh: bigint;
  eligibleWh: bigint;
  /** Eligible Wh of claims that span several consumption countries (not in any byCountry row). */
  unattributedEligibleWh: bigint;
  rePercent: string;
}

export interface CountryResult {
  country: string;
  /** The country's market on its first consumption day of the period. */
  market: string;
  consumptionWh: bigint;
  selfGenerationConsumedWh: bigint;
  /** consumption − self-generation consumed (CDP 7.30.16). */
  purchasedWh: bigint;
  excludedWh: bigint;
  inScopeWh: bigint;
  /** Eligible Wh of claims attributed to this consumption country (the cap is per market, not per country). */
  eligibleWh: bigint;
  /** eligible / in-scope × 100, clamped to 100 (a market-wide claim may be attributed to one country). */
  rePercent: string;
}

export interface ProcurementMethodResult {
  method: ProcurementMethod;
  krTag: KrProcurementTag | null;
  equityStake: boolean;
  claimCount: number;
  volumeWh: bigint;
  eligibleWh: bigint;
}

export interface ProcurementTypeResult {
  type: Re100ProcurementType;
  claimCount: number;
  volumeWh: bigint;
  eligibleWh: bigint;
  /** eligible of this type / total in-scope consumption × 100; the types add up to the overall RE %. */
  rePercent: string;
  methods: ProcurementMethodResult[];
}

/** A site the organization flagged or that lies in an immaterial market, one row per market it consumed in. */
export interface ExcludedSite {
  siteId: string;
  country: string;
  market: string;
  consumptionWh: bigint;
  /** FLAGGED, IMMATERIAL_MARKET, EXCLUSION_NOT_ALLOWED (reason-codes.ts `SITE_EXCLUSION_REASONS`). */
  reasons: SiteExclusionReason[];
  /** RE100-SCOPE-2: the exclusion holds; false keeps the consumption in the denominator. */
  accepted: boolean;
  /** The organization's stated reason for a flagged exclusion. */
  note: string | null;
}

export interface AgeAllowanceResult {
  share: Rational;
  /** The age rule's first day (RE100-AGE-1). */
  ruleFrom: string;
  /** In-scope consumption the share applies to: that on or after `ruleFrom`. */
  baseWh: bigint;
  /** floor(share × base). */
  limitWh: bigint;
  usedWh: bigint;
  remainingWh: bigint;
  /** In-scope consumption before `ruleFrom`, which age-failing Wh may cover without the allowance. */
  inScopeBeforeRuleWh: bigint;
  /** Age-failing Wh counted on it. */
  countedBeforeRuleWh: bigint;
}

export interface Re100YearResult {
  provenance: {
    rulesetId: string;
    ruleset: Re100Ruleset;
    /** The ruleset `rulesetForYear` picks for this period; differs from `rulesetId` in a what-if evaluation. */
    rulesetForPeriod: string;
    year: number;
    periodStart: string;
    periodEnd: string;
    /** The period's first day. Boundaries are read on every day: see `boundaryPeriods`. */
    boundaryDate: string;
    /** Stretches of the period in which no market boundary of the year's countries changes. */
    boundaryPeriods: { start: string; end: string }[];
    /** RE100-CLAIM-3: first and last eligible production days, both inclusive. */
    vintageWindow: { first: string; last: string };
    legalEntityName: string;
    /** RE100-SCOPE-2: the input setting used. */
    excludeImmaterialMarkets: boolean;
  };
  totals: {
    consumptionWh: bigint;
    excludedWh: bigint;
    inScopeWh: bigint;
    eligibleWh: bigint;
    /** RE100-CALC-1: eligible / (consumption − excluded) × 100, 2 decimals, rounded down, ≤ 100. */
    rePercent: string;
    ageAllowance: AgeAllowanceResult;
  };
  claims: ClaimVerdict[];
  markets: MarketResult[];
  byCountry: CountryResult[];
  byProcurementType: ProcurementTypeResult[];
  excludedSites: ExcludedSite[];
}
