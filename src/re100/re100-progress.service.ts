import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../auth/principal';
import { jsonSafe } from '../common/json-safe';
import { Organization } from '../organizations/organization.entity';
import { invalid } from '../common/app-error';
import { localDateOf } from '../common/zoned-time';
import { yearFinalized } from '../database/reporting-periods';
import { reportingYearOfLocalDate } from '../readings/reporting-year';
import {
  Re100ProgressDto,
  Re100SeriesDto,
  SeriesQueryDto,
  SeriesYearDto,
  TargetProgressDto,
} from './dto/progress.dto';
import {
  forecast,
  marketGaps,
  targetTrajectory,
  TrajectoryCommitment,
  TrajectoryPoint,
  yearGap,
} from './trajectory';
import { evaluateRe100Year, Re100YearResult } from './engine';
import { Re100InputsRepository } from './re100-inputs.repository';

interface Evaluated {
  result: Re100YearResult;
  periodStart: string;
  periodEnd: string;
  provisional: boolean;
}

/** RE % of reporting years, computed by the RE100 engine from rollups and claims (no raw reading is read). */
@Injectable()
export class Re100ProgressService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inputs: Re100InputsRepository,
  ) {}

  async year(ctx: RequestContext, year: number): Promise<Re100ProgressDto> {
    const [{ result, periodStart, periodEnd, provisional }, commitment] = await Promise.all([
      this.evaluate(ctx.organizationId, year),
      this.commitment(ctx.organizationId),
    ]);
    const trajectory = commitment && (await this.trajectory(ctx, commitment, year, year, [result]));
    const { share: _share, baseWh: _base, ...allowance } = result.totals.ageAllowance;
    return {
      year,
      periodStart,
      periodEnd,
      rulesetId: result.provenance.rulesetId,
      provisional,
      consumptionWh: result.totals.consumptionWh.toString(),
      excludedWh: result.totals.excludedWh.toString(),
      inScopeWh: result.totals.inScopeWh.toString(),
      eligibleWh: result.totals.eligibleWh.toString(),
      rePercent: result.totals.rePercent,
      ageAllowance: jsonSafe(allowance),
      markets: jsonSafe(result.markets),
      byCountry: jsonSafe(result.byCountry),
      byProcurementType: jsonSafe(
        result.byProcurementType,
      ) as unknown as Re100ProgressDto['byProcurementType'],
      claims: jsonSafe(result.claims) as unknown as Re100ProgressDto['claims'],
      excludedSites: jsonSafe(result.excludedSites) as unknown as Re100ProgressDto['excludedSites'],
      target: trajectory?.[0] ? targetOf(commitment!.targetYear, trajectory[0], result) : null,
      provenance: jsonSafe({
        ...result.provenance,
        ruleset: undefined,
        rulesetId: result.provenance.rulesetId,
      }),
    };
  }

  /**
   * Every reporting year from `from` to `to` on the trajectory, the trajectory itself up to the target
   * year, and a forecast for the years after `to`: contracts' expected volumes (those that convey their
   * certificates) against the in-scope consumption of the last year of the series that has ended.
   */
  async series(ctx: RequestContext, query: SeriesQueryDto, now = new Date()): Promise<Re100SeriesDto> {
    const org = await this.dataSource.getRepository(Organization).findOneByOrFail({ id: ctx.organizationId });
    const commitment = commitmentOf(org);
    const today = localDateOf(now, org.timeZone);
    const to = query.to ?? reportingYearOfLocalDate(today, org.reportingYearStartMonth);
    const from = query.from ?? Math.min(to, commitment?.baselineYear ?? to - 4);
    if (from > to) throw invalid('from', 'PERIOD_REVERSED', '`from` must not be after `to`');
    if (to - from > MAX_SERIES_YEARS) {
      throw invalid('to', 'SERIES_TOO_LONG', `A series covers at most ${MAX_SERIES_YEARS + 1} years`);
    }
    const evaluated: Evaluated[] = [];
    for (let year = from; year <= to; year++) evaluated.push(await this.evaluate(ctx.organizationId, year));
    const trajectory = commitment
      ? await this.trajectory(
          ctx,
          commitment,
          from,
          Math.max(to, commitment.targetYear),
          evaluated.map((e) => e.result),
        )
      : [];
    const pointOf = (year: number) => trajectory.find((p) => p.year === year);
    const years = evaluated.map(({ result, provisional, periodEnd }, i): SeriesYearDto => {
      const point = pointOf(from + i);
      const gap = point && yearGap(point.requiredPercent, result.totals.inScopeWh, result.totals.eligibleWh);
      return {
        year: from + i,
        periodEnd,
        provisional,
        inScopeWh: result.totals.inScopeWh.toString(),
        eligibleWh: result.totals.eligibleWh.toString(),
        rePercent: result.totals.rePercent,
        requiredPercent: point?.requiredPercent ?? null,
        requiredWh: gap ? gap.requiredWh.toString() : null,
        stillToProcureWh: gap ? gap.stillToProcureWh.toString() : null,
        status: gap?.status ?? null,
      };
    });
    const ended =
      [...evaluated].reverse().find((e) => e.periodEnd < today) ?? evaluated[evaluated.length - 1];
    const basedOnYear = ended.result.provenance.year;
    // Years after `to` up to the target that the trajectory covers (it starts at the baseline year).
    const forecastYears = trajectory.length
      ? Array.from({ length: Math.max(0, commitment!.targetYear - to) }, (_, i) => to + 1 + i).filter(
          (year) => year >= trajectory[0].year,
        )
      : [];
    return {
      from,
      to,
      rulesetId: ended.result.provenance.rulesetId,
      targetYear: commitment?.targetYear ?? null,
      years,
      trajectory,
      forecast: {
        basedOnYear,
        assumedConsumptionWh: ended.result.totals.inScopeWh.toString(),
        years: jsonSafe(
          forecast(
            forecastYears,
            await this.inputs.forecastContracts(ctx.organizationId, ended.periodStart),
            ended.result.totals.inScopeWh,
            trajectory,
            {
              startMonth: org.reportingYearStartMonth,
              marketConsumptionWh: new Map(ended.result.markets.map((m) => [m.market, m.inScopeWh])),
            },
          ),
        ),
      },
    };
  }

  private async evaluate(organizationId: string, year: number): Promise<Evaluated> {
    const [input, finalized] = await Promise.all([
      this.inputs.yearInput(organizationId, year),
      yearFinalized(this.dataSource, organizationId, year),
    ]);
    return {
      result: evaluateRe100Year(input),
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      provisional: !finalized,
    };
  }

  private async commitment(organizationId: string): Promise<TrajectoryCommitment | null> {
    return commitmentOf(
      await this.dataSource.getRepository(Organization).findOneByOrFail({ id: organizationId }),
    );
  }

  /**
   * The required RE % for [from, to] (RE100-TGT-1): linear from the baseline year's own RE %, computed by
   * the engine (taken from `known` when it holds the baseline year).
   */
  private async trajectory(
    ctx: RequestContext,
    commitment: TrajectoryCommitment,
    from: number,
    to: number,
    known: Re100YearResult[],
  ): Promise<TrajectoryPoint[]> {
    const baselineYear = commitment.baselineYear;
    const baseline = known.find((r) => r.provenance.year === baselineYear);
    const baselinePercent =
      baselineYear === null
        ? '0.00'
        : (baseline ?? evaluateRe100Year(await this.inputs.yearInput(ctx.organizationId, baselineYear)))
            .totals.rePercent;
    return targetTrajectory(commitment, baselinePercent, from, to);
  }
}

const MAX_SERIES_YEARS = 50;

function commitmentOf(org: Organization): TrajectoryCommitment | null {
  if (org.re100TargetYear === null) return null;
  return {
    targetYear: org.re100TargetYear,
    baselineYear: org.re100BaselineYear,
    milestones: org.re100Milestones,
  };
}

/** Where the year stands on the trajectory, and what is still to procure, in total and per market. */
function targetOf(targetYear: number, point: TrajectoryPoint, result: Re100YearResult): TargetProgressDto {
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
    requiredWh: gap.requiredWh.toString(),
    stillToProcureWh: gap.stillToProcureWh.toString(),
    status: gap.status,
    markets: jsonSafe(markets),
  };
}
