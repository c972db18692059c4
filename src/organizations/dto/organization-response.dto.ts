import { PageDto } from '../../common/page.dto';
import type { Role } from '../../auth/principal';

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
  createdAt: Date;
  updatedAt: Date;
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

export class AddedMemberDto extends MemberDto {
  /** Only when a new account was created without a password: shown in this answer only. */
  initialPassword?: string;
}

export class MemberPageDto extends PageDto {
  items: MemberDto[];
}
