import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, READ_ROLES, Roles, WRITE_ROLES } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { ReportingYearDto, SelectFactorSetDto } from './dto/factor-set.dto';
import { FactorSelectionService } from './factor-selection.service';

@ApiTags('emissions')
@ApiBearerAuth()
@ApiErrors(400, 401, 403, 404, 409)
@Controller('emission-factor-sets/selection')
export class FactorSelectionController {
  constructor(private readonly selections: FactorSelectionService) {}

  /** The factor set a reporting year uses: the organization's choice, else the shipped defaults. */
  @Get(':year')
  @Roles(...READ_ROLES)
  get(@Ctx() ctx: RequestContext, @Param() param: ReportingYearDto) {
    return this.selections.get(ctx, param.year);
  }

  /** Chooses the factor set of a reporting year (409 `PERIOD_LOCKED` once the year is finalized). */
  @Put(':year')
  @Roles(...WRITE_ROLES)
  select(@Ctx() ctx: RequestContext, @Param() param: ReportingYearDto, @Body() dto: SelectFactorSetDto) {
    return this.selections.select(ctx, param.year, dto.factorSetId);
  }
}
