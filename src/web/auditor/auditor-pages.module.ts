import { Module } from '@nestjs/common';
import { EmissionsModule } from '../../emissions/emissions.module';
import { FiguresModule } from '../../figures/figures.module';
import { OrganizationsModule } from '../../organizations/organizations.module';
import { Re100Module } from '../../re100/re100.module';
import { ReportsModule } from '../../reports/reports.module';
import { WebCoreModule } from '../web-core.module';
import { AuditPagesController } from './audit/audit-pages.controller';
import { AuditPagesService } from './audit/audit-pages.service';
import { ExplainPagesController } from './explain/explain-pages.controller';
import { ExplainPagesService } from './explain/explain-pages.service';
import { ReportPagesController } from './reports/report-pages.controller';
import { ReportPagesService } from './reports/report-pages.service';

/**
 * Auditor room: reports (list, create, downloads, verification), the audit log with its chain verification,
 * and the explain view, over the API's own services (AuditModule is global).
 */
@Module({
  imports: [WebCoreModule, ReportsModule, Re100Module, EmissionsModule, FiguresModule, OrganizationsModule],
  controllers: [ReportPagesController, AuditPagesController, ExplainPagesController],
  providers: [ReportPagesService, AuditPagesService, ExplainPagesService],
})
export class AuditorPagesModule {}
