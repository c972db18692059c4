import { addMonths, yearOf } from './dates';
import { marketOf, MarketBoundaryRow } from './market-boundaries';
import type { AgeExemption, ReasonCode } from './reason-codes';
import { codesInForceAnyDay, codesInForceEveryDay, Re100Ruleset } from './ruleset';
import {
  ClaimBasis,
  EVIDENCE_TECHNOLOGIES,
  PpaExemptionCondition,
  PROCUREMENT_TYPE,
  RE100_TECHNOLOGIES,
  Re100ClaimInput,
  Re100SiteInput,
} from './types';

/** A site's consumption in one market over the period: in scope, or excluded (an accepted exclusion). */
export interface SiteMarketShare {
  inScopeWh: bigint;
  excludedWh: bigint;
}

/** What the rules need to know about the year, shared by every claim. */
export interface ClaimRuleContext {
  year: number;
  ruleset: Re100Ruleset;
  periodStart: string;
  periodEnd: string;
  boundaries: readonly MarketBoundaryRow[];
  /** Stretches of the period with unchanged market boundaries (market-boundaries.ts `boundaryPeriods`). */
  boundaryPeriods: readonly { start: string; end: string }[];
  /** The period has days on or after the age rule's start (RE100-AGE-1). */
  ageRuleApplies: boolean;
  vintageWindow: { first: string; last: string };
  legalEntityName: string;
  /** Each site with its consumption per market it consumed in (a site may change market within the year). */
  sites: ReadonlyMap<string, { site: Re100SiteInput; markets: ReadonlyMap<string, SiteMarketShare> }>;
  /** Countries of the organization's sites per market, sorted. */
  siteCountriesByMarket: ReadonlyMap<string, readonly string[]>;
}

/** A claim judged on every rule that does not depend on other claims (the cap and allowance come later). */
export interface ClaimAssessment {
  reasons: ReasonCode[];
  /** Every rule but the age limit passes (a FLAG does not fail unless the ruleset is strict). */
  passesRules: boolean;
  /** The facility is older than the limit (or of unknown age) with no exemption (RE100-AGE-1/2). */
  ageFailing: boolean;
  /** Indexes of `boundaryPeriods` in which the facility is in the claim's market (RE100-MB-1). */
  marketPeriods: number[];
  /** Type-1 generation counted from meters, without a certificate. */
  meteredSelfGeneration: boolean;
  /** Backed by a certificate: it may be the same Wh as the facility's metered generation (RE100-CALC-2). */
  certificate: boolean;
  basis: ClaimBasis;
}

/** RE100-CLAIM-1: beneficiary names compare case- and whitespace-insensitively ("ACME  Corp" = "acme corp"). */
export const legalEntityKey = (name: string): string => name.replace(/\s+/g, '').toLowerCase();

