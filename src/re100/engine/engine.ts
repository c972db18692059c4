import { assessClaim, ClaimAssessment, ClaimRuleContext, SiteMarketShare } from './claim-rules';
import { addDays, addMonths, isIsoDate } from './dates';
import { boundaryPeriods, boundaryProblems, marketOf, type MarketBoundaryRow } from './market-boundaries';
import { percentOf } from './percent';
import { RE100_ERROR_CODES, ReasonCode, SiteExclusionReason, sortReasons } from './reason-codes';
import { Re100Ruleset, rulesetForYear, rulesetProblems } from './ruleset';
import {
  ClaimAllocation,
  ClaimVerdict,
  CountryResult,
  EQUITY_STAKE_TYPES,
  ExcludedSite,
  INSTRUMENT_STATUSES,
  INSTRUMENT_TYPES,
  KR_EQUITY_INVESTMENT,
  KR_TAG_TYPE,
  MarketResult,
  PASSIVE_BASES,
  PROCUREMENT_TYPE,
  ProcurementMethod,
  ProcurementTypeResult,
  Re100ClaimInput,
  Re100ConsumptionSegment,
  Re100ProcurementType,
  Re100SiteInput,
  Re100YearInput,
  Re100YearResult,
  TECHNOLOGIES,
} from './types';

