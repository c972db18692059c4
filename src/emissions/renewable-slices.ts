import type { ClaimVerdict, Re100YearInput, Re100YearResult } from '../re100/engine/types';
import { apportion } from '../re100/trajectory';
import { RENEWABLE_TECHNOLOGIES, RenewableTechnology, Scope2RenewableSliceInput } from './scope2';

/**
 * Market-based renewable slices from the RE100 verdicts of a year (S2-QC, S2-MB-1). Pure: plain inputs and
 * results, no Nest, TypeORM or I/O.
 *
 * S2-QC asks that an instrument conveys the attribute, is the only claim on it, is retired by or for the
 * reporter, is close in time to the consumption and comes from the same market. The RE100 verdict checks each
 * of these (RE100-CLAIM-1 retirement and beneficiary, RE100-CLAIM-2 and invariant 4 single claim and null
 * power, RE100-CLAIM-3 vintage window, RE100-MB-1 market boundary), so a claim's eligible Wh are the energy
 * that meets S2-QC. Its ineligible Wh are no slice: they stay in the site's remainder, at the residual mix
 * or the grid average (S2-QC fallback).
 *
 * A claim is for a market, sometimes for named sites; Scope 2 is per site. Eligible Wh are placed on sites in
 * this order, each site taking at most its consumption not yet covered by earlier claims:
 *   1. the claim's own sites, by id;
 *   2. the other sites of its consumption country (the claim's, else the verdict's), by id;
 *   3. what is left, over the other sites of its market in proportion to their room (largest remainder),
 *      so the result does not depend on which country's site happens to sort first.
 * Claims are placed in verdict order (the engine's order), so the result is deterministic. The engine caps
 * eligible Wh at the market's in-scope consumption (RE100-CALC-1), which is never more than the market's
 * consumption, so every eligible Wh finds a site; anything that would not is reported as `unplaced`.
 */

export interface RenewablePlacement {
  claimId: string;
  siteId: string;
  wh: bigint;
}

/** A claim of the year that gives no renewable slice, or only part of its volume. */
export interface ClaimNotUsed {
  claimId: string;
  status: ClaimVerdict['status'];
  volumeWh: bigint;
  eligibleWh: bigint;
  /** Volume that falls back to the site's remainder. */
  notUsedWh: bigint;
  reasons: string[];
}

export interface RenewableSlices {
  /** The slices of each site with consumption, in placement order. */
  bySite: Map<string, Scope2RenewableSliceInput[]>;
  placements: RenewablePlacement[];
  /** Claims with ineligible Wh (fully or partly), in verdict order. */
  notUsed: ClaimNotUsed[];
  /** Eligible Wh that found no site with room left (not expected; reported rather than dropped silently). */
  unplaced: { claimId: string; wh: bigint }[];
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const isRenewable = (technology: string): technology is RenewableTechnology =>
  (RENEWABLE_TECHNOLOGIES as readonly string[]).includes(technology);

export function renewableSlices(input: Re100YearInput, result: Re100YearResult): RenewableSlices {
  const room = new Map(input.sites.map((s) => [s.siteId, s.consumptionWh]));
  const country = new Map(input.sites.map((s) => [s.siteId, s.country]));
  const marketSites = new Map(result.markets.map((m) => [m.market, [...m.siteIds].sort(byId)]));
  const claims = new Map(input.claims.map((c) => [c.claimId, c]));
  const out: RenewableSlices = { bySite: new Map(), placements: [], notUsed: [], unplaced: [] };

  for (const verdict of result.claims) {
    const claim = claims.get(verdict.claimId);
    const eligible = claim && isRenewable(claim.technology) ? verdict.eligibleWh : 0n;
    if (eligible < verdict.volumeWh)
      out.notUsed.push({
        claimId: verdict.claimId,
        status: verdict.status,
        volumeWh: verdict.volumeWh,
        eligibleWh: eligible,
        notUsedWh: verdict.volumeWh - eligible,
        reasons: [...verdict.reasons],
      });
    if (!claim || eligible <= 0n || !isRenewable(claim.technology)) continue;

    const inMarket = marketSites.get(verdict.market) ?? [];
    const own = [...(claim.siteIds ?? [])].filter((id) => inMarket.includes(id)).sort(byId);
    const claimCountry = claim.consumptionCountry ?? verdict.basis.consumptionCountry;
    const sameCountry = inMarket.filter((id) => country.get(id) === claimCountry);
    const first = [...new Set([...own, ...sameCountry])];
    const others = inMarket.filter((id) => !first.includes(id));

    const technology: RenewableTechnology = claim.technology;
    let left = eligible;
    const place = (siteId: string, wh: bigint) => {
      if (wh <= 0n) return;
      room.set(siteId, (room.get(siteId) ?? 0n) - wh);
      left -= wh;
      out.placements.push({ claimId: claim.claimId, siteId, wh });
      const slices = out.bySite.get(siteId) ?? [];
      slices.push({
        claimId: claim.claimId,
        wh,
        technology,
        instrumentType: claim.instrument?.type ?? null,
        procurementMethod: claim.krTag ?? claim.method,
      });
      out.bySite.set(siteId, slices);
    };
    for (const siteId of first) {
      const free = room.get(siteId) ?? 0n;
      place(siteId, free < left ? free : left);
    }
    const rooms = others.map((id) => room.get(id) ?? 0n);
    const total = rooms.reduce((a, b) => a + b, 0n);
    const shares = apportion(left < total ? left : total, rooms);
    others.forEach((siteId, i) => place(siteId, shares[i]));
    if (left > 0n) out.unplaced.push({ claimId: claim.claimId, wh: left });
  }
  return out;
}
