import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../auth/principal';
import { MAX_PAGE_SIZE, PageQueryDto } from '../../common/page-query.dto';
import {
  CreatedInvitationDto,
  CreateInvitationDto,
  InvitationQueryDto,
} from '../../organizations/dto/invitation.dto';
import { UpdateMemberDto } from '../../organizations/dto/member.dto';
import { InvitationsService } from '../../organizations/invitations.service';
import { MembersService } from '../../organizations/members.service';
import { OrganizationsService } from '../../organizations/organizations.service';
import { MembersView } from './members-view';

/** The members page over the API's own use cases: members, invitations, the organization's zone. */
@Injectable()
export class MembersPageService {
  constructor(
    private readonly members: MembersService,
    private readonly invitations: InvitationsService,
    private readonly organizations: OrganizationsService,
  ) {}

  /** The first page of each list, as large as the API gives one. */
  async view(ctx: RequestContext): Promise<MembersView> {
    const [members, invitations, organization] = await Promise.all([
      this.members.list(ctx, Object.assign(new PageQueryDto(), { limit: MAX_PAGE_SIZE, offset: 0 })),
      this.invitations.list(
        ctx,
        Object.assign(new InvitationQueryDto(), { status: 'pending', limit: MAX_PAGE_SIZE, offset: 0 }),
      ),
      this.organizations.get(ctx),
    ]);
    return {
      timeZone: organization.timeZone,
      members: members.items,
      membersTotal: members.total,
      invitations: invitations.items,
      invitationsTotal: invitations.total,
    };
  }

  changeRole(ctx: RequestContext, userId: string, dto: UpdateMemberDto) {
    return this.members.updateRole(ctx, userId, dto);
  }

  remove(ctx: RequestContext, userId: string): Promise<void> {
    return this.members.remove(ctx, userId);
  }

  invite(ctx: RequestContext, dto: CreateInvitationDto): Promise<CreatedInvitationDto> {
    return this.invitations.create(ctx, dto);
  }

  revokeInvitation(ctx: RequestContext, id: string) {
    return this.invitations.revoke(ctx, id);
  }
}
