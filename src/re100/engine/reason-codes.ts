/**
 * Reason codes on a claim verdict. `effect` says what a code does to the claim's Wh:
 * - INELIGIBLE: the whole volume does not count;
 * - PARTIAL: part of the volume does not count (the verdict's allocation says how much);
 * - FLAG: the volume counts but needs attention (under a strict ruleset it is INELIGIBLE, RE100-CLAIM-5);
 * - INFO: how a rule was met, for the auditor (an exemption used, a claim without an EAC that is allowed).
 * Codes appear on a verdict in the order of this table.
 */
export const REASON_CODES = {
  DUPLICATE_CLAIM: {
    rule: 'RE100-CALC-2',
    effect: 'INELIGIBLE',
    description: 'The claim id was already evaluated in this year; a claim counts once.',
  },
  NULL_POWER: {
    rule: 'RE100-CLAIM-2',
    effect: 'INELIGIBLE',
    description: 'The generation’s certificates were sold on: the electricity is null power.',
  },
  INELIGIBLE_TECHNOLOGY: {
    rule: 'RE100-CLAIM-5',
    effect: 'INELIGIBLE',
    description: 'Nuclear, fossil, storage discharge, hydrogen or other sources are not renewable for RE100.',
  },
  COAL_COFIRING: {
    rule: 'V5-COAL-1',
    effect: 'INELIGIBLE',
    description: 'Electricity from biomass co-fired with coal is not renewable under this ruleset.',
  },
  NO_SUSTAINABILITY_EVIDENCE: {
    rule: 'RE100-CLAIM-5',
    effect: 'FLAG',
    description:
      'Hydro or biomass without sustainability evidence: flagged; excluded under the strict ruleset.',
  },
  INELIGIBLE_INSTRUMENT: {
    rule: 'RE100-CLAIM-4',
    effect: 'INELIGIBLE',
    description: 'Carbon credits/offsets never count; J-Credits only when the ruleset allows them.',
  },
  NO_CERTIFICATE: {
    rule: 'RE100-CLAIM-1',
    effect: 'INELIGIBLE',
    description: 'No energy attribute certificate (none, or contract only): the claim is not credible.',
  },
  PASSIVE_NOT_ELIGIBLE: {
    rule: 'RE100-PASSIVE-1',
    effect: 'INELIGIBLE',
    description: 'Default-delivered electricity without a retired EAC, outside the passive grid countries.',
  },
  PASSIVE_MANDATE_ONLY: {
    rule: 'V5-PASSIVE-1',
    effect: 'INELIGIBLE',
    description:
      'Default-delivered electricity whose certificates were retired only to meet a mandate (RPS): a mandate alone is not enough.',
  },
  PASSIVE_GRID_COUNTRY: {
    rule: 'RE100-PASSIVE-1',
    effect: 'INFO',
    description:
      'Default-delivered electricity counted without an EAC: every consumption country is a passive grid country.',
  },
  METERED_SELF_GENERATION: {
    rule: 'RE100-SCOPE-1, RE100-CLAIM-1',
    effect: 'INFO',
    description: 'Self-generation (type 1) counted from meters without an EAC; no certificate was sold on.',
  },
  NOT_RETIRED: {
    rule: 'RE100-CLAIM-1',
    effect: 'INELIGIBLE',
    description: 'The certificate is not retired/cancelled, or has no cancellation date.',
  },
  BENEFICIARY_MISMATCH: {
    rule: 'RE100-CLAIM-1',
    effect: 'INELIGIBLE',
    description:
      'The beneficiary is missing or is not the organization’s legal entity (case/space-insensitive).',
  },
  SUPPLIER_PRO_RATA_SHARE: {
    rule: 'RE100-CLAIM-1, V5-PASSIVE-1',
    effect: 'INFO',
    description:
      'A pro-rata share of certificates the supplier retired on behalf of all its customers: retired on the organization’s behalf, so no beneficiary of its own is needed.',
  },
  NO_CANCELLATION_EVIDENCE: {
    rule: 'V5-CANCEL-1',
    effect: 'INELIGIBLE',
    description:
      'In this market the ruleset asks for evidence of the certificate’s cancellation (a registry statement attached), and none is attached.',
  },
  VINTAGE_OUT_OF_WINDOW: {
    rule: 'RE100-CLAIM-3',
    effect: 'INELIGIBLE',
    description: 'The production period is not entirely inside the vintage window of the reporting period.',
  },
  MARKET_BOUNDARY: {
    rule: 'RE100-MB-1..4',
    effect: 'INELIGIBLE',
    description: 'The facility is not in the consumption market the claim is allocated to.',
  },
  CONSUMPTION_NOT_IN_MARKET: {
    rule: 'RE100-MB-1',
    effect: 'INELIGIBLE',
    description: 'A site or the consumption country of the claim is not in the claim’s consumption market.',
  },
  CONSUMPTION_EXCLUDED: {
    rule: 'RE100-SCOPE-2',
    effect: 'INELIGIBLE',
    description:
      'The claim is allocated only to consumption excluded from the commitment; excluded consumption carries no claim.',
  },
  FACILITY_TOO_OLD: {
    rule: 'RE100-AGE-1',
    effect: 'PARTIAL',
    description:
      'The facility is older than the age limit (or its age is unknown) and no exemption applies; only the age allowance can count it.',
  },
  EXEMPT_SELF_GENERATION: {
    rule: 'RE100-AGE-2',
    effect: 'INFO',
    description: 'The facility is older than the limit; self-generation (type 1) is exempt.',
  },
  EXEMPT_DIRECT_PPA: {
    rule: 'RE100-AGE-2',
    effect: 'INFO',
    description:
      'The facility is older than the limit; the type-2 PPA is long-term, project-specific and its buyer the first offtaker (any trial operation within the ruleset’s grace), so it is exempt.',
  },
  EXEMPT_SUPPLIER_CONTRACT: {
    rule: 'RE100-AGE-2',
    effect: 'INFO',
    description: 'The facility is older than the limit; the ruleset exempts supplier contracts (type 3).',
  },
  EXEMPT_DEFAULT_DELIVERED: {
    rule: 'RE100-AGE-2',
    effect: 'INFO',
    description:
      'The facility is older than the limit; the ruleset exempts default-delivered electricity (type 5).',
  },
  EXEMPT_RENEWABLE_GRID: {
    rule: 'RE100-PASSIVE-1, V5-PASSIVE-1',
    effect: 'INFO',
    description:
      'Default-delivered electricity of a grid on the ruleset’s renewable-grid list: no facility age applies to a national grid.',
  },
  EXEMPT_GRANDFATHERED: {
    rule: 'RE100-AGE-2',
    effect: 'INFO',
    description:
      'The facility is older than the limit; the contract was signed before the grandfathering date.',
  },
  SAME_GENERATION_AS_METERED: {
    rule: 'RE100-CALC-2',
    effect: 'PARTIAL',
    description:
      'Certificates of a facility whose metered generation is already claimed as self-generation: the same Wh count once, so these do not count again.',
  },
  PASSIVE_AFTER_ACTIVE: {
    rule: 'V5-PASSIVE-1',
    effect: 'INFO',
    description:
      'Default-delivered electricity counts only for load not procured actively: it was counted after every active claim, on the consumption left.',
  },
  BEFORE_AGE_RULE: {
    rule: 'RE100-AGE-1',
    effect: 'INFO',
    description:
      'Part or all of an age-failing volume counted on consumption before the age rule’s start date (1 Jan 2024), where no age limit applies.',
  },
  AGE_ALLOWANCE_APPLIED: {
    rule: 'RE100-AGE-3',
    effect: 'INFO',
    description: 'Part or all of an age-failing volume counted under the age allowance.',
  },
  CAPPED_AT_MARKET_CONSUMPTION: {
    rule: 'RE100-CALC-1',
    effect: 'PARTIAL',
    description:
      'The market’s in-scope consumption (on the days the facility was in the market) was already covered; the surplus does not move to another market.',
  },
} as const satisfies Record<string, { rule: string; effect: ReasonEffect; description: string }>;