/** The input cannot be evaluated (negative Wh, malformed dates, ambiguous boundaries …). */
export class Re100InputError extends Error {
  readonly code = 'RE100_INPUT_INVALID' satisfies keyof typeof RE100_ERROR_CODES;
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

/** RE100-AGE-1: the first consumption day the age rule applies to. */
export const ageRuleStart = (ruleset: Re100Ruleset): string =>
  `${String(ruleset.ageRuleFromYear).padStart(4, '0')}-01-01`;

/**
 * A cell is in-scope consumption of one market on known days: one or more stretches of unchanged boundaries,
 * before or from the age rule's start. Claims fill cells; a claim may only use the cells of its market whose
 * stretches all have its facility in that market (RE100-MB-1), so consumption not dated finely enough takes
 * only claims valid on all its days. An age-failing claim uses cells before the age rule freely, the others
 * only within the allowance (RE100-AGE-1/3). Without dated boundaries or a period across the age rule's
 * start there is one cell per market, and everything below reduces to "fill the market up to its in-scope
 * consumption".
 */
interface Cell {
  market: string;
  /** The stretches of unchanged boundaries the consumption lies in (one, unless a segment spans several). */
  periods: number[];
  beforeAgeRule: boolean;
  inScopeWh: bigint;
  roomWh: bigint;
}

interface MarketTally {
  market: string;
  countries: Set<string>;
  siteIds: string[];
  consumptionWh: bigint;
  excludedWh: bigint;
}

interface Assessed {
  claim: Re100ClaimInput;
  assessment: ClaimAssessment;
  /** Volume left after RE100-CALC-2 (same generation as metered self-generation). */
  countableWh: bigint;
  allocation: ClaimAllocation;
  /** Wh placed per cell index. */
  flows: Map<number, bigint>;
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const sumOf = (values: Iterable<bigint>): bigint => {
  let s = 0n;
  for (const v of values) s += v;
  return s;
};
/** Code order independent of the host locale. */
const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The countries whose boundary rows matter for the year: sites', facilities' and stated consumption countries. */
function yearCountries(input: Re100YearInput): string[] {
  return [
    ...input.sites.map((s) => s.country),
    ...input.claims.flatMap((c) => [
      c.facility.country,
      ...(c.consumptionCountry ? [c.consumptionCountry] : []),
    ]),
  ];
}

const segmentsOf = (
  site: Re100SiteInput,
  periodStart: string,
  periodEnd: string,
): Re100ConsumptionSegment[] =>
  site.consumptionSegments
    ? [...site.consumptionSegments]
    : [{ start: periodStart, end: periodEnd, consumptionWh: site.consumptionWh }];

/**
 * The site's market on the stretches a segment touches, grouped by market: one group, unless the site's own
 * country changes market within the segment (inputProblems refuses that when the segment has Wh).
 */
function segmentMarkets(
  periods: readonly { start: string; end: string }[],
  seg: Re100ConsumptionSegment,
  country: string,
  boundaries: readonly MarketBoundaryRow[],
): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  periods.forEach((p, i) => {
    if (p.start > seg.end || seg.start > p.end) return;
    const market = marketOf(country, p.start, boundaries);
    groups.set(market, [...(groups.get(market) ?? []), i]);
  });
  return groups;
}

/**
 * Evaluates one reporting year against an RE100 ruleset. Pure: the same input always gives the same result,
 * and every figure carries the inputs it was computed from.
 *
 * Order of evaluation (documented because the cap and the allowance make it matter):
 * 1. Each site's consumption (dated segments, or the whole period) is placed in its market on its days.
 *    Flagged sites are excluded only in a market at or below the immaterial threshold; with
 *    `excludeImmaterialMarkets` every site of such a market is (RE100-SCOPE-2).
 * 2. Each claim is judged on its own (claim-rules.ts). A repeated claim id is judged once, and certificates
 *    of a facility whose metered self-generation is claimed in the same market count only beyond it
 *    (RE100-CALC-2).
 * 3. Pass 1, in the order the claims are given: claims passing every rule fill their market up to its
 *    in-scope consumption; the rest is capped and never moves to another market (RE100-CALC-1).
 * 4. Pass 2: claims failing only the age limit use the room left on days before the age rule's start, then,
 *    in the order given, the age allowance, floor(share × in-scope consumption from the rule's start) Wh for
 *    the whole year (RE100-AGE-3). Allowance is only spent on Wh that fit under the cap.
 * 5. V5-PASSIVE-1: under a ruleset with `passiveAfterActive`, default-delivered claims go through 3 and 4
 *    after every active claim, so they only cover load active procurement left.
 * A claim placed earlier keeps its Wh; it may be moved to another of its cells to make room for a later one,
 * so the total does not depend on the order of claims with different cells (README: one exception).
 */
export function evaluateRe100Year(input: Re100YearInput): Re100YearResult {
  const problems = inputProblems(input);
  if (problems.length) throw new Re100InputError(problems);
  const { ruleset, year, periodStart, periodEnd, boundaries } = input;
  const excludeImmaterialMarkets = input.excludeImmaterialMarkets ?? false;
  const vintageWindow = vintageWindowOf(periodStart, periodEnd, ruleset);
  const ageRuleFrom = ageRuleStart(ruleset);
  const ageRuleApplies = periodEnd >= ageRuleFrom;
  const periods = boundaryPeriods(boundaries, yearCountries(input), periodStart, periodEnd);

  // 1. Sites, markets and exclusions.
  const markets = new Map<string, MarketTally>();
  const tally = (market: string): MarketTally => {
    let t = markets.get(market);
    if (!t) {
      t = { market, countries: new Set(), siteIds: [], consumptionWh: 0n, excludedWh: 0n };
      markets.set(market, t);
    }
    return t;
  };
  /** Each site's dated consumption as parts of one stretch each. */
  const parts = input.sites.flatMap((site) =>
    segmentsOf(site, periodStart, periodEnd).flatMap((seg) =>
      // Several markets only for a segment without Wh (inputProblems): it then only places the site.
      [...segmentMarkets(periods, seg, site.country, boundaries)].map(([market, touched]) => ({
        site,
        periods: touched,
        market,
        // RE100-AGE-1: a part that runs into the rule's start cannot be shown to be before it.
        beforeAgeRule: seg.end < ageRuleFrom,
        wh: seg.consumptionWh,
      })),
    ),
  );
  const siteShares = new Map<string, Map<string, SiteMarketShare>>();
  for (const p of parts) {
    const t = tally(p.market);
    t.countries.add(p.site.country.toUpperCase());
    if (!t.siteIds.includes(p.site.siteId)) t.siteIds.push(p.site.siteId);
    t.consumptionWh += p.wh;
    const shares = siteShares.get(p.site.siteId) ?? new Map<string, SiteMarketShare>();
    const share = shares.get(p.market) ?? { inScopeWh: 0n, excludedWh: 0n };
    share.inScopeWh += p.wh;
    shares.set(p.market, share);
    siteShares.set(p.site.siteId, shares);
  }
  // RE100-SCOPE-2: only a market consuming ≤ the threshold (inclusive) may be excluded, by the organization.
  const immaterial = (t: MarketTally) => t.consumptionWh <= ruleset.immaterialMarketThresholdWh;
  const excludedSites: ExcludedSite[] = [];
  for (const site of input.sites) {
    for (const [market, share] of siteShares.get(site.siteId) ?? []) {
      const t = tally(market);
      const reasons: SiteExclusionReason[] = [];
      if (site.excluded) reasons.push('FLAGGED');
      if (immaterial(t) && (site.excluded || excludeImmaterialMarkets)) reasons.push('IMMATERIAL_MARKET');
      if (site.excluded && !immaterial(t)) reasons.push('EXCLUSION_NOT_ALLOWED');
      if (!reasons.length) continue;
      const accepted = !reasons.includes('EXCLUSION_NOT_ALLOWED');
      excludedSites.push({
        siteId: site.siteId,
        country: site.country.toUpperCase(),
        market,
        consumptionWh: share.inScopeWh,
        reasons,
        accepted,
        note: site.exclusionReason,
      });
      if (accepted) {
        t.excludedWh += share.inScopeWh;
        share.excludedWh = share.inScopeWh;
        share.inScopeWh = 0n;
      }
    }
  }
  const cells: Cell[] = [];
  const cellIndex = new Map<string, number>();
  const cellOf = (market: string, cellPeriods: number[], beforeAgeRule: boolean): number => {
    const key = `${market}|${cellPeriods.join(',')}|${beforeAgeRule}`;
    let i = cellIndex.get(key);
    if (i === undefined) {
      i = cells.push({ market, periods: cellPeriods, beforeAgeRule, inScopeWh: 0n, roomWh: 0n }) - 1;
      cellIndex.set(key, i);
    }
    return i;
  };
  for (const p of parts) {
    const c = cells[cellOf(p.market, p.periods, p.beforeAgeRule)];
    if (siteShares.get(p.site.siteId)!.get(p.market)!.excludedWh === 0n) {
      c.inScopeWh += p.wh;
      c.roomWh += p.wh;
    }
  }

  // 2. Each claim on its own, then what depends on other claims (RE100-CALC-2).
  const ctx: ClaimRuleContext = {
    year,
    ruleset,
    periodStart,
    periodEnd,
    boundaries,
    boundaryPeriods: periods,
    ageRuleApplies,
    vintageWindow,
    legalEntityName: input.legalEntityName,
    sites: new Map(
      input.sites.map((s) => [s.siteId, { site: s, markets: siteShares.get(s.siteId) ?? new Map() }]),
    ),
    siteCountriesByMarket: new Map([...markets.values()].map((t) => [t.market, [...t.countries].sort()])),
  };
  const seen = new Set<string>();
  const assessed: Assessed[] = input.claims.map((claim) => {
    const assessment = assessClaim(claim, ctx);
    if (seen.has(claim.claimId)) {
      // RE100-CALC-2: a claim's volume counts once, the repeat counts nothing.
      assessment.reasons.unshift('DUPLICATE_CLAIM');
      assessment.passesRules = false;
    }
    seen.add(claim.claimId);
    tally(claim.consumptionMarket);
    return { claim, assessment, countableWh: claim.volumeWh, allocation: notCounted(), flows: new Map() };
  });
  // RE100-CALC-2: metered self-generation and the certificates of the same generation are one claim. The
  // metered Wh count; the facility's certificates in the same market count only beyond them, whatever their
  // vintage (one of an earlier year was that year's metered generation, so it never counts on top either).
  const meteredWh = new Map<string, bigint>();
  const generationKey = (a: Assessed) =>
    a.claim.facility.facilityId ? `${a.claim.facility.facilityId}|${a.claim.consumptionMarket}` : null;
  for (const a of assessed) {
    const key = generationKey(a);
    if (key && a.assessment.meteredSelfGeneration && a.assessment.passesRules) {
      meteredWh.set(key, (meteredWh.get(key) ?? 0n) + a.claim.volumeWh);
    }
  }
  const sameGenerationWh = new Map<Assessed, bigint>();
  // By claim id, not list order, so that the list order never changes which Wh count.
  for (const a of [...assessed].sort((x, y) => byCode(x.claim.claimId, y.claim.claimId))) {
    const key = generationKey(a);
    const left = key ? (meteredWh.get(key) ?? 0n) : 0n;
    if (!key || left === 0n || !a.assessment.certificate || !a.assessment.passesRules) continue;
    const same = min(a.claim.volumeWh, left);
    meteredWh.set(key, left - same);
    sameGenerationWh.set(a, same);
    a.countableWh -= same;
  }

  // 3–5. Counting.
  const share = ruleset.ageAllowanceShare;
  const allowanceBaseWh = sumOf(cells.filter((c) => !c.beforeAgeRule).map((c) => c.inScopeWh));
  const allowanceLimitWh = (share.numerator * allowanceBaseWh) / share.denominator; // rounded down
  let allowanceLeftWh = allowanceLimitWh;
  const filler = new CellFiller(cells);
  /** The cells a claim may use: its market's, on days its facility is in that market (RE100-MB-1). */
  const cellsOf = (a: Assessed, before: boolean): number[] =>
    cells.flatMap((c, i) =>
      c.market === a.claim.consumptionMarket &&
      c.beforeAgeRule === before &&
      c.periods.every((p) => a.assessment.marketPeriods.includes(p))
        ? [i]
        : [],
    );
  // Compliant claims prefer days under the age rule, leaving earlier days to age-failing claims.
  const anyCell = (a: Assessed) => [...cellsOf(a, false), ...cellsOf(a, true)];
  const marketRoom = (market: string) => sumOf(cells.filter((c) => c.market === market).map((c) => c.roomWh));

  const count = (group: Assessed[]) => {
    for (const a of group) {
      if (!a.assessment.passesRules || a.assessment.ageFailing) continue;
      const room = marketRoom(a.claim.consumptionMarket);
      const placed = filler.place(a, anyCell(a), a.countableWh, anyCell);
      a.allocation = {
        ...notCounted(),
        stage: 'COMPLIANT',
        marketRoomBeforeWh: room,
        cappedWh: a.countableWh - placed,
      };
    }
    const ageFailing = group.filter((a) => a.assessment.passesRules && a.assessment.ageFailing);
    // RE100-AGE-1: consumption before the rule's start takes age-failing Wh without the allowance.
    const before = new Map(
      ageFailing.map((a) => [a, filler.place(a, cellsOf(a, true), a.countableWh, anyCell)]),
    );
    for (const a of ageFailing) {
      const free = before.get(a)!;
      const room = marketRoom(a.claim.consumptionMarket) + free;
      const after = cellsOf(a, false);
      const used = filler.place(a, after, min(a.countableWh - free, allowanceLeftWh), anyCell);
      const fitsWh = min(a.countableWh - free - used, sumOf(after.map((i) => cells[i].roomWh)));
      a.allocation = {
        ...notCounted(),
        stage: 'AGE_ALLOWANCE',
        marketRoomBeforeWh: room,
        allowanceBeforeWh: allowanceLeftWh,
        cappedWh: a.countableWh - free - used - fitsWh,
        beforeAgeRuleWh: free,
        allowanceUsedWh: used,
        beyondAllowanceWh: fitsWh,
      };
      allowanceLeftWh -= used;
    }
  };
  const passive = (a: Assessed) => ruleset.passiveAfterActive && a.assessment.basis.procurementType === 5;
  count(assessed.filter((a) => !passive(a)));
  count(assessed.filter(passive));
  for (const a of assessed) a.allocation.sameGenerationWh = sameGenerationWh.get(a) ?? 0n;

  const claims = assessed.map((a) => verdictOf(a));
  const marketResults: MarketResult[] = [...markets.values()]
    .sort((a, b) => byCode(a.market, b.market))
    .map((t) => {
      const inScope = t.consumptionWh - t.excludedWh;
      const own = assessed.filter((a) => a.claim.consumptionMarket === t.market);
      const ownVerdicts = claims.filter((v) => v.market === t.market);
      const eligibleWh = sumOf(ownVerdicts.map((v) => v.eligibleWh));
      return {
        market: t.market,
        countries: [...t.countries].sort(),
        siteIds: t.siteIds,
        consumptionWh: t.consumptionWh,
        excludedWh: t.excludedWh,
        inScopeWh: inScope,
        inScopeBeforeAgeRuleWh: sumOf(
          cells.filter((c) => c.market === t.market && c.beforeAgeRule).map((c) => c.inScopeWh),
        ),
        immaterial: immaterial(t),
        claimedWh: sumOf(own.map((a) => a.claim.volumeWh)),
        compliantWh: sumOf(
          own.filter((a) => a.allocation.stage === 'COMPLIANT').map((a) => a.claim.volumeWh),
        ),
        ageFailingWh: sumOf(
          own.filter((a) => a.allocation.stage === 'AGE_ALLOWANCE').map((a) => a.claim.volumeWh),
        ),
        beforeAgeRuleWh: sumOf(own.map((a) => a.allocation.beforeAgeRuleWh)),
        ageAllowanceUsedWh: sumOf(own.map((a) => a.allocation.allowanceUsedWh)),
        cappedWh: sumOf(own.map((a) => a.allocation.cappedWh)),
        eligibleWh,
        unattributedEligibleWh: sumOf(
          ownVerdicts.filter((v) => v.basis.consumptionCountry === null).map((v) => v.eligibleWh),
        ),
        rePercent: percentOf(eligibleWh, inScope),
      };
    });

  const consumptionWh = sumOf(marketResults.map((m) => m.consumptionWh));
  const excludedWh = sumOf(marketResults.map((m) => m.excludedWh));
  const inScopeWh = consumptionWh - excludedWh;
  const eligibleWh = sumOf(marketResults.map((m) => m.eligibleWh));

  return {
    provenance: {
      rulesetId: ruleset.id,
      ruleset,
      rulesetForPeriod: rulesetForYear(year, periodStart).id,
      year,
      periodStart,
      periodEnd,
      boundaryDate: periodStart,
      boundaryPeriods: periods,
      vintageWindow,
      legalEntityName: input.legalEntityName,
      excludeImmaterialMarkets,
    },
    totals: {
      consumptionWh,
      excludedWh,
      inScopeWh,
      eligibleWh,
      rePercent: percentOf(eligibleWh, inScopeWh),
      ageAllowance: {
        share,
        ruleFrom: ageRuleFrom,
        baseWh: allowanceBaseWh,
        limitWh: allowanceLimitWh,
        usedWh: allowanceLimitWh - allowanceLeftWh,
        remainingWh: allowanceLeftWh,
        inScopeBeforeRuleWh: inScopeWh - allowanceBaseWh,
        countedBeforeRuleWh: sumOf(assessed.map((a) => a.allocation.beforeAgeRuleWh)),
      },
    },
    claims,
    markets: marketResults,
    byCountry: byCountry(input, parts, excludedSites, claims),
    byProcurementType: byProcurementType(claims, inScopeWh),
    excludedSites,
  };
}

/**
 * Places claims' Wh in cells. A claim first takes free room in its target cells, in the order given; when
 * none is left it may move Wh an earlier claim placed in a target cell to another cell of that claim with
 * room (an augmenting path, breadth first; an age-failing claim's Wh stay on their side of the age rule's
 * start). Earlier claims keep their Wh, so the claim order only decides which claim is capped, and the total
 * placed is the most the cells can take.
 */
class CellFiller {
  /** Claims with Wh in each cell, in the order they arrived. */
  private readonly occupants = new Map<number, Set<Assessed>>();
  /** The cells each claim placed so far may be moved among. */
  private readonly movable = new Map<Assessed, number[]>();

