import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../../auth/principal';
import { PageDto } from '../../common/page.dto';
import { PageQueryDto } from '../../common/page-query.dto';

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export class CreateInvitationDto {
  /** The person's e-mail; they join with an existing account of that e-mail or create one. */
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email: string;

  @IsIn(ROLES)
  role: Role;
}

export class AcceptInvitationDto {
  /** The `rli_…` token the inviting admin passed on. */
  @IsString()
  @Matches(/^rli_[A-Za-z0-9_-]{43}$/, { message: 'token must be an invitation token (rli_…)' })
  token: string;

  /**
   * Not signed in: the password of the new account (at least 12 characters), or of the existing account
   * with the invitation's e-mail (accepting then signs in). Signed in: leave it out.
   */
  @IsOptional()
  @IsString()
  @Length(12, 1024)
  password?: string;

  /** Name of a new account (default: the e-mail's local part). */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;
}

export class InvitationQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(INVITATION_STATUSES)
  status?: InvitationStatus;
}

export class InvitationDto {
  id: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  revokedAt: Date | null;
}

export class CreatedInvitationDto extends InvitationDto {
  /** The single-use token: shown in this answer only. Pass it on to the person; it expires at `expiresAt`. */
  token: string;
}

export class InvitationPageDto extends PageDto {
  items: InvitationDto[];
}
