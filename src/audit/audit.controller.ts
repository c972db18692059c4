import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, PlatformAdmin, Roles } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { AuditService, PLATFORM_CHAIN_ID } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@ApiErrors()
@Controller('audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The organization's audit log, newest first. */
  @Get()
  @Roles('admin', 'auditor')
  list(@Ctx() ctx: RequestContext, @Query() query: AuditQueryDto) {
    return this.audit.list(ctx.organizationId, query);
  }

  /** Recomputes the hash chain; `firstBroken` names the first entry that was altered, removed or reordered. */
  @Get('verify')
  @Roles('admin', 'auditor')
  verify(@Ctx() ctx: RequestContext) {
    return this.audit.verify(ctx.organizationId);
  }
}

/** The platform chain: account changes that belong to no organization (bootstrap admin, password changes). */
@ApiTags('audit')
@ApiBearerAuth()
@ApiErrors(400, 401, 403)
@Controller('platform/audit-log')
export class PlatformAuditController {
  constructor(private readonly audit: AuditService) {}

  /** The platform audit log, newest first (platform admins). */
  @Get()
  @PlatformAdmin()
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(PLATFORM_CHAIN_ID, query);
  }

  /** Recomputes the platform hash chain (platform admins). */
  @Get('verify')
  @PlatformAdmin()
  verify() {
    return this.audit.verify(PLATFORM_CHAIN_ID);
  }
}