export function assessClaim(claim: Re100ClaimInput, ctx: ClaimRuleContext): ClaimAssessment {
  const { ruleset } = ctx;
  const reasons: ReasonCode[] = [];
  let fails = false;
  const fail = (code: ReasonCode) => {
    reasons.push(code);
    fails = true;
  };
  const type = PROCUREMENT_TYPE[claim.method];
  const instrument = claim.instrument ?? null;
  const passiveBasis = claim.passiveBasis ?? null;
  const consumption = consumptionOf(claim, ctx);
  const market = claim.consumptionMarket;

  // RE100-CLAIM-2: certificates sold on from this generation leave null power, whatever the method.
  if (claim.certificatesSoldOn) fail('NULL_POWER');

  if (!RE100_TECHNOLOGIES.has(claim.technology)) fail('INELIGIBLE_TECHNOLOGY');
  if (ruleset.coalCofiringExcluded && claim.facility.coalCofiring) fail('COAL_COFIRING'); // V5-COAL-1
  // RE100-CLAIM-5: flagged always, excluded only under the strict ruleset.
  if (EVIDENCE_TECHNOLOGIES.has(claim.technology) && !claim.facility.sustainabilityEvidence) {
    reasons.push('NO_SUSTAINABILITY_EVIDENCE');
    if (ruleset.strict) fails = true;
  }

  let vintage: ClaimBasis['vintage'] = null;
  let passiveGrid = false;
  let metered = false;
  let cancellationEvidenceRequired = false;
  if (instrument?.type === 'CARBON_OFFSET' || (instrument?.type === 'J_CREDIT' && !ruleset.jCreditsCount)) {
    fail('INELIGIBLE_INSTRUMENT'); // RE100-CLAIM-4
  } else if (!instrument || instrument.type === 'CONTRACT_ONLY') {
    if (claim.method === 'DEFAULT_DELIVERED') {
      // RE100-PASSIVE-1 / V5-PASSIVE-1 5.2: without an EAC only where every consumption country's grid is
      // on the list for the whole period.
      const grid = codesInForceEveryDay(ruleset.passiveGridCountries, ctx.periodStart, ctx.periodEnd);
      passiveGrid = consumption.countries.length > 0 && consumption.countries.every((c) => grid.has(c));
      if (passiveGrid) reasons.push('PASSIVE_GRID_COUNTRY');
      else fail('PASSIVE_NOT_ELIGIBLE');
    } else if (type === 1) {
      // Self-generation consumed on site is measured by meters; with no certificate issued (and none sold,
      // RE100-CLAIM-2) the company keeps the attributes, so no EAC is needed.
      metered = !claim.certificatesSoldOn;
      if (metered) reasons.push('METERED_SELF_GENERATION');
    } else {
      fail('NO_CERTIFICATE'); // RE100-CLAIM-1: contract-only claims are not credible
    }
  } else {
    // V5-PASSIVE-1 5.1: certificates retired only to meet a mandate (RPS) are not enough.
    if (type === 5 && passiveBasis === 'MANDATE_ONLY' && !ruleset.passiveMandateCounts) {
      fail('PASSIVE_MANDATE_ONLY');
    }
    // RE100-CLAIM-1: retired with a cancellation date, for the organization's legal entity.
    if (instrument.status !== 'RETIRED' || !instrument.cancellationDate) fail('NOT_RETIRED');
    if (type === 5 && passiveBasis === 'SUPPLIER_PRO_RATA') {
      // Retired by the supplier on behalf of all its customers: "by or on behalf of" the organization.
      reasons.push('SUPPLIER_PRO_RATA_SHARE');
    } else if (
      !instrument.beneficiary ||
      legalEntityKey(instrument.beneficiary) !== legalEntityKey(ctx.legalEntityName)
    ) {
      fail('BENEFICIARY_MISMATCH');
    }
    // V5-CANCEL-1: in the markets of TC Appendix C a cancellation statement must be attached.
    cancellationEvidenceRequired = codesInForceAnyDay(
      ruleset.cancellationEvidenceMarkets,
      ctx.periodStart,
      ctx.periodEnd,
    ).has(market.toUpperCase());
    if (cancellationEvidenceRequired && !instrument.cancellationStatementAttached) {
      fail('NO_CANCELLATION_EVIDENCE');
    }
    // RE100-CLAIM-3: the whole production period inside the window, both window edges inclusive.
    vintage = { start: instrument.vintageStart, end: instrument.vintageEnd };
    if (vintage.start < ctx.vintageWindow.first || vintage.end > ctx.vintageWindow.last)
      fail('VINTAGE_OUT_OF_WINDOW');
  }

  // RE100-MB-1..4: the facility must be in the claim's market; boundaries are read on every day, so the claim
  // may only cover consumption of the stretches in which it is (engine.ts caps it there).
  const facilityMarkets = ctx.boundaryPeriods.map((p) => ({
    start: p.start,
    end: p.end,
    market: marketOf(claim.facility.country, p.start, ctx.boundaries),
  }));
  const marketPeriods = facilityMarkets.flatMap((f, i) => (f.market === market ? [i] : []));
  if (!marketPeriods.length) fail('MARKET_BOUNDARY');
  if (!consumption.inMarket) fail('CONSUMPTION_NOT_IN_MARKET');
  else if (consumption.excluded) fail('CONSUMPTION_EXCLUDED'); // RE100-SCOPE-2

  const age = assessAge(claim, ctx, passiveGrid);
  if (age.tooOld) reasons.push(age.exemption ?? 'FACILITY_TOO_OLD');
  // V5-PASSIVE-1 5.1: passive procurement fills only the load active procurement left (engine.ts).
  if (ruleset.passiveAfterActive && type === 5 && !fails) reasons.push('PASSIVE_AFTER_ACTIVE');

  const contract = claim.contract ?? null;
  return {
    reasons,
    passesRules: !fails,
    ageFailing: age.tooOld && age.exemption === null,
    marketPeriods,
    meteredSelfGeneration: metered,
    certificate: vintage !== null,
    basis: {
      procurementType: type,
      method: claim.method,
      krTag: claim.krTag ?? null,
      equityStake: claim.equityStake ?? false,
      technology: claim.technology,
      coalCofiring: claim.facility.coalCofiring ?? false,
      facilityCountry: claim.facility.country.toUpperCase(),
      facilityMarket: marketPeriods.length ? market : facilityMarkets[0].market,
      facilityMarkets,
      consumptionCountry: consumption.countries.length === 1 ? consumption.countries[0] : null,
      instrumentType: instrument?.type ?? null,
      instrumentStatus: instrument?.status ?? null,
      certificateId: instrument?.certificateId ?? null,
      cancellationDate: instrument?.cancellationDate ?? null,
      beneficiary: instrument?.beneficiary ?? null,
      cancellationEvidenceRequired,
      cancellationStatementAttached: instrument ? (instrument.cancellationStatementAttached ?? false) : null,
      vintage,
      passiveBasis,
      facilityAgeYears: age.years,
      ageRuleApplies: ctx.ageRuleApplies,
      ageExemption: age.tooOld ? age.exemption : null,
      ppaExemptionMissing: age.ppaExemptionMissing,
      contractSignedDate: contract?.signedDate ?? null,
      grandfatheringJustification: contract?.grandfatheringJustification ?? null,
      contractLongTerm: contract ? (contract.longTerm ?? false) : null,
      contractProjectSpecific: contract ? (contract.projectSpecific ?? false) : null,
      contractFirstOfftaker: contract ? (contract.firstOfftaker ?? false) : null,
      contractTrialOperationEndDate: contract?.trialOperationEndDate ?? null,
    },
  };
}

