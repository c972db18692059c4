import {
  evaluateRe100Year,
  REASON_CODES,
  ReasonCode,
  Re100ClaimInput,
  Re100YearInput,
  Re100YearResult,
} from './engine';

/**
 * Auto-allocation (issue 4 §4): fill each market's uncovered consumption for a year from retired
 * certificates with energy left, in the same market boundary. Pure: the caller reads the year and the
 * candidates, and writes the plan.
 *
 * - Uncovered = in-scope consumption − eligible Wh of the market, from the year as it stands.
 * - Each candidate is assessed by the RE100 engine as if its whole remaining volume were claimed in its
 *   facility's market (RE100-MB-1): one that passes every rule is COMPLIANT; one that fails only the age
 *   rule (FACILITY_TOO_OLD) may still be used up to the age allowance left (RE100-AGE-3); any other
 *   failure leaves it out, with its reasons, since claiming it would count nothing.
 * - Compliant certificates are used first, then age-allowance ones; within a tier the oldest vintage end
 *   first (the vintage window closes on it first), then the earliest cancellation, then the id.
 */
export interface AllocationCandidate {
  certificateId: string;
  /** The claim the certificate would make: its remaining Wh in its facility's market. */
  claim: Re100ClaimInput;
}

export type AllocationTier = 'COMPLIANT' | 'AGE_ALLOWANCE';

export interface PlannedAllocation {
  certificateId: string;
  market: string;
  volumeWh: bigint;
  tier: AllocationTier;
}

export interface SkippedCandidate {
  certificateId: string;
  market: string;
  availableWh: bigint;
  reasons: ReasonCode[];
}

export interface MarketPlan {
  market: string;
  inScopeWh: bigint;
  eligibleWh: bigint;
  uncoveredWh: bigint;
  plannedWh: bigint;
  /** Still uncovered after the plan. */
  remainingWh: bigint;
}

export interface AutoAllocationPlan {
  rePercentBefore: string;
  /** The year evaluated again with the planned claims. */
  rePercentAfter: string;
  markets: MarketPlan[];
  allocations: PlannedAllocation[];
  skipped: SkippedCandidate[];
}

/** A rule the claim fails: an ineligibility, or the age limit. Caps and notes are not failures. */
const fails = (code: ReasonCode) => REASON_CODES[code].effect === 'INELIGIBLE' || code === 'FACILITY_TOO_OLD';
const trialId = (certificateId: string) => `auto-allocation:${certificateId}`;

export function planAutoAllocation(
  input: Re100YearInput,
  candidates: AllocationCandidate[],
  markets: string[] | null = null,
): AutoAllocationPlan {
  const before = evaluateRe100Year(input);
  const trial = evaluateRe100Year({
    ...input,
    claims: [...input.claims, ...candidates.map((c) => ({ ...c.claim, claimId: trialId(c.certificateId) }))],
  });
  const reasonsOf = new Map(trial.claims.map((v) => [v.claimId, v.reasons.filter(fails)]));

  const skipped: SkippedCandidate[] = [];
  const usable: (AllocationCandidate & { tier: AllocationTier })[] = [];
  for (const c of candidates) {
    const reasons = reasonsOf.get(trialId(c.certificateId)) ?? [];
    const tier =
      reasons.length === 0
        ? 'COMPLIANT'
        : reasons.every((r) => r === 'FACILITY_TOO_OLD')
          ? 'AGE_ALLOWANCE'
          : null;
    if (tier) usable.push({ ...c, tier });
    else
      skipped.push({
        certificateId: c.certificateId,
        market: c.claim.consumptionMarket,
        availableWh: c.claim.volumeWh,
        reasons,
      });
  }
  usable.sort(byPreference);

  let ageAllowanceLeft = before.totals.ageAllowance.remainingWh;
  const allocations: PlannedAllocation[] = [];
  const plans = before.markets
    .filter((m) => markets === null || markets.includes(m.market))
    .map((m): MarketPlan => {
      const uncoveredWh = m.inScopeWh - m.eligibleWh;
      let left = uncoveredWh;
      for (const c of usable) {
        if (left <= 0n) break;
        if (c.claim.consumptionMarket !== m.market) continue;
        let volumeWh = min(c.claim.volumeWh, left);
        if (c.tier === 'AGE_ALLOWANCE') volumeWh = min(volumeWh, ageAllowanceLeft);
        if (volumeWh <= 0n) continue;
        if (c.tier === 'AGE_ALLOWANCE') ageAllowanceLeft -= volumeWh;
        allocations.push({ certificateId: c.certificateId, market: m.market, volumeWh, tier: c.tier });
        left -= volumeWh;
      }
      return {
        market: m.market,
        inScopeWh: m.inScopeWh,
        eligibleWh: m.eligibleWh,
        uncoveredWh,
        plannedWh: uncoveredWh - left,
        remainingWh: left,
      };
    });

  const byId = new Map(candidates.map((c) => [c.certificateId, c.claim]));
  const after: Re100YearResult = allocations.length
    ? evaluateRe100Year({
        ...input,
        claims: [
          ...input.claims,
          ...allocations.map((a, i) => ({
            ...byId.get(a.certificateId)!,
            claimId: `planned:${i}`,
            volumeWh: a.volumeWh,
          })),
        ],
      })
    : before;
  return {
    rePercentBefore: before.totals.rePercent,
    rePercentAfter: after.totals.rePercent,
    markets: plans,
    allocations,
    skipped,
  };
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);

function byPreference(
  a: AllocationCandidate & { tier: AllocationTier },
  b: AllocationCandidate & { tier: AllocationTier },
): number {
  if (a.tier !== b.tier) return a.tier === 'COMPLIANT' ? -1 : 1;
  const [ia, ib] = [a.claim.instrument!, b.claim.instrument!];
  return (
    ia.vintageEnd.localeCompare(ib.vintageEnd) ||
    (ia.cancellationDate ?? '').localeCompare(ib.cancellationDate ?? '') ||
    a.certificateId.localeCompare(b.certificateId)
  );
}
