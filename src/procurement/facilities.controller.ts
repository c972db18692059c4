import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, READ_ROLES, Roles, WRITE_ROLES } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateFacilityDto, ListFacilitiesQueryDto, UpdateFacilityDto } from './dto/facility.dto';
import { FacilitiesService } from './facilities.service';

@ApiTags('procurement')
@ApiBearerAuth()
@ApiErrors()
@Controller('facilities')
export class FacilitiesController {
  constructor(private readonly facilities: FacilitiesService) {}

  /** Generation facilities, by name. */
  @Get()
  @Roles(...READ_ROLES)
  list(@Ctx() ctx: RequestContext, @Query() query: ListFacilitiesQueryDto) {
    return this.facilities.list(ctx, query);
  }

  /** One facility with its generation meters. */
  @Get(':id')
  @Roles(...READ_ROLES)
  get(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string) {
    return this.facilities.get(ctx, id);
  }

  /** Creates a facility; self-generation facilities name the generation meters that measure them. */
  @Post()
  @Roles(...WRITE_ROLES)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateFacilityDto) {
    return this.facilities.create(ctx, dto);
  }

  /** Changes the given fields of a facility. */
  @Patch(':id')
  @Roles(...WRITE_ROLES)
  update(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdateFacilityDto) {
    return this.facilities.update(ctx, id, dto);
  }

  /** Deletes a facility that no certificate or contract refers to. */
  @Delete(':id')
  @Roles(...WRITE_ROLES)
  @HttpCode(204)
  async remove(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.facilities.remove(ctx, id);
  }
}
