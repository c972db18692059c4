import { PageDto } from '../../common/page.dto';
import type { Role } from '../../auth/principal';
import { CreatedInvitationDto } from './invitation.dto';

export class MilestoneResponseDto {
  year: number;
  percent: number;
}

export class Re100CommitmentResponseDto {
  targetYear: number;
  baselineYear: number | null;
  milestones: MilestoneResponseDto[];
}

export class OrganizationDto {
  id: string;
  name: string;
  legalEntityName: string;
  country: string;
  reportingYearStartMonth: number;
  timeZone: string;
  /** Null until the organization declares its RE100 target. */
  re100: Re100CommitmentResponseDto | null;
  /**
   * Every site of every market consuming at most 100 MWh a year is excluded from the RE100 figures (the
   * organization's choice, docs/rules.md#re100-scope-2); false: only flagged sites are.
   */
  excludeImmaterialMarkets: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export class CreatedOrganizationDto extends OrganizationDto {
  /** With `firstAdminEmail`: the first admin's invitation, its token shown this once. */
  firstAdminInvitation?: CreatedInvitationDto;
}

export class OrganizationPageDto extends PageDto {
  items: OrganizationDto[];
}

export class MemberDto {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  createdAt: Date;
  updatedAt: Date;
}

export class MemberPageDto extends PageDto {
  items: MemberDto[];
}