  constructor(private readonly cells: Cell[]) {}

  place(a: Assessed, targets: number[], amountWh: bigint, cellsOf: (a: Assessed) => number[]): bigint {
    let left = amountWh;
    while (left > 0n) {
      const path = this.pathToRoom(targets);
      if (!path) break;
      let d = min(left, this.cells[path.end].roomWh);
      for (const step of path.moves) d = min(d, step.claim.flows.get(step.from)!);
      for (const step of path.moves) {
        this.add(step.claim, step.from, -d);
        this.add(step.claim, step.to, d);
      }
      this.cells[path.end].roomWh -= d;
      this.add(a, path.start, d);
      left -= d;
    }
    this.movable.set(a, cellsOf(a));
    return amountWh - left;
  }

  private add(a: Assessed, cell: number, wh: bigint) {
    const before = a.flows.get(cell) ?? 0n;
    a.flows.set(cell, before + wh);
    if (wh <= 0n) return;
    const set = this.occupants.get(cell) ?? new Set<Assessed>();
    set.add(a);
    this.occupants.set(cell, set);
  }

  /**
   * A target with room, or the shortest chain of moves (breadth first, cells and claims in order) that frees
   * one: `moves` shift Wh of earlier claims so that `start` gets the room found at `end`. Null if none.
   */
  private pathToRoom(targets: number[]): { start: number; end: number; moves: Move[] } | null {
    const direct = targets.find((t) => this.cells[t].roomWh > 0n);
    if (direct !== undefined) return { start: direct, end: direct, moves: [] };
    // Moves stay in the targets' market: without room left there, nothing can be freed.
    const markets = new Set(targets.map((t) => this.cells[t].market));
    if (!this.cells.some((c) => markets.has(c.market) && c.roomWh > 0n)) return null;
    const parent = new Map<number, Move | null>(targets.map((t) => [t, null]));
    const queue = [...targets];
    while (queue.length) {
      const cell = queue.shift()!;
      for (const claim of this.occupants.get(cell) ?? []) {
        const cells = this.movable.get(claim);
        if (!cells || !((claim.flows.get(cell) ?? 0n) > 0n)) continue;
        for (const next of cells) {
          if (parent.has(next)) continue;
          // Age-failing Wh move only between cells on the same side of the age rule's start, so that
          // the allowance they use does not change.
          if (
            claim.assessment.ageFailing &&
            this.cells[next].beforeAgeRule !== this.cells[cell].beforeAgeRule
          ) {
            continue;
          }
          parent.set(next, { from: cell, to: next, claim });
          if (this.cells[next].roomWh > 0n) {
            const moves: Move[] = [];
            let at = next;
            for (let m = parent.get(at); m; m = parent.get(at)) {
              moves.unshift(m);
              at = m.from;
            }
            return { start: at, end: next, moves };
          }
          queue.push(next);
        }
      }
    }
    return null;
  }
}

/** Wh of `claim` moved from one of its cells to another. */
interface Move {
  from: number;
  to: number;
  claim: Assessed;
}

const notCounted = (): ClaimAllocation => ({
  stage: 'NOT_COUNTED',
  marketRoomBeforeWh: 0n,
  allowanceBeforeWh: null,
  sameGenerationWh: 0n,
  cappedWh: 0n,
  beforeAgeRuleWh: 0n,
  allowanceUsedWh: 0n,
  beyondAllowanceWh: 0n,
});

function verdictOf({ claim, assessment, allocation, flows }: Assessed): ClaimVerdict {
  const reasons: ReasonCode[] = [...assessment.reasons];
  const eligibleWh = sumOf(flows.values());
  if (allocation.sameGenerationWh > 0n) reasons.push('SAME_GENERATION_AS_METERED');
  if (allocation.beforeAgeRuleWh > 0n) reasons.push('BEFORE_AGE_RULE');
  if (allocation.allowanceUsedWh > 0n) reasons.push('AGE_ALLOWANCE_APPLIED');
  if (allocation.cappedWh > 0n) reasons.push('CAPPED_AT_MARKET_CONSUMPTION');
  const ineligibleWh = claim.volumeWh - eligibleWh;
  const status =
    allocation.stage === 'NOT_COUNTED' || (eligibleWh === 0n && ineligibleWh > 0n)
      ? 'INELIGIBLE'
      : ineligibleWh === 0n
        ? 'ELIGIBLE'
        : 'PARTIAL';
  return {
    claimId: claim.claimId,
    market: claim.consumptionMarket,
    status,
    volumeWh: claim.volumeWh,
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
  parts: readonly { site: Re100SiteInput; market: string }[],
  excludedSites: readonly ExcludedSite[],
  claims: readonly ClaimVerdict[],
): CountryResult[] {
  const rows = new Map<string, Omit<CountryResult, 'inScopeWh' | 'rePercent' | 'purchasedWh'>>();
  const row = (country: string, market: () => string) => {
    let r = rows.get(country);
    if (!r) {
      r = {
        country,
        market: market(),
        consumptionWh: 0n,
        selfGenerationConsumedWh: 0n,
        excludedWh: 0n,
        eligibleWh: 0n,
      };
      rows.set(country, r);
    }
    return r;
  };
  for (const p of parts) row(p.site.country.toUpperCase(), () => p.market);
  for (const site of input.sites) {
    const r = rows.get(site.country.toUpperCase());
    if (!r) continue;
    r.consumptionWh += site.consumptionWh;
    r.selfGenerationConsumedWh += site.selfGenerationConsumedWh;
  }
  for (const s of excludedSites) if (s.accepted) row(s.country, () => s.market).excludedWh += s.consumptionWh;
  for (const v of claims) {
    const country = v.basis.consumptionCountry;
    if (country !== null && v.eligibleWh > 0n) {
      row(country, () => marketOf(country, input.periodStart, input.boundaries)).eligibleWh += v.eligibleWh;
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

/** Per RE100 procurement type 1–5 (always all five), with each method, Korean tag and equity stake kept apart. */
function byProcurementType(claims: readonly ClaimVerdict[], inScopeWh: bigint): ProcurementTypeResult[] {
  return ([1, 2, 3, 4, 5] as Re100ProcurementType[]).map((type) => {
    const ofType = claims.filter((v) => v.basis.procurementType === type);
    const methods = new Map<string, ProcurementTypeResult['methods'][number]>();
    for (const v of ofType) {
      const key = `${v.basis.method}|${v.basis.krTag ?? ''}|${v.basis.equityStake}`;
      const m = methods.get(key) ?? {
        method: v.basis.method,
        krTag: v.basis.krTag,
        equityStake: v.basis.equityStake,
        claimCount: 0,
        volumeWh: 0n,
        eligibleWh: 0n,
      };
      m.claimCount += 1;
      m.volumeWh += v.volumeWh;
      m.eligibleWh += v.eligibleWh;
      methods.set(key, m);
    }
    const eligibleWh = sumOf(ofType.map((v) => v.eligibleWh));
    return {
      type,
      claimCount: ofType.length,
      volumeWh: sumOf(ofType.map((v) => v.volumeWh)),
      eligibleWh,
      rePercent: percentOf(eligibleWh, inScopeWh),
      methods: [...methods.values()].sort(
        (a, b) =>
          METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method) ||
          byCode(a.krTag ?? '', b.krTag ?? '') ||
          Number(a.equityStake) - Number(b.equityStake),
      ),
    };
  });
}

/** Problems that make the input impossible to evaluate; data that only fails a rule is a verdict instead. */
export function inputProblems(input: Re100YearInput): string[] {
  const rulesetIssues = rulesetProblems(input.ruleset);
  const boundaryIssues = boundaryProblems(input.boundaries);
  const problems: string[] = [
    ...rulesetIssues.map((p) => `ruleset: ${p}`),
    ...boundaryIssues.map((p) => `boundaries: ${p}`),
  ];
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
  const oneOf = (path: string, value: string | null | undefined, allowed: readonly string[]) => {
    if (value !== null && value !== undefined && !allowed.includes(value))
      problems.push(`${path} ${value} is unknown`);
  };

  if (!Number.isInteger(input.year) || input.year < 1 || input.year > 9999)
    problems.push('year must be a year');
  date('periodStart', input.periodStart, true);
  date('periodEnd', input.periodEnd, true);
  const periodOk = isIsoDate(input.periodStart) && isIsoDate(input.periodEnd);
  if (periodOk && input.periodEnd < input.periodStart)
    problems.push('periodEnd must not be before periodStart');
  if (!input.legalEntityName?.trim()) problems.push('legalEntityName is required');

  // Market boundaries are read on each stretch of the period: a segment of consumption must not span a change.
  const periods =
    periodOk && input.periodEnd >= input.periodStart && !boundaryIssues.length
      ? boundaryPeriods(input.boundaries, yearCountries(input), input.periodStart, input.periodEnd)
      : null;
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
    segmentProblems(path, s, input, periods, problems);
  });
  input.claims.forEach((c, i) => {
    const path = `claims[${i}] (${c.claimId})`;
    const type = PROCUREMENT_TYPE[c.method];
    if (!(c.method in PROCUREMENT_TYPE)) problems.push(`${path}.method ${c.method} is unknown`);
    if (c.krTag === KR_EQUITY_INVESTMENT) {
      problems.push(
        `${path}.krTag ${KR_EQUITY_INVESTMENT} is not a procurement method: set equityStake on the PPA or REC purchase from that plant`,
      );
    } else if (c.krTag && !(c.krTag in KR_TAG_TYPE)) {
      problems.push(`${path}.krTag ${c.krTag} is unknown`);
    } else if (c.krTag && type && KR_TAG_TYPE[c.krTag as keyof typeof KR_TAG_TYPE] !== type) {
      problems.push(`${path}.krTag ${c.krTag} is not an RE100 type ${type} method (${c.method})`);
    }
    if (c.equityStake && type && !EQUITY_STAKE_TYPES.includes(type)) {
      problems.push(
        `${path}.equityStake needs a type-2 PPA or a type-4 REC purchase from the same plant, not ${c.method} (K-RE100)`,
      );
    }
    oneOf(`${path}.passiveBasis`, c.passiveBasis, PASSIVE_BASES);
    if (c.passiveBasis && PASSIVE_BASES.includes(c.passiveBasis) && type && type !== 5) {
      problems.push(`${path}.passiveBasis is for default-delivered (type 5) claims, not ${c.method}`);
    }
    oneOf(`${path}.technology`, c.technology, TECHNOLOGIES);
    wh(`${path}.volumeWh`, c.volumeWh);
    if (!c.consumptionMarket) problems.push(`${path}.consumptionMarket is required`);
    country(`${path}.facility.country`, c.facility.country);
    if (c.consumptionCountry) country(`${path}.consumptionCountry`, c.consumptionCountry);
    date(`${path}.facility.commissioningDate`, c.facility.commissioningDate, false);
    date(`${path}.facility.repoweringDate`, c.facility.repoweringDate, false);
    if (c.contract) {
      date(`${path}.contract.signedDate`, c.contract.signedDate, true);
      date(`${path}.contract.trialOperationEndDate`, c.contract.trialOperationEndDate, false);
    }
    if (c.instrument) {
      oneOf(`${path}.instrument.type`, c.instrument.type, INSTRUMENT_TYPES);
      oneOf(`${path}.instrument.status`, c.instrument.status, INSTRUMENT_STATUSES);
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

/**
 * Dated consumption: inside the period, in order without overlap, adding up to the site's total, and not
 * across a market-boundary change (its Wh could not be placed in one market). `periods` is null when the
 * period or the boundaries are unusable (already reported).
 */
function segmentProblems(
  path: string,
  site: Re100SiteInput,
  input: Re100YearInput,
  periods: readonly { start: string; end: string }[] | null,
  problems: string[],
) {
  const segments = site.consumptionSegments;
  /** The first day within the segment on which the site's own market changes, if the segment has Wh. */
  const across = (seg: Re100ConsumptionSegment): string | undefined => {
    if (!periods || !(seg.consumptionWh > 0n) || !/^[A-Za-z]{2}$/.test(site.country)) return undefined;
    const inside = periods.filter((p) => p.start <= seg.end && seg.start <= p.end);
    if (!inside.length) return undefined;
    const first = marketOf(site.country, inside[0].start, input.boundaries);
    return inside.find((p) => marketOf(site.country, p.start, input.boundaries) !== first)?.start;
  };
  if (!segments) {
    const change = across({
      start: input.periodStart,
      end: input.periodEnd,
      consumptionWh: site.consumptionWh,
    });
    if (change) {
      problems.push(
        `${path} has no consumptionSegments, but its country changes market on ${change}: give its consumption by dated segments split there`,
      );
    }
    return;
  }
  let total = 0n;
  let previousEnd: string | null = null;
  segments.forEach((seg, k) => {
    const at = `${path}.consumptionSegments[${k}]`;
    date(`${at}.start`, seg.start);
    date(`${at}.end`, seg.end);
    wh(`${at}.consumptionWh`, seg.consumptionWh);
    if (typeof seg.consumptionWh === 'bigint') total += seg.consumptionWh;
    if (!isIsoDate(seg.start) || !isIsoDate(seg.end)) return;
    if (seg.end < seg.start) problems.push(`${at}.end is before its start`);
    if (seg.start < input.periodStart || seg.end > input.periodEnd) {
      problems.push(`${at} is outside the period ${input.periodStart} … ${input.periodEnd}`);
    }
    if (previousEnd !== null && seg.start <= previousEnd) {
      problems.push(`${at} overlaps or precedes the segment before it`);
    }
    previousEnd = seg.end;
    const change = across(seg);
    if (change) problems.push(`${at} spans ${change}, when its country changes market: split it there`);
  });
  if (total !== site.consumptionWh) {
    problems.push(
      `${path}.consumptionSegments add up to ${total} Wh, not consumptionWh ${site.consumptionWh}`,
    );
  }

  function date(p: string, v: string) {
    if (!isIsoDate(v)) problems.push(`${p} must be a date YYYY-MM-DD`);
  }
  function wh(p: string, v: bigint) {
    if (typeof v !== 'bigint' || v < 0n) problems.push(`${p} must be a bigint ≥ 0 Wh`);
  }
}
