import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../../auth/principal';

export class AddMemberDto {
  /** An existing account is added; an unknown e-mail gets a new account. */
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email: string;

  @IsIn(ROLES)
  role: Role;

  /** Name for a new account. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  /** Initial password for a new account (at least 12 characters); generated and returned once when omitted. */
  @IsOptional()
  @IsString()
  @Length(12, 1024)
  password?: string;
}

export class UpdateMemberDto {
  @IsIn(ROLES)
  role: Role;
}
