import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, READ_ROLES, Roles, WRITE_ROLES } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateSiteDto, ListSitesQueryDto, UpdateSiteDto } from './dto/site.dto';
import { SitesService } from './sites.service';

@ApiTags('sites')
@ApiBearerAuth()
@ApiErrors()
@Controller('sites')
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  /** The organization's sites, paginated. */
  @Get()
  @Roles(...READ_ROLES)
  list(@Ctx() ctx: RequestContext, @Query() query: ListSitesQueryDto) {
    return this.sites.list(ctx, query);
  }

  /** One site. */
  @Get(':id')
  @Roles(...READ_ROLES)
  get(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string) {
    return this.sites.get(ctx, id);
  }

  /** Creates a site. */
  @Post()
  @Roles(...WRITE_ROLES)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateSiteDto) {
    return this.sites.create(ctx, dto);
  }

  /** Changes the given fields of a site; `null` clears a nullable field. */
  @Patch(':id')
  @Roles(...WRITE_ROLES)
  update(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdateSiteDto) {
    return this.sites.update(ctx, id, dto);
  }

  /** Deletes a site that has no meters. */
  @Delete(':id')
  @Roles(...WRITE_ROLES)
  @HttpCode(204)
  async remove(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.sites.remove(ctx, id);
  }
}
