import type { MarketBoundaryRow } from './market-boundaries';
import type { ReasonCode } from './reason-codes';
import type { Rational, Re100Ruleset } from './ruleset';

/** Procurement methods (domain.md §1) and their RE100 type 1–5. */
export type ProcurementMethod =
  | 'SELF_GEN_OWNED'
  | 'SELF_GEN_THIRD_PARTY'
  | 'PPA_PHYSICAL'
  | 'PPA_VIRTUAL'
  | 'SUPPLIER_GREEN_TARIFF'
  | 'UNBUNDLED_EAC'
  | 'DEFAULT_DELIVERED';
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

/** Korean procurement methods, kept as a tag on a claim (domain.md §1), with the RE100 type each maps to. */
export type KrProcurementTag =
  | 'KR_GREEN_PREMIUM'
  | 'KR_REC_PURCHASE'
  | 'KR_THIRD_PARTY_PPA'
  | 'KR_DIRECT_PPA'
  | 'KR_EQUITY_INVESTMENT'
  | 'KR_SELF_GEN';

export const KR_TAG_TYPE: Readonly<Record<KrProcurementTag, Re100ProcurementType>> = Object.freeze({
  KR_GREEN_PREMIUM: 3,
  KR_REC_PURCHASE: 4,
  KR_THIRD_PARTY_PPA: 2,
  KR_DIRECT_PPA: 2,
  KR_EQUITY_INVESTMENT: 1,
  KR_SELF_GEN: 1,
});

export type Technology =
  | 'WIND'
  | 'SOLAR'
  | 'GEOTHERMAL'
  | 'HYDRO'
  | 'BIOMASS'
  | 'NUCLEAR'
  | 'FOSSIL'
  | 'STORAGE'
  | 'HYDROGEN'
  | 'OTHER';

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

export type InstrumentType =
  | 'US_REC'
  | 'GO'
  | 'REGO_UK'
  | 'I_REC'
  | 'TIGR'
  | 'K_REC'
  | 'JP_NFC_TRACKED'
  | 'JP_NFC_NON_FIT'
  | 'GRANULAR_CERT'
  | 'CONTRACT_ONLY'
  | 'J_CREDIT'
  | 'CARBON_OFFSET';
export type InstrumentStatus = 'ACTIVE' | 'RETIRED' | 'TRANSFERRED' | 'EXPIRED';

/** A site's electricity for the year (RE100-SCOPE-1), already net of export. */
export interface Re100SiteInput {
  siteId: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Excluded from the commitment by the organization (RE100-SCOPE-2), with `exclusionReason`. */
  excluded: boolean;
  exclusionReason: string | null;
  /** Σ import + Σ on-site generation − Σ export (RE100-SCOPE-1). */
  consumptionWh: bigint;
  /** Self-generated and consumed: generation − export, never below 0 (RE100-SCOPE-1). Part of consumptionWh. */
  selfGenerationConsumedWh: bigint;
}

export interface Re100FacilityInput {
  facilityId?: string;
  /** ISO 3166-1 alpha-2 of the generator (its market decides RE100-MB-1). */
  country: string;
  /** YYYY-MM-DD; null when unknown (then the age cannot be shown to pass, RE100-AGE-1). */
  commissioningDate: string | null;
  repoweringDate?: string | null;
  /** RE100-CLAIM-5: an attachment or a flag with a note exists. */
  sustainabilityEvidence: boolean;
}

export interface Re100ContractInput {
  contractId?: string;
  /** YYYY-MM-DD (RE100-AGE-2 grandfathering). */
  signedDate: string;
  grandfatheringJustification?: string | null;
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
}

/** One claim (allocation) of renewable electricity to the reporting year and a consumption market. */
export interface Re100ClaimInput {
  claimId: string;
  method: ProcurementMethod;
  krTag?: KrProcurementTag | null;
  volumeWh: bigint;
  /** The market code the claim is allocated to (RE100-MB-1), e.g. 'EU', 'US-CA', 'KR'. */
  consumptionMarket: string;
  /** Sites the claim is allocated to, optional; all must be in `consumptionMarket`. */
  siteIds?: readonly string[];
  /** Country of consumption (e.g. from the certificate), optional; must be in `consumptionMarket`. */
  consumptionCountry?: string | null;
  technology: Technology;
  facility: Re100FacilityInput;
  contract?: Re100ContractInput | null;
  instrument?: Re100InstrumentInput | null;
  /** RE100-CLAIM-2: the generation's certificates were sold on (null power). */
  certificatesSoldOn?: boolean;
}

