import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, READ_ROLES, Roles } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { ExplainQueryDto } from './dto/explain.dto';
import { ProgressQueryDto, SeriesQueryDto } from './dto/progress.dto';
import { Re100ExplainService } from './re100-explain.service';
import { Re100ProgressService } from './re100-progress.service';

@ApiTags('re100')
@ApiBearerAuth()
@ApiErrors(400, 401, 403, 404)
@Controller('re100')
export class Re100Controller {
  constructor(
    private readonly progress: Re100ProgressService,
    private readonly explanations: Re100ExplainService,
  ) {}

  /**
   * RE % of a reporting year under the ruleset of its period (RE100_TC_v4_1 before 2026, RE100_TC_v5_0
   * from 2026; `ruleset=` for the other): each claim's verdict with reasons, eligible energy capped per
   * market, the 15 % age allowance, breakdowns by market, country and procurement type, and the gap to the
   * trajectory.
   */
  @Get('progress')
  @Roles(...READ_ROLES)
  year(@Ctx() ctx: RequestContext, @Query() query: ProgressQueryDto) {
    return this.progress.year(ctx, query);
  }

  /**
   * RE % year by year against the target trajectory, the trajectory to the target year, and a forecast of
   * the years after `to` from contracts' expected volumes against the last ended year's consumption.
   */
  @Get('progress/series')
  @Roles(...READ_ROLES)
  series(@Ctx() ctx: RequestContext, @Query() query: SeriesQueryDto) {
    return this.progress.series(ctx, query);
  }

  /**
   * The inputs behind a figure so it can be re-performed: the RE % (default), one market's eligible energy
   * (`market=`) or one claim's verdict (`claimId=`) — consumption per site and meter with reading coverage,
   * claims with certificates, facilities and contracts, market boundaries and the ruleset's parameters.
   */
  @Get('explain')
  @Roles(...READ_ROLES)
  explain(@Ctx() ctx: RequestContext, @Query() query: ExplainQueryDto) {
    return this.explanations.explain(ctx, query);
  }
}
