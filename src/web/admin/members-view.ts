import { CreatedInvitationDto, InvitationDto } from '../../organizations/dto/invitation.dto';
import { MemberDto } from '../../organizations/dto/organization-response.dto';
import { FieldErrors } from '../views/form';

/** What the members page shows: the API's members and pending invitations, as it answers them. */
export interface MembersView {
  timeZone: string;
  members: MemberDto[];
  membersTotal: number;
  invitations: InvitationDto[];
  invitationsTotal: number;
}

/** What the last action of the page left to say: done, refused (where), or an invitation made. */
export interface MembersState {
  done?: string | null;
  /** A refused role change or removal: the member's row and why. */
  memberRefusal?: { userId: string; errors: FieldErrors } | null;
  /** A refused invitation revocation. */
  invitationRefusal?: { id: string; errors: FieldErrors } | null;
  /** The invite form as sent, and its problems. */
  invite?: { email: string; role: string; errors: FieldErrors | null };
  /** The invitation just made: its token is in this answer only. */
  created?: CreatedInvitationDto | null;
}
