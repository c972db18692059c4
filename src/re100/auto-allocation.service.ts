import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../auth/principal';
import { jsonSafe } from '../common/json-safe';
import { findInOrganization } from '../database/find-in-organization';
import { AllocationsService, assertYearOpen } from '../procurement/allocations.service';
import { Certificate } from '../procurement/certificate.entity';
import { planAutoAllocation } from './auto-allocation';
import { AutoAllocateDto, AutoAllocationResultDto } from './dto/auto-allocation.dto';
import { Re100InputsRepository } from './re100-inputs.repository';

/** Plans, and unless it is a dry run writes, the claims that fill each market's uncovered consumption. */
@Injectable()
export class AutoAllocationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inputs: Re100InputsRepository,
    private readonly allocations: AllocationsService,
  ) {}

  async run(ctx: RequestContext, dto: AutoAllocateDto, dryRun: boolean): Promise<AutoAllocationResultDto> {
    const year = dto.reportingYear;
    await assertYearOpen(this.dataSource.manager, ctx, year);
    const [input, available] = await Promise.all([
      this.inputs.yearInput(ctx.organizationId, year),
      this.inputs.availableCertificates(ctx.organizationId, year),
    ]);
    const plan = planAutoAllocation(
      input,
      available.map((claim) => ({ certificateId: claim.claimId, claim })),
      dto.markets ?? null,
    );
    const written = dryRun ? [] : await this.write(ctx, year, plan.allocations);
    return {
      reportingYear: year,
      dryRun,
      committed: !dryRun && written.length > 0,
      rePercentBefore: plan.rePercentBefore,
      rePercentAfter: plan.rePercentAfter,
      markets: jsonSafe(plan.markets),
      allocations: plan.allocations.map((a, i) => ({
        ...jsonSafe(a),
        allocationId: written[i] ?? null,
      })),
      skipped: jsonSafe(plan.skipped),
    };
  }

  /**
   * All planned claims in one transaction: if another request took a certificate's energy meanwhile, the
   * database refuses the claim (409 `CERTIFICATE_OVER_ALLOCATED`) and nothing is written.
   */
  private write(
    ctx: RequestContext,
    reportingYear: number,
    planned: ReturnType<typeof planAutoAllocation>['allocations'],
  ): Promise<string[]> {
    return this.dataSource.transaction(async (em) => {
      await assertYearOpen(em, ctx, reportingYear);
      const ids: string[] = [];
      for (const a of planned) {
        const certificate = await findInOrganization(em, Certificate, ctx, a.certificateId, 'Certificate');
        const allocation = await this.allocations.insert(em, ctx, certificate, {
          reportingYear,
          consumptionMarket: a.market,
          siteIds: [],
          volumeWh: a.volumeWh,
        });
        ids.push(allocation.id);
      }
      return ids;
    });
  }
}
