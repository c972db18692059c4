import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  Ctx,
  CurrentUser,
  CurrentUserInfo,
  OptionalUser,
  PlatformAdmin,
  PublicOrSignedIn,
  Requester,
  RequesterInfo,
  Roles,
} from '../auth/access.decorators';
import { Principal, RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { AcceptInvitationDto, CreateInvitationDto, InvitationQueryDto } from './dto/invitation.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('members')
@ApiBearerAuth()
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /** Invitations of the organization, newest first (`status`: pending, accepted, revoked, expired). */
  @Get()
  @Roles('admin', 'auditor')
  @ApiErrors()
  list(@Ctx() ctx: RequestContext, @Query() query: InvitationQueryDto) {
    return this.invitations.list(ctx, query);
  }

  /**
   * Invites a person with a role. The answer holds the single-use `token`, shown this once: pass it on to
   * the person, who accepts it with `POST /invitations/accept`. A pending invitation grants nothing.
   */
  @Post()
  @Roles('admin')
  @ApiErrors()
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateInvitationDto) {
    return this.invitations.create(ctx, dto);
  }

  /** Revokes a pending invitation. */
  @Delete(':id')
  @Roles('admin')
  @ApiErrors()
  revoke(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string) {
    return this.invitations.revoke(ctx, id);
  }

  /**
   * Accepts an invitation and answers with a signed-in session. Signed in: as that account, whose e-mail
   * must be the invitation's. Not signed in: with a `password`, which creates the account when the e-mail
   * has none, or else must be that account's password.
   */
  @Post('accept')
  @PublicOrSignedIn()
  @HttpCode(200)
  @ApiErrors(400, 401, 403, 404, 409, 413, 415, 429)
  accept(
    @OptionalUser() user: Extract<Principal, { kind: 'user' }> | null,
    @Body() dto: AcceptInvitationDto,
    @Requester() requester: RequesterInfo,
  ) {
    return this.invitations.accept(user, dto, requester);
  }
}

/** Platform admins invite into any organization: its first admin, or a new admin when none is left. */
@ApiTags('members')
@ApiBearerAuth()
@ApiErrors(400, 401, 403, 404, 409)
@Controller('platform/organizations/:organizationId/invitations')
export class PlatformInvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /** Invites a person into the organization (platform admins); the `token` is shown in this answer only. */
  @Post()
  @PlatformAdmin()
  create(
    @CurrentUser() user: CurrentUserInfo,
    @Param('organizationId', ParseIdPipe) organizationId: string,
    @Body() dto: CreateInvitationDto,
  ) {
    return this.invitations.createAsPlatformAdmin(user, organizationId, dto);
  }
}