export interface Re100YearInput {
  /** The reporting year label; the age rule uses it (RE100-AGE-1). */
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
}

export type AgeExemption =
  | 'EXEMPT_SELF_GENERATION'
  | 'EXEMPT_DIRECT_PPA'
  | 'EXEMPT_SUPPLIER_CONTRACT'
  | 'EXEMPT_DEFAULT_DELIVERED'
  | 'EXEMPT_GRANDFATHERED';

/** The facts a verdict was based on, so an auditor can re-perform it (C-3). */
export interface ClaimBasis {
  procurementType: Re100ProcurementType;
  method: ProcurementMethod;
  krTag: KrProcurementTag | null;
  technology: Technology;
  facilityCountry: string;
  /** The facility's market on `boundaryDate` of the result (RE100-MB-1). */
  facilityMarket: string;
  /** The consumption country the eligible Wh are reported under, null when the claim spans several. */
  consumptionCountry: string | null;
  instrumentType: InstrumentType | null;
  instrumentStatus: InstrumentStatus | null;
  certificateId: string | null;
  cancellationDate: string | null;
  beneficiary: string | null;
  vintage: { start: string; end: string } | null;
  /** Reporting year − max(commissioning year, re-powering year); null when the commissioning date is unknown. */
  facilityAgeYears: number | null;
  ageRuleApplies: boolean;
  ageExemption: AgeExemption | null;
  contractSignedDate: string | null;
  grandfatheringJustification: string | null;
}

/** How the claim's Wh were counted (RE100-CALC-1, RE100-AGE-3). */
export interface ClaimAllocation {
  /**
   * NOT_COUNTED: a rule other than age failed. COMPLIANT: counted in the first pass. AGE_ALLOWANCE: passes
   * every rule but age, counted in the second pass against the allowance.
   */
  stage: 'NOT_COUNTED' | 'COMPLIANT' | 'AGE_ALLOWANCE';
  /** The market's in-scope consumption not yet covered when this claim was counted. */
  marketRoomBeforeWh: bigint;
  /** The age allowance left when this claim was counted (AGE_ALLOWANCE stage only). */
  allowanceBeforeWh: bigint | null;
  /** Passing Wh that did not fit under the market cap. */
  cappedWh: bigint;
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
  /** RE100-SCOPE-2: the whole market is excluded as immaterial. */
  immaterial: boolean;
  /** Σ volumes of the claims allocated to this market. */
  claimedWh: bigint;
  /** Σ volumes passing every rule (age included, or exempt). */
  compliantWh: bigint;
  /** Σ volumes passing every rule but the age limit. */
  ageFailingWh: bigint;
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

export type SiteExclusionReason = 'FLAGGED' | 'IMMATERIAL_MARKET';

export interface ExcludedSite {
  siteId: string;
  country: string;
  market: string;
  consumptionWh: bigint;
  reasons: SiteExclusionReason[];
  /** The organization's stated reason for a flagged exclusion. */
  note: string | null;
}

export interface AgeAllowanceResult {
  share: Rational;
  /** In-scope consumption the share applies to. */
  baseWh: bigint;
  /** floor(share × base). */
  limitWh: bigint;
  usedWh: bigint;
  remainingWh: bigint;
}

export interface Re100YearResult {
  provenance: {
    rulesetId: string;
    ruleset: Re100Ruleset;
    year: number;
    periodStart: string;
    periodEnd: string;
    /** The day market boundaries were read on (the period's first day). */
    boundaryDate: string;
    /** RE100-CLAIM-3: first and last eligible production days, both inclusive. */
    vintageWindow: { first: string; last: string };
    legalEntityName: string;
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
