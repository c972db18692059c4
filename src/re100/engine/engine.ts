import { assessClaim, ClaimAssessment, ClaimRuleContext } from './claim-rules';
import { addDays, addMonths, isIsoDate } from './dates';
import { boundaryProblems, marketOf } from './market-boundaries';
import { percentOf } from './percent';
import { ReasonCode, sortReasons } from './reason-codes';
import { Re100Ruleset, rulesetProblems } from './ruleset';
import {
  ClaimAllocation,
  ClaimVerdict,
  CountryResult,
  ExcludedSite,
  KR_TAG_TYPE,
  MarketResult,
  PROCUREMENT_TYPE,
  ProcurementMethod,
  ProcurementTypeResult,
  Re100ProcurementType,
  Re100SiteInput,
  Re100YearInput,
  Re100YearResult,
  SiteExclusionReason,
} from './types';

/** The input cannot be evaluated (negative Wh, malformed dates, ambiguous boundaries …). */
export class Re100InputError extends Error {
  readonly code = 'RE100_INPUT_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid RE100 input: ${problems.join('; ')}`);
    this.name = 'Re100InputError';
  }
}

/**
 * RE100-CLAIM-3: the first and last production days a claim for the period may have, both inclusive:
 * from `vintageMonthsBefore` months before the period's first day to the day before the date
 * `vintageMonthsAfter` months after the period's end. Calendar 2024 with 6/3 months: 2023-07-01 … 2025-03-31.
 */
export function vintageWindowOf(
  periodStart: string,
  periodEnd: string,
  ruleset: Re100Ruleset,
): { first: string; last: string } {
  return {
    first: addMonths(periodStart, -ruleset.vintageMonthsBefore),
    last: addDays(addMonths(addDays(periodEnd, 1), ruleset.vintageMonthsAfter), -1),
  };
}

