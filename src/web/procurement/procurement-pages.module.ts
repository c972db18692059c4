import { Module } from '@nestjs/common';
import { FiguresModule } from '../../figures/figures.module';
import { MetersModule } from '../../meters/meters.module';
import { ProcurementModule } from '../../procurement/procurement.module';
import { Re100Module } from '../../re100/re100.module';
import { ReportsModule } from '../../reports/reports.module';
import { SitesModule } from '../../sites/sites.module';
import { WebCoreModule } from '../web-core.module';
import { AutoAllocationPagesService } from './auto-allocation-pages.service';
import { CertificatePagesService } from './certificate-pages.service';
import { ClaimsController } from './claims.controller';
import { ClaimsPagesService } from './claims-pages.service';
import { ContractPagesService } from './contract-pages.service';
import { FacilityPagesService } from './facility-pages.service';
import { ProcurementChoices } from './procurement-choices.service';
import { ProcurementController } from './procurement.controller';
import { ProcurementListsService } from './procurement-lists.service';
import {
  CertificateFormController,
  ContractFormController,
  FacilityFormController,
} from './record-form.controller';

/** Officer workspace: facilities, contracts, certificates, claims and auto-allocation. */
@Module({
  imports: [
    WebCoreModule,
    ProcurementModule,
    Re100Module,
    ReportsModule,
    SitesModule,
    MetersModule,
    FiguresModule,
  ],
  controllers: [
    ProcurementController,
    FacilityFormController,
    ContractFormController,
    CertificateFormController,
    ClaimsController,
  ],
  providers: [
    ProcurementChoices,
    ProcurementListsService,
    FacilityPagesService,
    ContractPagesService,
    CertificatePagesService,
    ClaimsPagesService,
    AutoAllocationPagesService,
  ],
})
export class ProcurementPagesModule {}