/**
 * Where the claim's electricity is consumed: its sites' countries, its stated consumption country, or,
 * when it names neither, the countries of the organization's sites in its market. `excluded`: everything it
 * names there is excluded from the commitment (RE100-SCOPE-2), so it has no consumption to cover.
 */
function consumptionOf(
  claim: Re100ClaimInput,
  ctx: ClaimRuleContext,
): { countries: string[]; inMarket: boolean; excluded: boolean } {
  const market = claim.consumptionMarket;
  const countries = new Set<string>();
  let inMarket = true;
  const named = { inScopeWh: 0n, excludedWh: 0n };
  const add = (share: SiteMarketShare | undefined) => {
    named.inScopeWh += share?.inScopeWh ?? 0n;
    named.excludedWh += share?.excludedWh ?? 0n;
  };
  const siteIds = claim.siteIds ?? [];
  for (const siteId of siteIds) {
    const entry = ctx.sites.get(siteId);
    if (!entry || !entry.markets.has(market)) inMarket = false;
    if (entry) {
      countries.add(entry.site.country.toUpperCase());
      add(entry.markets.get(market));
    }
  }
  if (claim.consumptionCountry) {
    const country = claim.consumptionCountry.toUpperCase();
    if (!ctx.boundaryPeriods.some((p) => marketOf(country, p.start, ctx.boundaries) === market)) {
      inMarket = false;
    }
    countries.add(country);
    if (!siteIds.length) {
      for (const { site, markets } of ctx.sites.values())
        if (site.country.toUpperCase() === country) add(markets.get(market));
    }
  }
  if (countries.size === 0 && !siteIds.length) {
    for (const c of ctx.siteCountriesByMarket.get(market) ?? []) countries.add(c);
  }
  return {
    countries: [...countries].sort(),
    inMarket,
    excluded: named.inScopeWh === 0n && named.excludedWh > 0n,
  };
}