interface MarketTally {
  market: string;
  countries: Set<string>;
  siteIds: string[];
  consumptionWh: bigint;
  excludedWh: bigint;
  immaterial: boolean;
  claimedWh: bigint;
  compliantWh: bigint;
  ageFailingWh: bigint;
  ageAllowanceUsedWh: bigint;
  cappedWh: bigint;
  eligibleWh: bigint;
  unattributedEligibleWh: bigint;
  /** In-scope consumption not yet covered while claims are counted. */
  roomWh: bigint;
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
/** Code order independent of the host locale. */
const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Evaluates one reporting year against an RE100 ruleset. Pure: the same input always gives the same result,
 * and every figure carries the inputs it was computed from.
 *
 * Order of evaluation (documented because the cap and the allowance make it matter):
 * 1. Sites are placed in their market on the period's first day; markets at or below the immaterial
 *    threshold and flagged sites are excluded (RE100-SCOPE-2).
 * 2. Each claim is judged on its own (claim-rules.ts). A repeated claim id is judged once (RE100-CALC-2).
 * 3. Pass 1, in the order the claims are given: claims passing every rule fill their market up to its
 *    in-scope consumption; the rest is capped and never moves to another market (RE100-CALC-1).
 * 4. Pass 2, in the order given: claims failing only the age limit use the room left in their market,
 *    then the age allowance, floor(share × total in-scope consumption) Wh for the whole year (RE100-AGE-3).
 *    Allowance is only spent on Wh that fit under the cap.
 */
export function evaluateRe100Year(input: Re100YearInput): Re100YearResult {
  const problems = inputProblems(input);
  if (problems.length) throw new Re100InputError(problems);
  const { ruleset, year, periodStart, periodEnd, boundaries } = input;
  const boundaryDate = periodStart;
  const vintageWindow = vintageWindowOf(periodStart, periodEnd, ruleset);

  // 1. Sites, markets and exclusions.
  const markets = new Map<string, MarketTally>();
  const tally = (market: string): MarketTally => {
    let t = markets.get(market);
    if (!t) {
      t = {
        market,
        countries: new Set(),
        siteIds: [],
        consumptionWh: 0n,
        excludedWh: 0n,
        immaterial: false,
        claimedWh: 0n,
        compliantWh: 0n,
        ageFailingWh: 0n,
        ageAllowanceUsedWh: 0n,
        cappedWh: 0n,
        eligibleWh: 0n,
        unattributedEligibleWh: 0n,
        roomWh: 0n,
      };
      markets.set(market, t);
    }
    return t;
  };
  const sitesById = new Map<string, { site: Re100SiteInput; market: string }>();
  for (const site of input.sites) {
    const market = marketOf(site.country, boundaryDate, boundaries);
    sitesById.set(site.siteId, { site, market });
    const t = tally(market);
    t.countries.add(site.country.toUpperCase());
    t.siteIds.push(site.siteId);
    t.consumptionWh += site.consumptionWh;
  }
  // RE100-SCOPE-2: a market is immaterial when its whole consumption is ≤ the threshold (inclusive).
  for (const t of markets.values()) t.immaterial = t.consumptionWh <= ruleset.immaterialMarketThresholdWh;
  const excludedSites: ExcludedSite[] = [];
  for (const { site, market } of sitesById.values()) {
    const t = tally(market);
    const reasons: SiteExclusionReason[] = [];
    if (site.excluded) reasons.push('FLAGGED');
    if (t.immaterial) reasons.push('IMMATERIAL_MARKET');
    if (!reasons.length) continue;
    t.excludedWh += site.consumptionWh;
    excludedSites.push({
      siteId: site.siteId,
      country: site.country.toUpperCase(),
      market,
      consumptionWh: site.consumptionWh,
      reasons,
      note: site.exclusionReason,
    });
  }
  for (const t of markets.values()) t.roomWh = t.consumptionWh - t.excludedWh;

  // 2. Each claim on its own.
  const ctx: ClaimRuleContext = {
    year,
    ruleset,
    boundaries,
    boundaryDate,
    vintageWindow,
    legalEntityName: input.legalEntityName,
    sitesById,
    siteCountriesByMarket: new Map([...markets.values()].map((t) => [t.market, [...t.countries].sort()])),
  };
  const seen = new Set<string>();
  const assessed = input.claims.map((claim) => {
    const assessment = assessClaim(claim, ctx);
    if (seen.has(claim.claimId)) {
      // RE100-CALC-2: a claim's volume counts once, the repeat counts nothing.
      assessment.reasons.unshift('DUPLICATE_CLAIM');
      assessment.passesRules = false;
    }
    seen.add(claim.claimId);
    const t = tally(claim.consumptionMarket);
    t.claimedWh += claim.volumeWh;
    return { claim, assessment, market: t, allocation: notCounted() };
  });

  // 3. Pass 1: compliant claims fill their market (RE100-CALC-1).
  for (const a of assessed) {
    if (!a.assessment.passesRules || a.assessment.ageFailing) continue;
    const t = a.market;
    const fit = min(a.claim.volumeWh, t.roomWh);
    a.allocation = {
      ...notCounted(),
      stage: 'COMPLIANT',
      marketRoomBeforeWh: t.roomWh,
      cappedWh: a.claim.volumeWh - fit,
    };
    t.roomWh -= fit;
    t.compliantWh += a.claim.volumeWh;
  }

  // 4. Pass 2: age-failing claims, room first, then the allowance (RE100-AGE-3).
  const inScopeWh = [...markets.values()].reduce((s, t) => s + t.consumptionWh - t.excludedWh, 0n);
  const share = ruleset.ageAllowanceShare;
  const allowanceLimitWh = (share.numerator * inScopeWh) / share.denominator; // rounded down
  let allowanceLeftWh = allowanceLimitWh;
  for (const a of assessed) {
    if (!a.assessment.passesRules || !a.assessment.ageFailing) continue;
    const t = a.market;
    const fit = min(a.claim.volumeWh, t.roomWh);
    const counted = min(fit, allowanceLeftWh);
    a.allocation = {
      stage: 'AGE_ALLOWANCE',
      marketRoomBeforeWh: t.roomWh,
      allowanceBeforeWh: allowanceLeftWh,
      cappedWh: a.claim.volumeWh - fit,
      allowanceUsedWh: counted,
      beyondAllowanceWh: fit - counted,
    };
    t.roomWh -= counted;
    allowanceLeftWh -= counted;
    t.ageFailingWh += a.claim.volumeWh;
    t.ageAllowanceUsedWh += counted;
  }

  const claims = assessed.map(({ claim, assessment, allocation }) =>
    verdictOf(claim.claimId, claim.consumptionMarket, claim.volumeWh, assessment, allocation),
  );
  claims.forEach((v, i) => {
    const t = assessed[i].market;
    t.eligibleWh += v.eligibleWh;
    t.cappedWh += v.allocation.cappedWh;
    if (v.basis.consumptionCountry === null) t.unattributedEligibleWh += v.eligibleWh;
  });

  const marketResults: MarketResult[] = [...markets.values()]
    .sort((a, b) => byCode(a.market, b.market))
    .map((t) => {
      const inScope = t.consumptionWh - t.excludedWh;
      return {
        market: t.market,
        countries: [...t.countries].sort(),
        siteIds: t.siteIds,
        consumptionWh: t.consumptionWh,
        excludedWh: t.excludedWh,
        inScopeWh: inScope,
        immaterial: t.consumptionWh <= ruleset.immaterialMarketThresholdWh,
        claimedWh: t.claimedWh,
        compliantWh: t.compliantWh,
        ageFailingWh: t.ageFailingWh,
        ageAllowanceUsedWh: t.ageAllowanceUsedWh,
        cappedWh: t.cappedWh,
        eligibleWh: t.eligibleWh,
        unattributedEligibleWh: t.unattributedEligibleWh,
        rePercent: percentOf(t.eligibleWh, inScope),
      };
    });

  const consumptionWh = marketResults.reduce((s, m) => s + m.consumptionWh, 0n);
  const excludedWh = marketResults.reduce((s, m) => s + m.excludedWh, 0n);
  const eligibleWh = marketResults.reduce((s, m) => s + m.eligibleWh, 0n);
  const usedWh = allowanceLimitWh - allowanceLeftWh;

  return {
    provenance: {
      rulesetId: ruleset.id,
      ruleset,
      year,
      periodStart,
      periodEnd,
      boundaryDate,
      vintageWindow,
      legalEntityName: input.legalEntityName,
    },
    totals: {
      consumptionWh,
      excludedWh,
      inScopeWh,
      eligibleWh,
      rePercent: percentOf(eligibleWh, inScopeWh),
      ageAllowance: {
        share,
        baseWh: inScopeWh,
        limitWh: allowanceLimitWh,
        usedWh,
        remainingWh: allowanceLeftWh,
      },
    },
    claims,
    markets: marketResults,
    byCountry: byCountry(input, sitesById, excludedSites, claims, boundaryDate),
    byProcurementType: byProcurementType(claims, inScopeWh),
    excludedSites,
  };
}

const notCounted = (): ClaimAllocation => ({
  stage: 'NOT_COUNTED',
  marketRoomBeforeWh: 0n,
  allowanceBeforeWh: null,
  cappedWh: 0n,
  allowanceUsedWh: 0n,
  beyondAllowanceWh: 0n,
});

function verdictOf(
  claimId: string,
  market: string,
  volumeWh: bigint,
  assessment: ClaimAssessment,
  allocation: ClaimAllocation,
): ClaimVerdict {
  const reasons: ReasonCode[] = [...assessment.reasons];
  let eligibleWh = 0n;
  if (allocation.stage === 'COMPLIANT') eligibleWh = volumeWh - allocation.cappedWh;
  if (allocation.stage === 'AGE_ALLOWANCE') eligibleWh = allocation.allowanceUsedWh;
  if (allocation.allowanceUsedWh > 0n) reasons.push('AGE_ALLOWANCE_APPLIED');
  if (allocation.cappedWh > 0n) reasons.push('CAPPED_AT_MARKET_CONSUMPTION');
  const ineligibleWh = volumeWh - eligibleWh;
  const status =
    allocation.stage === 'NOT_COUNTED' || (eligibleWh === 0n && ineligibleWh > 0n)
      ? 'INELIGIBLE'
      : ineligibleWh === 0n
        ? 'ELIGIBLE'
        : 'PARTIAL';
  return {
    claimId,
    market,
    status,
    volumeWh,
    eligibleWh,
    ineligibleWh,
    reasons: sortReasons(reasons),
    basis: assessment.basis,
    allocation,
  };
}

/**
 * Per consumption country (CDP 7.30.16 / 7.30.17). Consumption comes from the sites; eligible Wh from the
 * claims attributed to one country (see ClaimBasis.consumptionCountry). The cap is per market, so a country's
 * RE % is clamped to 100 when a market-wide claim is attributed to it.
 */
function byCountry(
  input: Re100YearInput,
  sitesById: ReadonlyMap<string, { site: Re100SiteInput; market: string }>,
  excludedSites: readonly ExcludedSite[],
  claims: readonly ClaimVerdict[],
  boundaryDate: string,
): CountryResult[] {
  const rows = new Map<string, Omit<CountryResult, 'inScopeWh' | 'rePercent' | 'purchasedWh'>>();
  const row = (country: string, market: string) => {
    let r = rows.get(country);
    if (!r) {
      r = {
        country,
        market,
        consumptionWh: 0n,
        selfGenerationConsumedWh: 0n,
        excludedWh: 0n,
        eligibleWh: 0n,
      };
      rows.set(country, r);
    }
    return r;
  };
  for (const { site, market } of sitesById.values()) {
    const r = row(site.country.toUpperCase(), market);
    r.consumptionWh += site.consumptionWh;
    r.selfGenerationConsumedWh += site.selfGenerationConsumedWh;
  }
  for (const s of excludedSites) row(s.country, s.market).excludedWh += s.consumptionWh;
  for (const v of claims) {
    const country = v.basis.consumptionCountry;
    if (country !== null && v.eligibleWh > 0n) {
      row(country, marketOf(country, boundaryDate, input.boundaries)).eligibleWh += v.eligibleWh;
    }
  }
  return [...rows.values()]
    .sort((a, b) => byCode(a.country, b.country))
    .map((r) => {
      const inScopeWh = r.consumptionWh - r.excludedWh;
      return {
        ...r,
        purchasedWh: r.consumptionWh - r.selfGenerationConsumedWh,
        inScopeWh,
        rePercent: percentOf(r.eligibleWh, inScopeWh),
      };
    });
}

const METHOD_ORDER = Object.keys(PROCUREMENT_TYPE) as ProcurementMethod[];

/** Per RE100 procurement type 1–5 (always all five), with each method and Korean tag kept apart. */
function byProcurementType(claims: readonly ClaimVerdict[], inScopeWh: bigint): ProcurementTypeResult[] {
  return ([1, 2, 3, 4, 5] as Re100ProcurementType[]).map((type) => {
    const ofType = claims.filter((v) => v.basis.procurementType === type);
    const methods = new Map<string, ProcurementTypeResult['methods'][number]>();
    for (const v of ofType) {
      const key = `${v.basis.method}|${v.basis.krTag ?? ''}`;
      const m = methods.get(key) ?? {
        method: v.basis.method,
        krTag: v.basis.krTag,
        claimCount: 0,
        volumeWh: 0n,
        eligibleWh: 0n,
      };
      m.claimCount += 1;
      m.volumeWh += v.volumeWh;
      m.eligibleWh += v.eligibleWh;
      methods.set(key, m);
    }
    const eligibleWh = ofType.reduce((s, v) => s + v.eligibleWh, 0n);
    return {
      type,
      claimCount: ofType.length,
      volumeWh: ofType.reduce((s, v) => s + v.volumeWh, 0n),
      eligibleWh,
      rePercent: percentOf(eligibleWh, inScopeWh),
      methods: [...methods.values()].sort(
        (a, b) =>
          METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method) ||
          byCode(a.krTag ?? '', b.krTag ?? ''),
      ),
    };
  });
}

