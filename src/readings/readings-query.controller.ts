import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, READ_ROLES, Roles } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ConsumptionService } from './consumption.service';
import { DataQualityService } from './data-quality.service';
import { ReadingsQueryService } from './readings-query.service';
import {
  ConsumptionQueryDto,
  DataQualityQueryDto,
  ListReadingsQueryDto,
  ListRevisionsQueryDto,
  MeterYearQueryDto,
} from './dto/consumption.dto';

@ApiTags('consumption')
@ApiBearerAuth()
@ApiErrors(400, 401, 403, 404, 422)
@Controller()
export class ReadingsQueryController {
  constructor(
    private readonly consumption: ConsumptionService,
    private readonly quality: DataQualityService,
    private readonly readingsQuery: ReadingsQueryService,
  ) {}

  /**
   * Energy per site-local hour, day, month or year for a meter, a site, a country or the organization:
   * import, export, generation, consumption (import + generation − export per site and site-local day, never
   * below 0), estimated share. Days and longer come from rollups.
   */
  @Get('consumption')
  @Roles(...READ_ROLES)
  series(@Ctx() ctx: RequestContext, @Query() query: ConsumptionQueryDto) {
    return this.consumption.series(ctx, query);
  }

  /** Raw readings of a meter for a period, oldest first, each with its correction history. */
  @Get('meters/:meterId/readings')
  @Roles(...READ_ROLES)
  readings(
    @Ctx() ctx: RequestContext,
    @Param('meterId', ParseIdPipe) meterId: string,
    @Query() query: ListReadingsQueryDto,
  ) {
    return this.readingsQuery.readings(ctx, meterId, query);
  }

  /**
   * The revision history of a meter's readings in a period: every correction and every void (who, when,
   * the old value, the reason given), voided readings included, which `readings` no longer lists.
   */
  @Get('meters/:meterId/readings/revisions')
  @Roles(...READ_ROLES)
  revisions(
    @Ctx() ctx: RequestContext,
    @Param('meterId', ParseIdPipe) meterId: string,
    @Query() query: ListRevisionsQueryDto,
  ) {
    return this.readingsQuery.revisions(ctx, meterId, query);
  }

  /** One meter in a reporting year: expected (DST-aware) and received intervals, gaps, estimated share, last reading. */
  @Get('meters/:meterId/data-quality')
  @Roles(...READ_ROLES)
  meterQuality(
    @Ctx() ctx: RequestContext,
    @Param('meterId', ParseIdPipe) meterId: string,
    @Query() query: MeterYearQueryDto,
  ) {
    return this.quality.forMeter(ctx, meterId, query.year);
  }

  /** Meters with gaps or stale data in a reporting year. */
  @Get('data-quality')
  @Roles(...READ_ROLES)
  problems(@Ctx() ctx: RequestContext, @Query() query: DataQualityQueryDto) {
    return this.quality.withProblems(ctx, query);
  }
}
