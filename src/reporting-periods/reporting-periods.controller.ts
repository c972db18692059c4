import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, READ_ROLES, Roles } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { PageQueryDto } from '../common/page-query.dto';
import {
  FinalizeReportingPeriodDto,
  ReopenReportingPeriodDto,
  ReportingYearParamDto,
} from './dto/reporting-period.dto';
import { ReportingPeriodsService } from './reporting-periods.service';

@ApiTags('reporting-periods')
@ApiBearerAuth()
@ApiErrors()
@Controller('reporting-periods')
export class ReportingPeriodsController {
  constructor(private readonly periods: ReportingPeriodsService) {}

  /** Reporting years that were ever finalized, newest first, with their state (a year not listed is open). */
  @Get()
  @Roles(...READ_ROLES)
  list(@Ctx() ctx: RequestContext, @Query() page: PageQueryDto) {
    return this.periods.list(ctx, page);
  }

  /**
   * Finalizes a reporting year from a ready report of it (admin): its readings, claims, factor choice and
   * the records behind them no longer change (409 `PERIOD_LOCKED`), its factor set is pinned, and a signed
   * audit checkpoint is recorded. The report's figures must still be the data's (409 `REPORT_OUTDATED`);
   * a finalized year answers 409 `PERIOD_ALREADY_FINALIZED` until it is reopened.
   */
  @Post(':year/finalize')
  @Roles('admin')
  @HttpCode(200)
  finalize(
    @Ctx() ctx: RequestContext,
    @Param() param: ReportingYearParamDto,
    @Body() dto: FinalizeReportingPeriodDto,
  ) {
    return this.periods.finalize(ctx, param.year, dto.reportId);
  }

  /** Reopens a finalized year (admin), with the reason, kept in the audit log. */
  @Post(':year/reopen')
  @Roles('admin')
  @HttpCode(200)
  reopen(
    @Ctx() ctx: RequestContext,
    @Param() param: ReportingYearParamDto,
    @Body() dto: ReopenReportingPeriodDto,
  ) {
    return this.periods.reopen(ctx, param.year, dto.reason);
  }
}