/**
 * RE100-AGE-1/2, V5-AGE-1. Age = reporting year − max(commissioning year, re-powering year); the limit
 * passes at equality, which is the inclusive count of V5-AGE-1 (for 2025: started on or after 1 Jan 2010).
 * The age is always reported; the limit applies when the period has consumption days from the rule's start.
 * An unknown commissioning date cannot show compliance, so it counts as too old. Exemptions, in this order:
 * type 1; a renewable-grid default-delivered claim (no facility); a type-2 PPA that is long-term,
 * project-specific and whose buyer is the first offtaker (a regulatory trial operation within the grace);
 * type 3 / type 5 when the ruleset exempts them; a contract signed before `grandfatherSignedBefore`.
 */
function assessAge(
  claim: Re100ClaimInput,
  ctx: ClaimRuleContext,
  passiveGrid: boolean,
): {
  years: number | null;
  tooOld: boolean;
  exemption: AgeExemption | null;
  ppaExemptionMissing: PpaExemptionCondition[] | null;
} {
  const { ruleset, year } = ctx;
  const { commissioningDate, repoweringDate } = claim.facility;
  const built = commissioningDate ? yearOf(commissioningDate) : null;
  const latest = built === null ? null : Math.max(built, repoweringDate ? yearOf(repoweringDate) : built);
  const years = latest === null ? null : year - latest;
  const tooOld = ctx.ageRuleApplies && (years === null || years > ruleset.ageLimitYears);
  if (!tooOld) return { years, tooOld, exemption: null, ppaExemptionMissing: null };

  const type = PROCUREMENT_TYPE[claim.method];
  const contract = claim.contract ?? null;
  let exemption: AgeExemption | null = null;
  let missing: PpaExemptionCondition[] | null = null;
  if (type === 1) exemption = 'EXEMPT_SELF_GENERATION';
  else if (passiveGrid) exemption = 'EXEMPT_RENEWABLE_GRID';
  else if (type === 2) {
    missing = ppaConditionsMissing(claim, ruleset);
    if (!missing.length) exemption = 'EXEMPT_DIRECT_PPA';
  }
  if (exemption === null) {
    if (type === 3 && ruleset.supplierContractAgeExempt) exemption = 'EXEMPT_SUPPLIER_CONTRACT';
    else if (type === 5 && ruleset.defaultDeliveredAgeExempt) exemption = 'EXEMPT_DEFAULT_DELIVERED';
    else if (contract && contract.signedDate < ruleset.grandfatherSignedBefore) {
      exemption = 'EXEMPT_GRANDFATHERED';
    }
  }
  return { years, tooOld, exemption, ppaExemptionMissing: exemption ? null : missing };
}

/**
 * RE100-AGE-2 (corrected): a type-2 PPA is exempt only when long-term, project-specific and the buyer is the
 * first offtaker. V5-AGE-1: a trial operation imposed by regulation may delay the first offtake by at most
 * `trialOperationGraceYears` from the plant's start (the later of commissioning and re-powering).
 */
function ppaConditionsMissing(claim: Re100ClaimInput, ruleset: Re100Ruleset): PpaExemptionCondition[] {
  const c = claim.contract ?? null;
  const missing: PpaExemptionCondition[] = [];
  if (!c?.longTerm) missing.push('LONG_TERM');
  if (!c?.projectSpecific) missing.push('PROJECT_SPECIFIC');
  if (!c?.firstOfftaker) missing.push('FIRST_OFFTAKER');
  const trialEnd = c?.trialOperationEndDate ?? null;
  if (trialEnd !== null) {
    const { commissioningDate, repoweringDate } = claim.facility;
    const started =
      commissioningDate && repoweringDate && repoweringDate > commissioningDate
        ? repoweringDate
        : commissioningDate;
    if (!started || trialEnd > addMonths(started, 12 * ruleset.trialOperationGraceYears)) {
      missing.push('TRIAL_OPERATION');
    }
  }
  return missing;
}
