import { Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, PlatformAdmin, Roles } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditVerificationService } from './audit-verification.service';
import { AuditService, PLATFORM_CHAIN_ID } from './audit.service';
import { AuditCheckpointQueryDto } from './dto/audit-checkpoint.dto';
import { AuditQueryDto, VerifyQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@ApiErrors()
@Controller('audit-log')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpointService,
    private readonly verification: AuditVerificationService,
  ) {}

  /** The organization's audit log, newest first. */
  @Get()
  @Roles('admin', 'auditor')
  list(@Ctx() ctx: RequestContext, @Query() query: AuditQueryDto) {
    return this.audit.list(ctx.organizationId, query);
  }

  /**
   * Recomputes the hash chain and checks it against every signed checkpoint, the witness file kept outside
   * the database and, given `headSeq` and `headHash`, a head you kept; `firstBroken` names the first problem.
   */
  @Get('verify')
  @Roles('admin', 'auditor')
  verify(@Ctx() ctx: RequestContext, @Query() query: VerifyQueryDto) {
    return this.verification.verify(ctx.organizationId, query);
  }

  /** The chain's signed checkpoints, newest first: copy them outside the database to keep its head. */
  @Get('checkpoints')
  @Roles('admin', 'auditor')
  checkpointList(@Ctx() ctx: RequestContext, @Query() query: AuditCheckpointQueryDto) {
    return this.checkpoints.list(ctx.organizationId, query);
  }

  /** Signs the chain's current head now (reason `manual`); writes no audit entry. */
  @Post('checkpoints')
  @Roles('admin', 'auditor')
  checkpoint(@Ctx() ctx: RequestContext) {
    return this.checkpoints.recordManual(ctx.organizationId);
  }

  /** The public key that checkpoint signatures verify against. */
  @Get('public-key')
  @Roles('admin', 'auditor')
  publicKey() {
    return this.checkpoints.publicKey();
  }
}

/** The platform chain: account changes that belong to no organization (bootstrap admin, password changes). */
@ApiTags('audit')
@ApiBearerAuth()
@ApiErrors(400, 401, 403)
@Controller('platform/audit-log')
export class PlatformAuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpointService,
    private readonly verification: AuditVerificationService,
  ) {}

  /** The platform audit log, newest first (platform admins). */
  @Get()
  @PlatformAdmin()
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(PLATFORM_CHAIN_ID, query);
  }

  /** Verifies the platform chain as `GET /audit-log/verify` does an organization's (platform admins). */
  @Get('verify')
  @PlatformAdmin()
  verify(@Query() query: VerifyQueryDto) {
    return this.verification.verify(PLATFORM_CHAIN_ID, query);
  }

  /** The platform chain's signed checkpoints, newest first (platform admins). */
  @Get('checkpoints')
  @PlatformAdmin()
  checkpointList(@Query() query: AuditCheckpointQueryDto) {
    return this.checkpoints.list(PLATFORM_CHAIN_ID, query);
  }

  /** Signs the platform chain's current head now (reason `manual`; platform admins). */
  @Post('checkpoints')
  @PlatformAdmin()
  checkpoint() {
    return this.checkpoints.recordManual(PLATFORM_CHAIN_ID);
  }

  /** The public key that checkpoint signatures verify against (platform admins). */
  @Get('public-key')
  @PlatformAdmin()
  publicKey() {
    return this.checkpoints.publicKey();
  }
}
