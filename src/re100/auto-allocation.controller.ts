import { Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Ctx, Roles, WRITE_ROLES } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { AutoAllocationService } from './auto-allocation.service';
import { AutoAllocateDto, AutoAllocationQueryDto, AutoAllocationResultDto } from './dto/auto-allocation.dto';

@ApiTags('procurement')
@ApiBearerAuth()
@ApiErrors(400, 401, 403, 409, 422)
@Controller('allocations')
export class AutoAllocationController {
  constructor(private readonly autoAllocation: AutoAllocationService) {}

  /**
   * Fills each market's uncovered consumption of a year from retired certificates with energy left in the
   * same market, preferring those that pass every RE100 rule; `dryRun=true` shows the plan and writes nothing.
   */
  @Post('auto')
  @HttpCode(200)
  @ApiOkResponse({ type: AutoAllocationResultDto })
  @Roles(...WRITE_ROLES)
  run(@Ctx() ctx: RequestContext, @Query() query: AutoAllocationQueryDto, @Body() dto: AutoAllocateDto) {
    return this.autoAllocation.run(ctx, dto, query.dryRun);
  }
}