/** Problems that make the input impossible to evaluate; data that only fails a rule is a verdict instead. */
export function inputProblems(input: Re100YearInput): string[] {
  const problems: string[] = [...rulesetProblems(input.ruleset).map((p) => `ruleset: ${p}`)];
  problems.push(...boundaryProblems(input.boundaries).map((p) => `boundaries: ${p}`));
  const date = (path: string, value: string | null | undefined, required: boolean) => {
    if (value === null || value === undefined) {
      if (required) problems.push(`${path} is required`);
    } else if (!isIsoDate(value)) problems.push(`${path} must be a date YYYY-MM-DD`);
  };
  const wh = (path: string, value: bigint) => {
    if (typeof value !== 'bigint' || value < 0n) problems.push(`${path} must be a bigint ≥ 0 Wh`);
  };
  const country = (path: string, value: string) => {
    if (!/^[A-Za-z]{2}$/.test(value)) problems.push(`${path} must be an ISO 3166-1 alpha-2 code`);
  };

  if (!Number.isInteger(input.year) || input.year < 1 || input.year > 9999)
    problems.push('year must be a year');
  date('periodStart', input.periodStart, true);
  date('periodEnd', input.periodEnd, true);
  if (input.periodEnd < input.periodStart) problems.push('periodEnd must not be before periodStart');
  if (!input.legalEntityName?.trim()) problems.push('legalEntityName is required');

  const siteIds = new Set<string>();
  input.sites.forEach((s, i) => {
    const path = `sites[${i}]`;
    if (siteIds.has(s.siteId)) problems.push(`${path}.siteId ${s.siteId} is repeated`);
    siteIds.add(s.siteId);
    country(`${path}.country`, s.country);
    wh(`${path}.consumptionWh`, s.consumptionWh);
    wh(`${path}.selfGenerationConsumedWh`, s.selfGenerationConsumedWh);
    if (s.consumptionWh >= 0n && s.selfGenerationConsumedWh > s.consumptionWh) {
      problems.push(`${path}.selfGenerationConsumedWh exceeds consumptionWh (RE100-SCOPE-1)`);
    }
  });
  input.claims.forEach((c, i) => {
    const path = `claims[${i}] (${c.claimId})`;
    if (!(c.method in PROCUREMENT_TYPE)) problems.push(`${path}.method ${c.method} is unknown`);
    if (c.krTag && KR_TAG_TYPE[c.krTag] !== PROCUREMENT_TYPE[c.method]) {
      problems.push(
        `${path}.krTag ${c.krTag} is not an RE100 type ${PROCUREMENT_TYPE[c.method]} method (${c.method})`,
      );
    }
    wh(`${path}.volumeWh`, c.volumeWh);
    if (!c.consumptionMarket) problems.push(`${path}.consumptionMarket is required`);
    country(`${path}.facility.country`, c.facility.country);
    if (c.consumptionCountry) country(`${path}.consumptionCountry`, c.consumptionCountry);
    date(`${path}.facility.commissioningDate`, c.facility.commissioningDate, false);
    date(`${path}.facility.repoweringDate`, c.facility.repoweringDate, false);
    if (c.contract) date(`${path}.contract.signedDate`, c.contract.signedDate, true);
    if (c.instrument) {
      date(`${path}.instrument.cancellationDate`, c.instrument.cancellationDate, false);
      date(`${path}.instrument.vintageStart`, c.instrument.vintageStart, true);
      date(`${path}.instrument.vintageEnd`, c.instrument.vintageEnd, true);
      if (c.instrument.vintageEnd < c.instrument.vintageStart) {
        problems.push(`${path}.instrument.vintageEnd is before vintageStart`);
      }
    }
  });
  return problems;
}
