import { whToMwh } from '../../common/energy';
import { Re100ProgressDto, Re100SeriesDto } from '../../re100/dto/progress.dto';
import { Scope2Dto } from '../../emissions/dto/scope2-response.dto';
import { DeclaredMilestone } from '../../re100/progress';

/** What the dashboard shows: the API's own figures, arranged; the only arithmetic is exact Wh sums. */
export interface DashboardView {
  year: number;
  years: number[];
  /** NO_DATA / ALL_EXCLUDED, or the target status (ON_TRACK, BEHIND, ACHIEVED, NO_TARGET). */
  status: string;
  provisional: boolean;
  rePercent: string | null;
  requiredPercent: string | null;
  /** The commitment's milestones (declared, RE100's defaults, the target), as the report shows them. */
  milestones: DeclaredMilestone[];
  nextMilestone: { year: number; requiredPercent: string } | null;
  targetYear: number | null;
  series: { year: number; rePercent: string | null; requiredPercent: string | null }[];
  trajectory: { year: number; requiredPercent: string; source: string }[];
  markets: { market: string; inScopeMwh: string; renewableMwh: string; nonRenewableMwh: string }[];
  mix: { type: number; volumeMwh: string; eligibleMwh: string }[];
  claimedMwh: string;
  recognisedMwh: string;
  scope2: { locationTCo2e: string; locationComplete: boolean; marketTCo2e: string; marketComplete: boolean };
  stillToProcure: { totalMwh: string | null; markets: { market: string; mwh: string }[] };
  metersWithProblems: number;
}

export function dashboardView(input: {
  progress: Re100ProgressDto;
  series: Re100SeriesDto;
  scope2: Scope2Dto;
  milestones: DeclaredMilestone[];
  metersWithProblems: number;
}): DashboardView {
  const { progress, series, scope2, milestones } = input;
  const next = milestones.find((m) => m.year > progress.year) ?? null;
  const claimedWh = progress.markets.reduce((sum, m) => sum + BigInt(m.claimedWh), 0n);
  return {
    year: progress.year,
    years: series.years.map((y) => y.year),
    status: progress.status,
    provisional: progress.provisional,
    rePercent: progress.rePercent,
    requiredPercent: progress.target?.requiredPercent ?? null,
    milestones,
    nextMilestone: next && { year: next.year, requiredPercent: next.percent },
    targetYear: series.targetYear,
    series: series.years.map((y) => ({
      year: y.year,
      rePercent: y.rePercent,
      requiredPercent: y.requiredPercent,
    })),
    trajectory: series.trajectory,
    markets: progress.markets.map((m) => {
      // Recognised energy beyond the market's consumption is capped (cappedWh): eligibleWh never exceeds it.
      const nonRenewable = BigInt(m.inScopeWh) - BigInt(m.eligibleWh);
      return {
        market: m.market,
        inScopeMwh: m.inScopeMwh,
        renewableMwh: m.eligibleMwh,
        nonRenewableMwh: whToMwh(nonRenewable > 0n ? nonRenewable : 0n),
      };
    }),
    mix: progress.byProcurementType.map((t) => ({
      type: t.type,
      volumeMwh: t.volumeMwh,
      eligibleMwh: t.eligibleMwh,
    })),
    claimedMwh: whToMwh(claimedWh),
    recognisedMwh: progress.eligibleMwh,
    scope2: {
      locationTCo2e: scope2.organization.locationBased.tCo2e,
      locationComplete: scope2.organization.locationBased.complete,
      marketTCo2e: scope2.organization.marketBased.tCo2e,
      marketComplete: scope2.organization.marketBased.complete,
    },
    stillToProcure: {
      totalMwh: progress.target?.stillToProcureMwh ?? null,
      markets: (progress.target?.markets ?? []).map((m) => ({ market: m.market, mwh: m.stillToProcureMwh })),
    },
    metersWithProblems: input.metersWithProblems,
  };
}
