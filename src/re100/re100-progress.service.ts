import { Injectable } from '@nestjs/common';
import { RequestContext } from '../auth/principal';
import { invalid } from '../common/app-error';
import { jsonSafe, jsonWithMwh } from '../common/json-safe';
import { localDateOf } from '../common/zoned-time';
import { YearFigures } from '../figures/year-figures';
import { YearFiguresService } from '../figures/year-figures.service';
import { reportingYearOfLocalDate } from '../readings/reporting-year';
import {
  ProgressQueryDto,
  Re100ProgressDto,
  Re100SeriesDto,
  SeriesQueryDto,
  SeriesYearDto,
} from './dto/progress.dto';
import { dataStatusOf, evaluated, ROUNDING, targetOf, trajectoryOf } from './progress';
import { forecast, marketGaps, yearGap } from './trajectory';

export { dataStatusOf, ROUNDING };
export type { DataStatus } from './progress';

const MAX_SERIES_YEARS = 50;

/** The reporting years of a series, and today in the organization's zone (the forecast starts after it). */
export interface SeriesSpan {
  from: number;
  to: number;
  today: string;
}

/**
 * RE % of reporting years: presenters of `YearFigures` (one consistent read per request) evaluated by the
 * RE100 engine, measured against the commitment's trajectory.
 */
@Injectable()
export class Re100ProgressService {
  constructor(private readonly figures: YearFiguresService) {}

  async year(ctx: RequestContext, query: ProgressQueryDto): Promise<Re100ProgressDto> {
    const { years, baseline } = await this.figures.years(ctx.organizationId, [
      { year: query.year, rulesetId: query.ruleset },
    ]);
    return presentYear(years[0], baseline);
  }

  /**
   * Every reporting year from `from` to `to` on the trajectory, the trajectory itself up to the target
   * year, and a forecast for the years after `to`: contracts' expected volumes (those that convey their
   * certificates) against the in-scope consumption of the last year of the series that has ended.
   */
  async series(ctx: RequestContext, query: SeriesQueryDto, now = new Date()): Promise<Re100SeriesDto> {
    const span = await this.seriesSpan(ctx, query, now);
    const requested = Array.from({ length: span.to - span.from + 1 }, (_, i) => ({
      year: span.from + i,
      rulesetId: query.ruleset,
    }));
    const { years, baseline } = await this.figures.years(ctx.organizationId, requested);
    return presentSeries(years, baseline, span);
  }

  /** The series' years: by default from the baseline year (or four years back) to the current year. */
  async seriesSpan(ctx: RequestContext, query: SeriesQueryDto, now = new Date()): Promise<SeriesSpan> {
    const { timeZone, reportingYearStartMonth, commitment } = await this.figures.organization(
      ctx.organizationId,
    );
    const today = localDateOf(now, timeZone);
    const to = query.to ?? reportingYearOfLocalDate(today, reportingYearStartMonth);
    const from = query.from ?? Math.min(to, commitment?.baselineYear ?? to - 4);
    if (from > to) throw invalid('from', 'PERIOD_REVERSED', '`from` must not be after `to`');
    if (to - from > MAX_SERIES_YEARS) {
      throw invalid('to', 'RANGE_TOO_LONG', `A series covers at most ${MAX_SERIES_YEARS + 1} years`);
    }
    return { from, to, today };
  }
}

/** The progress of one reporting year: a presenter of its figures (and the baseline year's, for the trajectory). */
export function presentYear(figures: YearFigures, baseline: YearFigures | null): Re100ProgressDto {
  const year = figures.year;
  const result = evaluated(figures);
  const status = dataStatusOf(result);
  const point = trajectoryOf(figures.commitment, baseline, year, year)[0];
  const target = point && status === null ? targetOf(figures.commitment!.targetYear, point, result) : null;
  const { share: _share, ...allowance } = result.totals.ageAllowance;
  return {
    year,
    periodStart: figures.periodStart,
    periodEnd: figures.periodEnd,
    rulesetId: result.provenance.rulesetId,
    rulesetForPeriod: figures.rulesetForPeriod,
    provisional: !figures.finalized,
    status: status ?? target?.status ?? 'NO_TARGET',
    ...jsonWithMwh({
      consumptionWh: result.totals.consumptionWh,
      excludedWh: result.totals.excludedWh,
      inScopeWh: result.totals.inScopeWh,
      eligibleWh: result.totals.eligibleWh,
    }),
    rePercent: status ? null : result.totals.rePercent,
    rounding: ROUNDING,
    ageAllowance: jsonWithMwh(allowance),
    markets: jsonWithMwh(result.markets),
    byCountry: jsonWithMwh(result.byCountry),
    byProcurementType: jsonWithMwh(
      result.byProcurementType,
    ) as unknown as Re100ProgressDto['byProcurementType'],
    claims: jsonWithMwh(result.claims) as unknown as Re100ProgressDto['claims'],
    excludedSites: jsonWithMwh(result.excludedSites) as unknown as Re100ProgressDto['excludedSites'],
    target,
    provenance: jsonSafe({ ...result.provenance, ruleset: undefined }),
  };
}

