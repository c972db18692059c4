import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../auth/principal';
import { jsonSafe } from '../common/json-safe';
import { Organization } from '../organizations/organization.entity';
import { Re100ProgressDto, TargetProgressDto } from './dto/progress.dto';
import { marketGaps, targetTrajectory, yearGap } from './trajectory';
import { evaluateRe100Year, Re100YearResult } from './engine';
import { Re100InputsRepository } from './re100-inputs.repository';

/** RE % of a reporting year, computed by the RE100 engine from rollups and claims (no raw reading is read). */
@Injectable()
export class Re100ProgressService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inputs: Re100InputsRepository,
  ) {}

  /** Where the year stands on the organization's trajectory, and what is still to procure (RE100-TGT-1). */
  private async target(
    ctx: RequestContext,
    year: number,
    result: Re100YearResult,
  ): Promise<TargetProgressDto | null> {
    const org = await this.dataSource.getRepository(Organization).findOneByOrFail({ id: ctx.organizationId });
    if (org.re100TargetYear === null) return null;
    const commitment = {
      targetYear: org.re100TargetYear,
      baselineYear: org.re100BaselineYear,
      milestones: org.re100Milestones,
    };
    const baselineYear = commitment.baselineYear;
    const baselinePercent =
      baselineYear === null
        ? '0.00'
        : baselineYear === year
          ? result.totals.rePercent
          : evaluateRe100Year(await this.inputs.yearInput(ctx.organizationId, baselineYear)).totals.rePercent;
    const [point] = targetTrajectory(commitment, baselinePercent, year, year);
    if (!point) return null;
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
      targetYear: commitment.targetYear,
      requiredPercent: point.requiredPercent,
      source: point.source,
      requiredWh: gap.requiredWh.toString(),
      stillToProcureWh: gap.stillToProcureWh.toString(),
      status: gap.status,
      markets: jsonSafe(markets),
    };
  }

  async year(ctx: RequestContext, year: number): Promise<Re100ProgressDto> {
    const [input, [period]] = await Promise.all([
      this.inputs.yearInput(ctx.organizationId, year),
      this.dataSource.query('SELECT status FROM reporting_periods WHERE organization_id = $1 AND year = $2', [
        ctx.organizationId,
        year,
      ]),
    ]);
    const result = evaluateRe100Year(input);
    const target = await this.target(ctx, year, result);
    const { share: _share, baseWh: _base, ...allowance } = result.totals.ageAllowance;
    return {
      year,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      rulesetId: result.provenance.rulesetId,
      provisional: period?.status !== 'finalized',
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
      target,
      provenance: jsonSafe({
        ...result.provenance,
        ruleset: undefined,
        rulesetId: result.provenance.rulesetId,
      }),
    };
  }
}
