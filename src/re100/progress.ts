import { defaultMilestones } from './commitment';
import type { YearFigures } from '../figures/year-figures';
import type { TargetProgressDto } from './dto/progress.dto';
import { evaluateRe100Year, Re100YearResult } from './engine';
import { jsonWithMwh } from '../common/json-safe';
import { marketGaps, targetTrajectory, TrajectoryCommitment, TrajectoryPoint, yearGap } from './trajectory';

/*
 * RE100 progress presented from a year's figures: the pure part shared by the progress API and the reports,
 * so both show the same status, trajectory and gap for the same figures.
 */

/** How the figures are rounded: every answer says so beside them. */
export const ROUNDING = Object.freeze({
  rePercent:
    'Eligible ÷ in-scope consumption × 100, rounded down to 2 decimals (never overstated, at most 100.00); ' +
    '100.00 means every in-scope Wh is covered.',
  requiredPercent: 'Rounded up to 2 decimals (a requirement is never understated).',
  mwh: 'Exact Wh are the figures; MWh beside them have 3 decimals, rounded half away from zero.',
});

/**
 * A year's status before any target: NO_DATA without consumption, ALL_EXCLUDED when every site's
 * consumption is excluded; then there is no RE % to speak of, and the figures that depend on it are null.
 */
export type DataStatus = 'NO_DATA' | 'ALL_EXCLUDED';

export function dataStatusOf(result: Re100YearResult): DataStatus | null {
  if (result.totals.consumptionWh === 0n) return 'NO_DATA';
  if (result.totals.inScopeWh === 0n) return 'ALL_EXCLUDED';
  return null;
}

/**
 * The required RE % for [from, to] (RE100-TGT-1): linear from the baseline year's own RE % (computed by the
 * engine under that year's ruleset), or from 0 % when the baseline year has no in-scope consumption.
 */
/**
 * The engine's result for a year's figures, computed once per figures object: the presenters of one read
 * (a year, its series, the baseline of its trajectory) share it instead of evaluating the year again.
 * The engine is pure and its input is not changed after the read, so the result is the same either way.
 */
const evaluations = new WeakMap<YearFigures['re100'], Re100YearResult>();
export function evaluated(figures: Pick<YearFigures, 're100'>): Re100YearResult {
  let result = evaluations.get(figures.re100);
  if (!result) {
    result = evaluateRe100Year(figures.re100);
    evaluations.set(figures.re100, result);
  }
  return result;
}

export function trajectoryOf(
  commitment: TrajectoryCommitment | null,
  baseline: YearFigures | null,
  from: number,
  to: number,
): TrajectoryPoint[] {
  if (!commitment) return [];
  const result = baseline && evaluated(baseline);
  const baselinePercent = result && dataStatusOf(result) === null ? result.totals.rePercent : '0.00';
  return targetTrajectory(commitment, baselinePercent, from, to);
}

/** Where the year stands on the trajectory, and what is still to procure, in total and per market. */
export function targetOf(
  targetYear: number,
  point: TrajectoryPoint,
  result: Re100YearResult,
): TargetProgressDto {
  const gap = yearGap(point.requiredPercent, result.totals.inScopeWh, result.totals.eligibleWh);
  const markets = marketGaps(
    point.requiredPercent,
    result.markets.map((m) => ({
      market: m.market,
      inScopeConsumptionWh: m.inScopeWh,
      eligibleWh: m.eligibleWh,
    })),
  );
  return {
    targetYear,
    requiredPercent: point.requiredPercent,
    source: point.source,
    status: gap.status,
    ...jsonWithMwh({
      requiredWh: gap.requiredWh,
      stillToProcureWh: gap.stillToProcureWh,
      belowTrajectoryInMarketsWh: markets.reduce((s, m) => s + m.belowTrajectoryWh, 0n),
    }),
    markets: jsonWithMwh(markets),
  } as TargetProgressDto;
}

/** A milestone of the commitment as reports and pages show it: declared (or RE100's default), or the target. */
export interface DeclaredMilestone {
  year: number;
  percent: string;
  kind: 'MILESTONE' | 'TARGET';
}

/**
 * The commitment's milestones before its target year — the declared ones, then RE100's 60 % by 2030 and
 * 90 % by 2040 where none is declared for that year (RE100-TGT-1) — and the target year at 100 %.
 */
export function declaredMilestones(commitment: TrajectoryCommitment | null): DeclaredMilestone[] {
  if (!commitment) return [];
  return [
    ...[...commitment.milestones, ...defaultMilestones(commitment.targetYear)]
      .filter((m, i, all) => m.year < commitment.targetYear && all.findIndex((n) => n.year === m.year) === i)
      .sort((a, b) => a.year - b.year)
      .map((m) => ({ year: m.year, percent: m.percent.toFixed(2), kind: 'MILESTONE' as const })),
    { year: commitment.targetYear, percent: '100.00', kind: 'TARGET' as const },
  ];
}
