import { IsIn } from 'class-validator';
import { ROLES, type Role } from '../../auth/principal';

export class UpdateMemberDto {
  @IsIn(ROLES)
  role: Role;
}
