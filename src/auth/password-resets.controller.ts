import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import {
  CurrentUser,
  CurrentUserInfo,
  PlatformAdmin,
  Public,
  Requester,
  RequesterInfo,
} from './access.decorators';
import { IssuePasswordResetDto, PasswordResetDto } from './dto/password-reset.dto';
import { PasswordResetsService } from './password-resets.service';

@ApiTags('auth')
@Controller()
export class PasswordResetsController {
  constructor(private readonly resets: PasswordResetsService) {}

  /**
   * Issues a single-use password reset for an account (platform admins): the `token`, shown in this answer
   * only, is handed to the person, who sets their own password with `POST /auth/password-reset`.
   */
  @Post('platform/password-resets')
  @PlatformAdmin()
  @ApiBearerAuth()
  @ApiErrors(400, 401, 403, 404)
  issue(@CurrentUser() admin: CurrentUserInfo, @Body() dto: IssuePasswordResetDto) {
    return this.resets.issue(admin, dto);
  }

  /** Sets a new password with a reset token; answers with a signed-in session. Earlier tokens stop working. */
  @Post('auth/password-reset')
  @Public()
  @HttpCode(200)
  @ApiErrors(400, 404, 413, 415)
  reset(@Body() dto: PasswordResetDto, @Requester() requester: RequesterInfo) {
    return this.resets.use(dto, requester);
  }
}
