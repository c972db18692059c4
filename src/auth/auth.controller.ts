import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { ApiErrors } from '../common/api-docs';
import {
  CurrentUser,
  CurrentUserInfo,
  Public,
  Requester,
  RequesterInfo,
  SignedIn,
} from './access.decorators';
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
  login(@Body() dto: LoginDto, @Requester() requester: RequesterInfo) {
    return this.auth.login(dto.email, dto.password, requester.clientAddress);
  }

  /**
   * The signed-in user and the organizations they belong to, with their role in each. With
   * `X-Organization-Id`, also the role in that organization; a caller who is not (or no longer) a member of
   * it is refused as on every organization route.
   */
  @Get('me')
  @SignedIn({ organizationHeader: true })
  @ApiBearerAuth()
  @ApiErrors(400, 401, 403, 404)
  me(@CurrentUser() user: CurrentUserInfo, @Req() req: Request) {
    return this.auth.me(user.userId, req.context);
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