/** The years of a span (in order), the trajectory to the target year and the forecast after it. */
export function presentSeries(
  years: YearFigures[],
  baseline: YearFigures | null,
  span: SeriesSpan,
): Re100SeriesDto {
  const evaluatedYears = years.map((figures) => ({ figures, result: evaluated(figures) }));
  const commitment = years[0].commitment;
  const trajectory = trajectoryOf(
    commitment,
    baseline,
    span.from,
    Math.max(span.to, commitment?.targetYear ?? span.to),
  );
  const pointOf = (year: number) => trajectory.find((p) => p.year === year);
  const seriesYears = evaluatedYears.map(({ figures, result }): SeriesYearDto => {
    const status = dataStatusOf(result);
    const point = pointOf(figures.year);
    const gap =
      point && status === null
        ? yearGap(point.requiredPercent, result.totals.inScopeWh, result.totals.eligibleWh)
        : null;
    const markets =
      gap &&
      marketGaps(
        point!.requiredPercent,
        result.markets.map((m) => ({
          market: m.market,
          inScopeConsumptionWh: m.inScopeWh,
          eligibleWh: m.eligibleWh,
        })),
      );
    return {
      year: figures.year,
      periodEnd: figures.periodEnd,
      rulesetId: result.provenance.rulesetId,
      provisional: !figures.finalized,
      status: status ?? gap?.status ?? (point ? null : 'NO_TARGET'),
      ...jsonWithMwh({ inScopeWh: result.totals.inScopeWh, eligibleWh: result.totals.eligibleWh }),
      rePercent: status ? null : result.totals.rePercent,
      requiredPercent: point?.requiredPercent ?? null,
      ...jsonWithMwh({
        requiredWh: gap?.requiredWh ?? null,
        stillToProcureWh: gap?.stillToProcureWh ?? null,
        belowTrajectoryInMarketsWh: markets ? markets.reduce((s, m) => s + m.belowTrajectoryWh, 0n) : null,
      }),
    } as SeriesYearDto;
  });
  // The forecast holds the last ended year with consumption flat.
  const today = span.today;
  const ended =
    [...evaluatedYears].reverse().find((e) => e.figures.periodEnd < today) ??
    evaluatedYears[evaluatedYears.length - 1];
  const basis = ended.figures;
  const forecastStatus = dataStatusOf(ended.result);
  const forecastYears =
    trajectory.length && forecastStatus === null
      ? Array.from(
          { length: Math.max(0, commitment!.targetYear - span.to) },
          (_, i) => span.to + 1 + i,
        ).filter((year) => year >= trajectory[0].year)
      : [];
  return {
    from: span.from,
    to: span.to,
    rulesetId: ended.result.provenance.rulesetId,
    targetYear: commitment?.targetYear ?? null,
    rounding: ROUNDING,
    years: seriesYears,
    trajectory,
    forecast: {
      basedOnYear: basis.year,
      status: forecastStatus,
      ...jsonWithMwh({ assumedConsumptionWh: forecastStatus ? null : ended.result.totals.inScopeWh }),
      years: jsonWithMwh(
        forecast(forecastYears, basis.forecastContracts, ended.result.totals.inScopeWh, trajectory, {
          startMonth: basis.reportingYearStartMonth,
          marketConsumptionWh: new Map(ended.result.markets.map((m) => [m.market, m.inScopeWh])),
        }),
      ),
    },
  } as Re100SeriesDto;
}
