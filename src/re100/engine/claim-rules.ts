import { yearOf } from './dates';
import { marketOf, MarketBoundaryRow } from './market-boundaries';
import type { ReasonCode } from './reason-codes';
import type { Re100Ruleset } from './ruleset';
import {
  AgeExemption,
  ClaimBasis,
  EVIDENCE_TECHNOLOGIES,
  PROCUREMENT_TYPE,
  RE100_TECHNOLOGIES,
  Re100ClaimInput,
  Re100SiteInput,
} from './types';

/** What the rules need to know about the year, shared by every claim. */
export interface ClaimRuleContext {
  year: number;
  ruleset: Re100Ruleset;
  boundaries: readonly MarketBoundaryRow[];
  /** Market boundaries are read on this day (the reporting period's first day). */
  boundaryDate: string;
  vintageWindow: { first: string; last: string };
  legalEntityName: string;
  sitesById: ReadonlyMap<string, { site: Re100SiteInput; market: string }>;
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
  const consumption = consumptionCountries(claim, ctx);

  // RE100-CLAIM-2: certificates sold on from this generation leave null power, whatever the method.
  if (claim.certificatesSoldOn) fail('NULL_POWER');

  if (!RE100_TECHNOLOGIES.has(claim.technology)) fail('INELIGIBLE_TECHNOLOGY');
  // RE100-CLAIM-5: flagged always, excluded only under the strict ruleset.
  if (EVIDENCE_TECHNOLOGIES.has(claim.technology) && !claim.facility.sustainabilityEvidence) {
    reasons.push('NO_SUSTAINABILITY_EVIDENCE');
    if (ruleset.strict) fails = true;
  }

  let vintage: ClaimBasis['vintage'] = null;
  if (instrument?.type === 'CARBON_OFFSET' || (instrument?.type === 'J_CREDIT' && !ruleset.jCreditsCount)) {
    fail('INELIGIBLE_INSTRUMENT'); // RE100-CLAIM-4
  } else if (!instrument || instrument.type === 'CONTRACT_ONLY') {
    if (claim.method === 'DEFAULT_DELIVERED') {
      // RE100-PASSIVE-1: without an EAC only where every consumption country is a passive grid country.
      const passive = new Set(ruleset.passiveGridCountries.map((c) => c.toUpperCase()));
      const allPassive =
        consumption.countries.length > 0 && consumption.countries.every((c) => passive.has(c));
      if (allPassive) reasons.push('PASSIVE_GRID_COUNTRY');
      else fail('PASSIVE_NOT_ELIGIBLE');
    } else if (type === 1) {
      // Self-generation consumed on site is measured by meters; with no certificate issued (and none sold,
      // RE100-CLAIM-2) the company keeps the attributes, so no EAC is needed.
      if (!claim.certificatesSoldOn) reasons.push('METERED_SELF_GENERATION');
    } else {
      fail('NO_CERTIFICATE'); // RE100-CLAIM-1: contract-only claims are not credible
    }
  } else {
    // RE100-CLAIM-1: retired with a cancellation date, for the organization's legal entity.
    if (instrument.status !== 'RETIRED' || !instrument.cancellationDate) fail('NOT_RETIRED');
    if (
      !instrument.beneficiary ||
      legalEntityKey(instrument.beneficiary) !== legalEntityKey(ctx.legalEntityName)
    ) {
      fail('BENEFICIARY_MISMATCH');
    }
    // RE100-CLAIM-3: the whole production period inside the window, both window edges inclusive.
    vintage = { start: instrument.vintageStart, end: instrument.vintageEnd };
    if (vintage.start < ctx.vintageWindow.first || vintage.end > ctx.vintageWindow.last)
      fail('VINTAGE_OUT_OF_WINDOW');
  }

  // RE100-MB-1..4: the facility's market on the boundary date must be the market the claim is consumed in.
  const facilityMarket = marketOf(claim.facility.country, ctx.boundaryDate, ctx.boundaries);
  if (facilityMarket !== claim.consumptionMarket) fail('MARKET_BOUNDARY');
  if (!consumption.inMarket) fail('CONSUMPTION_NOT_IN_MARKET');

