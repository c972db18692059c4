import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';

export class IssuePasswordResetDto {
  /** The account's e-mail. */
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email: string;
}

export class PasswordResetDto {
  /** The `rlr_…` token a platform admin passed on. */
  @IsString()
  @Matches(/^rlr_[A-Za-z0-9_-]{43}$/, { message: 'token must be a password reset token (rlr_…)' })
  token: string;

  /** At least 12 characters. */
  @IsString()
  @Length(12, 1024)
  newPassword: string;
}

export class IssuedPasswordResetDto {
  id: string;
  userId: string;
  email: string;
  /** The single-use token: shown in this answer only. Pass it on to the person. */
  token: string;
  expiresAt: Date;
}
