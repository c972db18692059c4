import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, CurrentUser, CurrentUserInfo, READ_ROLES, Roles, SignedIn } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateOrganizationDto, UpdateOrganizationDto } from './dto/organization.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@ApiBearerAuth()
@ApiErrors()
@Controller()
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  /** The organizations the signed-in user belongs to. */
  @Get('organizations')
  @SignedIn()
  listMine(@CurrentUser() user: CurrentUserInfo, @Query() page: PageQueryDto) {
    return this.organizations.listMine(user.userId, page);
  }

  /** Creates an organization (platform admins); the creator becomes its admin. */
  @Post('organizations')
  @SignedIn()
  create(@CurrentUser() user: CurrentUserInfo, @Body() dto: CreateOrganizationDto) {
    return this.organizations.create(user, dto);
  }

  /** The organization in context (`X-Organization-Id`, or the caller's only one). */
  @Get('organization')
  @Roles(...READ_ROLES)
  get(@Ctx() ctx: RequestContext) {
    return this.organizations.get(ctx);
  }

  /**
   * Updates settings and the RE100 commitment, which must reach 100 % by 2050 at the latest, with at least
   * 60 % by 2030 and 90 % by 2040.
   */
  @Patch('organization')
  @Roles('admin', 'officer')
  update(@Ctx() ctx: RequestContext, @Body() dto: UpdateOrganizationDto) {
    return this.organizations.update(ctx, dto);
  }
}