  const age = assessAge(claim, ctx);
  if (age.tooOld) reasons.push(age.exemption ?? 'FACILITY_TOO_OLD');

  return {
    reasons,
    passesRules: !fails,
    ageFailing: age.tooOld && age.exemption === null,
    basis: {
      procurementType: type,
      method: claim.method,
      krTag: claim.krTag ?? null,
      technology: claim.technology,
      facilityCountry: claim.facility.country.toUpperCase(),
      facilityMarket,
      consumptionCountry: consumption.countries.length === 1 ? consumption.countries[0] : null,
      instrumentType: instrument?.type ?? null,
      instrumentStatus: instrument?.status ?? null,
      certificateId: instrument?.certificateId ?? null,
      cancellationDate: instrument?.cancellationDate ?? null,
      beneficiary: instrument?.beneficiary ?? null,
      vintage,
      facilityAgeYears: age.years,
      ageRuleApplies: age.applies,
      ageExemption: age.tooOld ? age.exemption : null,
      contractSignedDate: claim.contract?.signedDate ?? null,
      grandfatheringJustification: claim.contract?.grandfatheringJustification ?? null,
    },
  };
}

/**
 * Where the claim's electricity is consumed: its sites' countries, its stated consumption country, or,
 * when it names neither, the countries of the organization's sites in its market.
 */
function consumptionCountries(
  claim: Re100ClaimInput,
  ctx: ClaimRuleContext,
): { countries: string[]; inMarket: boolean } {
  const countries = new Set<string>();
  let inMarket = true;
  for (const siteId of claim.siteIds ?? []) {
    const entry = ctx.sitesById.get(siteId);
    if (!entry || entry.market !== claim.consumptionMarket) inMarket = false;
    if (entry) countries.add(entry.site.country.toUpperCase());
  }
  if (claim.consumptionCountry) {
    const country = claim.consumptionCountry.toUpperCase();
    if (marketOf(country, ctx.boundaryDate, ctx.boundaries) !== claim.consumptionMarket) inMarket = false;
    countries.add(country);
  }
  if (countries.size === 0 && !(claim.siteIds ?? []).length) {
    for (const c of ctx.siteCountriesByMarket.get(claim.consumptionMarket) ?? []) countries.add(c);
  }
  return { countries: [...countries].sort(), inMarket };
}

/**
 * RE100-AGE-1/2. Age = reporting year − max(commissioning year, re-powering year); the limit passes at
 * equality. The age is always reported; the limit applies from `ageRuleFromYear` on only. An unknown commissioning date cannot show compliance, so it
 * counts as too old. Exemptions are checked in the order type 1, type 2, type 3 / type 5 when the ruleset
 * exempts them, then grandfathering (signed strictly before `grandfatherSignedBefore`).
 */
function assessAge(
  claim: Re100ClaimInput,
  ctx: ClaimRuleContext,
): { applies: boolean; years: number | null; tooOld: boolean; exemption: AgeExemption | null } {
  const { ruleset, year } = ctx;
  const applies = year >= ruleset.ageRuleFromYear;
  const { commissioningDate, repoweringDate } = claim.facility;
  const built = commissioningDate ? yearOf(commissioningDate) : null;
  const latest = built === null ? null : Math.max(built, repoweringDate ? yearOf(repoweringDate) : built);
  const years = latest === null ? null : year - latest;
  const tooOld = applies && (years === null || years > ruleset.ageLimitYears);
  if (!tooOld) return { applies, years, tooOld, exemption: null };

  const type = PROCUREMENT_TYPE[claim.method];
  let exemption: AgeExemption | null = null;
  if (type === 1) exemption = 'EXEMPT_SELF_GENERATION';
  else if (type === 2) exemption = 'EXEMPT_DIRECT_PPA';
  else if (type === 3 && ruleset.supplierContractAgeExempt) exemption = 'EXEMPT_SUPPLIER_CONTRACT';
  else if (type === 5 && ruleset.defaultDeliveredAgeExempt) exemption = 'EXEMPT_DEFAULT_DELIVERED';
  else if (claim.contract && claim.contract.signedDate < ruleset.grandfatherSignedBefore) {
    exemption = 'EXEMPT_GRANDFATHERED';
  }
  return { applies, years, tooOld, exemption };
}
