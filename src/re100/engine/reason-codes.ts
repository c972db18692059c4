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
    rule: 'RE100 technologies (domain.md §1)',
    effect: 'INELIGIBLE',
    description: 'Nuclear, fossil, storage discharge, hydrogen or other sources are not renewable for RE100.',
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
    description: 'The facility is older than the limit; direct procurement (type 2) is exempt.',
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
  EXEMPT_GRANDFATHERED: {
    rule: 'RE100-AGE-2',
    effect: 'INFO',
    description:
      'The facility is older than the limit; the contract was signed before the grandfathering date.',
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
      'The market’s in-scope consumption was already covered; the surplus does not move to another market.',
  },
} as const satisfies Record<string, { rule: string; effect: ReasonEffect; description: string }>;

export type ReasonEffect = 'INELIGIBLE' | 'PARTIAL' | 'FLAG' | 'INFO';
export type ReasonCode = keyof typeof REASON_CODES;

const ORDER = Object.keys(REASON_CODES) as ReasonCode[];

/** Codes in table order, each once. */
export const sortReasons = (codes: Iterable<ReasonCode>): ReasonCode[] => {
  const set = new Set(codes);
  return ORDER.filter((c) => set.has(c));
};
