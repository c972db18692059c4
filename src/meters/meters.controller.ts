import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, READ_ROLES, Roles, WRITE_ROLES } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateMeterDto, ListMetersQueryDto, UpdateMeterDto } from './dto/meter.dto';
import { MetersService } from './meters.service';

@ApiTags('meters')
@ApiBearerAuth()
@ApiErrors()
@Controller('meters')
export class MetersController {
  constructor(private readonly meters: MetersService) {}

  /** The organization's meters, paginated. */
  @Get()
  @Roles(...READ_ROLES)
  list(@Ctx() ctx: RequestContext, @Query() query: ListMetersQueryDto) {
    return this.meters.list(ctx, query);
  }

  /** One meter. */
  @Get(':id')
  @Roles(...READ_ROLES)
  get(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string) {
    return this.meters.get(ctx, id);
  }

  /** Creates a meter. */
  @Post()
  @Roles(...WRITE_ROLES)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateMeterDto) {
    return this.meters.create(ctx, dto);
  }

  /** Changes the given fields of a meter; `null` clears a nullable field. */
  @Patch(':id')
  @Roles(...WRITE_ROLES)
  update(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdateMeterDto) {
    return this.meters.update(ctx, id, dto);
  }

  /** Deletes a meter that no API key is scoped to. */
  @Delete(':id')
  @Roles(...WRITE_ROLES)
  @HttpCode(204)
  async remove(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.meters.remove(ctx, id);
  }
}
