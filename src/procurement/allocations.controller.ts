import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, READ_ROLES, Roles, WRITE_ROLES } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { AllocationsService } from './allocations.service';
import { CreateAllocationDto, ListAllocationsQueryDto } from './dto/allocation.dto';

@ApiTags('procurement')
@ApiBearerAuth()
@ApiErrors()
@Controller('allocations')
export class AllocationsController {
  constructor(private readonly allocations: AllocationsService) {}

  /** Claims, oldest first. */
  @Get()
  @Roles(...READ_ROLES)
  list(@Ctx() ctx: RequestContext, @Query() query: ListAllocationsQueryDto) {
    return this.allocations.list(ctx, query);
  }

  @Get(':id')
  @Roles(...READ_ROLES)
  get(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string) {
    return this.allocations.get(ctx, id);
  }

  /** Claims part or all of a retired certificate for a year and market; never beyond its volume (409). */
  @Post()
  @Roles(...WRITE_ROLES)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateAllocationDto) {
    return this.allocations.create(ctx, dto);
  }

  /** Removes a claim of an open year. */
  @Delete(':id')
  @Roles(...WRITE_ROLES)
  @HttpCode(204)
  async remove(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.allocations.remove(ctx, id);
  }
}
