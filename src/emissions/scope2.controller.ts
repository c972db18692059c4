import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, READ_ROLES, Roles } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { ReportingYearDto } from './dto/factor-set.dto';
import { Scope2ExplainQueryDto } from './dto/scope2-query.dto';
import { Scope2ExplainService } from './scope2-explain.service';
import { Scope2Service } from './scope2.service';

@ApiTags('emissions')
@ApiBearerAuth()
@ApiErrors(400, 401, 403, 404)
@Controller('emissions/scope2')
export class Scope2Controller {
  constructor(
    private readonly scope2: Scope2Service,
    private readonly explanation: Scope2ExplainService,
  ) {}

  /**
   * Scope 2 of a reporting year in t CO2e, location- and market-based, for the organization, by country and
   * by site, each slice with its factor, tier and source; provisional until the year is finalized.
   */
  @Get()
  @Roles(...READ_ROLES)
  year(@Ctx() ctx: RequestContext, @Query() query: ReportingYearDto) {
    return this.scope2.year(ctx, query.year);
  }

  /**
   * The inputs of the figures: consumption per site with its reading coverage, the claims and certificates
   * used as renewable slices and those left out, every factor row, the ruleset and factor set.
   */
  @Get('explain')
  @Roles(...READ_ROLES)
  explain(@Ctx() ctx: RequestContext, @Query() query: Scope2ExplainQueryDto) {
    return this.explanation.explain(ctx, query.year, query.siteId ?? null);
  }
}
