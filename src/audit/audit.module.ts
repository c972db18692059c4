import { Global, Module } from '@nestjs/common';
import { AuditController, PlatformAuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** Global: every feature records its changes here inside its own transaction. */
@Global()
@Module({
  controllers: [AuditController, PlatformAuditController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
