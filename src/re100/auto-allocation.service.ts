import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../auth/principal';
import { jsonSafe } from '../common/json-safe';
import { findInOrganization } from '../database/find-in-organization';
import { AllocationsService, assertYearOpen } from '../procurement/allocations.service';
import { Certificate } from '../procurement/certificate.entity';
import { AutoAllocationPlan, planAutoAllocation } from './auto-allocation';
import { AutoAllocateDto, AutoAllocationResultDto } from './dto/auto-allocation.dto';
import { Re100InputsRepository } from './re100-inputs.repository';

/**
 * Plans, and unless it is a dry run writes, the claims that fill each market's uncovered consumption. The
 * writing is all or nothing: a certificate taken meanwhile by a single claim makes the database refuse
 * the run's claim of it (409 `CERTIFICATE_OVER_ALLOCATED`).
 */
@Injectable()
export class AutoAllocationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inputs: Re100InputsRepository,
    private readonly allocations: AllocationsService,
  ) {}

  async run(ctx: RequestContext, dto: AutoAllocateDto, dryRun: boolean): Promise<AutoAllocationResultDto> {
    const year = dto.reportingYear;
    if (dryRun) {
      await assertYearOpen(this.dataSource.manager, ctx, year);
      return view(year, true, await this.plan(ctx, dto), []);
    }
    // One run at a time per organization and year: each plans from what the previous one committed, so
    // two runs never fill the same uncovered energy with different certificates.
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `auto-allocation:${ctx.organizationId}:${year}`,
      ]);
      await assertYearOpen(em, ctx, year);
      const plan = await this.plan(ctx, dto);
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

  /** The plan from the committed state of the year (read outside the caller's transaction). */
  private async plan(ctx: RequestContext, dto: AutoAllocateDto): Promise<AutoAllocationPlan> {
    const [input, available] = await Promise.all([
      this.inputs.yearInput(ctx.organizationId, dto.reportingYear),
      this.inputs.availableCertificates(ctx.organizationId, dto.reportingYear),
    ]);
    return planAutoAllocation(
      input,
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
