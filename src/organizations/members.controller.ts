import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, Roles } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { PageQueryDto } from '../common/page-query.dto';
import { UpdateMemberDto } from './dto/member.dto';
import { MembersService } from './members.service';

@ApiTags('members')
@ApiBearerAuth()
@ApiErrors()
@Controller('members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  /** Members of the organization with their roles. People join by invitation (`POST /invitations`). */
  @Get()
  @Roles('admin', 'auditor')
  list(@Ctx() ctx: RequestContext, @Query() page: PageQueryDto) {
    return this.members.list(ctx, page);
  }

  /** Changes a member's role; the last admin cannot be demoted (409 `LAST_ADMIN`). */
  @Patch(':userId')
  @Roles('admin')
  update(
    @Ctx() ctx: RequestContext,
    @Param('userId', ParseIdPipe) userId: string,
    @Body() dto: UpdateMemberDto,
  ) {
    return this.members.updateRole(ctx, userId, dto);
  }

  /** Removes a member from the organization (the account stays). */
  @Delete(':userId')
  @Roles('admin')
  @HttpCode(204)
  async remove(@Ctx() ctx: RequestContext, @Param('userId', ParseIdPipe) userId: string): Promise<void> {
    await this.members.remove(ctx, userId);
  }
}
