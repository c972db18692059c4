import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

export class LoginDto {
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email: string;

  @IsString()
  @Length(1, 1024)
  password: string;
}

export class ChangePasswordDto {
  @IsString()
  @Length(1, 1024)
  currentPassword: string;

  /** At least 12 characters. */
  @IsString()
  @Length(12, 1024)
  newPassword: string;
}
