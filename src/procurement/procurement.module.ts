import { Module } from '@nestjs/common';
import { AllocationsService } from './allocations.service';
import { CertificatesService } from './certificates.service';
import { FacilitiesController } from './facilities.controller';
import { FacilitiesService } from './facilities.service';
import { ContractsService } from './contracts.service';
import { AllocationsController } from './allocations.controller';
import { CertificatesController } from './certificates.controller';
import { ContractsController } from './contracts.controller';
import { CertificateImportController } from './certificate-import.controller';
import { CertificateImportService } from './certificate-import.service';
import { CertificateEvidenceController } from './certificate-evidence.controller';
import { ContractEvidenceController } from './contract-evidence.controller';
import { EvidenceService } from './evidence.service';

@Module({
  controllers: [
    FacilitiesController,
    ContractsController,
    CertificateImportController,
    CertificatesController,
    AllocationsController,
    ContractEvidenceController,
    CertificateEvidenceController,
  ],
  providers: [
    FacilitiesService,
    ContractsService,
    CertificatesService,
    AllocationsService,
    CertificateImportService,
    EvidenceService,
  ],
  exports: [
    FacilitiesService,
    ContractsService,
    CertificatesService,
    AllocationsService,
    CertificateImportService,
    EvidenceService,
  ],
})
export class ProcurementModule {}