export type ReasonEffect = 'INELIGIBLE' | 'PARTIAL' | 'FLAG' | 'INFO';
export type ReasonCode = keyof typeof REASON_CODES;
/** RE100-AGE-2: the exemptions, each a reason code reported when the facility is older than the limit. */
export type AgeExemption = Extract<ReasonCode, `EXEMPT_${string}`>;

const ORDER = Object.keys(REASON_CODES) as ReasonCode[];

/** Codes in table order, each once. */
export const sortReasons = (codes: Iterable<ReasonCode>): ReasonCode[] => {
  const set = new Set(codes);
  return ORDER.filter((c) => set.has(c));
};

/**
 * Why a site is on the `excludedSites` list (RE100-SCOPE-2). A row is `accepted` unless it carries
 * EXCLUSION_NOT_ALLOWED; an accepted row leaves the denominator.
 */
export const SITE_EXCLUSION_REASONS = {
  FLAGGED: {
    rule: 'RE100-SCOPE-2',
    description: 'The organization asked to exclude the site, with its stated reason.',
  },
  IMMATERIAL_MARKET: {
    rule: 'RE100-SCOPE-2',
    description:
      'The site’s market consumed no more than the immaterial threshold in the year (100 MWh by default), so its sites may be excluded.',
  },
  EXCLUSION_NOT_ALLOWED: {
    rule: 'RE100-SCOPE-2',
    description:
      'The site was flagged, but its market consumed more than the immaterial threshold: no such exclusion is allowed, so its consumption stays in the denominator.',
  },
} as const satisfies Record<string, { rule: string; description: string }>;
export type SiteExclusionReason = keyof typeof SITE_EXCLUSION_REASONS;

/** Errors the engine raises instead of a verdict. */
export const RE100_ERROR_CODES = {
  RE100_INPUT_INVALID: {
    description:
      'The input cannot be evaluated (negative energy, malformed dates, an unknown value, ambiguous boundaries …); each problem is listed.',
  },
} as const satisfies Record<string, { description: string }>;
export type Re100ErrorCode = keyof typeof RE100_ERROR_CODES;

/** A reason in plain words after its rule, for reports: "RE100-AGE-1: The facility is older …". */
export const explainReason = (code: ReasonCode | SiteExclusionReason): string => {
  const entry =
    code in REASON_CODES
      ? REASON_CODES[code as ReasonCode]
      : SITE_EXCLUSION_REASONS[code as SiteExclusionReason];
  return `${entry.rule}: ${entry.description}`;
};
