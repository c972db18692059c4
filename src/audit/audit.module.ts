import { Global, Module } from '@nestjs/common';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditCheckpointTimer } from './audit-checkpoint-timer.service';
import { AuditVerificationService } from './audit-verification.service';
import { AuditWitnessService } from './audit-witness.service';
import { AuditController, PlatformAuditController } from './audit.controller';
import { AuditService } from './audit.service';

/**
 * Global: every feature records its changes here inside its own transaction, and reports and finalization
 * record a checkpoint (`AuditCheckpointService.checkpoint`) the same way.
 */
@Global()
@Module({
  controllers: [AuditController, PlatformAuditController],
  providers: [
    AuditService,
    AuditCheckpointRepository,
    AuditCheckpointService,
    AuditCheckpointTimer,
    AuditVerificationService,
    AuditWitnessService,
  ],
  exports: [AuditService, AuditCheckpointService, AuditVerificationService],
})
export class AuditModule {}
