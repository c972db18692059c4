import { Module } from '@nestjs/common';
import { AllocationsService } from './allocations.service';
import { CertificatesService } from './certificates.service';
import { FacilitiesController } from './facilities.controller';
import { FacilitiesService } from './facilities.service';
import { ContractsService } from './contracts.service';
import { AllocationsController } from './allocations.controller';
import { CertificatesController } from './certificates.controller';
import { ContractsController } from './contracts.controller';

@Module({
  controllers: [FacilitiesController, ContractsController, CertificatesController, AllocationsController],
  providers: [FacilitiesService, ContractsService, CertificatesService, AllocationsService],
  exports: [AllocationsService],
})
export class ProcurementModule {}
