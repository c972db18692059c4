import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { ApiErrors } from '../common/api-docs';
import { CurrentUser, CurrentUserInfo, Public, SignedIn } from './access.decorators';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Exchanges e-mail and password for a short-lived access token. Failed attempts are rate-limited (429). */
  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiErrors(400, 401, 413, 415, 429)
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.email, dto.password, req.ip ?? 'unknown');
  }

  /** The signed-in user and the organizations they belong to, with their role in each. */
  @Get('me')
  @SignedIn()
  @ApiBearerAuth()
  @ApiErrors(401, 403)
  me(@CurrentUser() user: CurrentUserInfo) {
    return this.auth.me(user.userId);
  }

  /** Changes the signed-in user's password; the current one is required. */
  @Post('password')
  @SignedIn()
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiErrors(400, 401, 403, 422, 429)
  async changePassword(@CurrentUser() user: CurrentUserInfo, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user, dto.currentPassword, dto.newPassword);
  }
}
