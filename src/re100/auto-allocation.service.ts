import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../auth/principal';
import { jsonSafe } from '../common/json-safe';
import { findInOrganization } from '../database/find-in-organization';
import { AllocationsService } from '../procurement/allocations.service';
import { ReportingPeriodsService } from '../reporting-periods/reporting-periods.service';
import { Certificate } from '../procurement/certificate.entity';
import { AutoAllocationPlan, planAutoAllocation } from './auto-allocation';
import { AutoAllocateDto, AutoAllocationResultDto } from './dto/auto-allocation.dto';
import { YearFiguresService } from '../figures/year-figures.service';

/**
 * Plans, and unless it is a dry run writes, the claims that fill each market's uncovered consumption. The
 * writing is all or nothing: a certificate taken meanwhile by a single claim makes the database refuse
 * the run's claim of it (409 `CERTIFICATE_OVER_ALLOCATED`).
 */
@Injectable()
export class AutoAllocationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly figures: YearFiguresService,
    private readonly allocations: AllocationsService,
    private readonly periods: ReportingPeriodsService,
  ) {}

  async run(ctx: RequestContext, dto: AutoAllocateDto, dryRun: boolean): Promise<AutoAllocationResultDto> {
    const year = dto.reportingYear;
    if (dryRun) {
      return this.dataSource.transaction('REPEATABLE READ', async (em) => {
        await this.periods.assertOpen(em, ctx, year);
        return view(year, true, await this.plan(em, ctx, dto), []);
      });
    }
    // One run at a time per organization and year: each plans from what the previous one committed, so
    // two runs never fill the same uncovered energy with different certificates.
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `auto-allocation:${ctx.organizationId}:${year}`,
      ]);
      await this.periods.assertOpen(em, ctx, year);
      const plan = await this.plan(em, ctx, dto);
      const written: string[] = [];
      for (const a of plan.allocations) {
        const certificate = await findInOrganization(em, Certificate, ctx, a.certificateId, 'Certificate');
        const allocation = await this.allocations.insert(em, ctx, certificate, {
          reportingYear: year,
          consumptionMarket: a.market,
          siteIds: [],
          volumeWh: a.volumeWh,
        });
        written.push(allocation.id);
      }
      return view(year, false, plan, written);
    });
  }

  /** The plan from the year's figures, read in the run's transaction (after its lock). */
  private async plan(
    em: EntityManager,
    ctx: RequestContext,
    dto: AutoAllocateDto,
  ): Promise<AutoAllocationPlan> {
    const figures = await this.figures.load(em, ctx.organizationId, { year: dto.reportingYear });
    const available = await this.figures.availableCertificates(em, figures);
    return planAutoAllocation(
      figures.re100,
      available.map((claim) => ({ certificateId: claim.claimId, claim })),
      dto.markets ?? null,
    );
  }
}

function view(
  reportingYear: number,
  dryRun: boolean,
  plan: AutoAllocationPlan,
  written: string[],
): AutoAllocationResultDto {
  return {
    reportingYear,
    dryRun,
    committed: written.length > 0,
    rePercentBefore: plan.rePercentBefore,
    rePercentAfter: plan.rePercentAfter,
    markets: jsonSafe(plan.markets),
    allocations: plan.allocations.map((a, i) => ({ ...jsonSafe(a), allocationId: written[i] ?? null })),
    skipped: jsonSafe(plan.skipped),
  };
}
