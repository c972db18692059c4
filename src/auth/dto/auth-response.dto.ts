import type { Role } from '../principal';

export class UserDto {
  id: string;
  email: string;
  displayName: string;
  /** Platform admins create organizations. */
  isPlatformAdmin: boolean;
  createdAt: Date;
}

export class MembershipDto {
  organizationId: string;
  organizationName: string;
  role: Role;
}

export class OrganizationRoleDto {
  id: string;
  role: Role;
}

export class MeDto extends UserDto {
  memberships: MembershipDto[];
  /** With `X-Organization-Id`: the caller's role in that organization. */
  organization?: OrganizationRoleDto;
}

export class LoginResultDto {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the token expires. */
  expiresIn: number;
  user: UserDto;
  memberships: MembershipDto[];
}
