import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FiguresModule } from '../figures/figures.module';
import { EvidencePackService } from './evidence-pack.service';
import { ReportQueue } from './jobs/report-queue';
import { ReportModelService } from './report-model.service';
import { ReportWorker } from './report-worker.service';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { ReportTemplates } from './templates/report-templates';

/**
 * Disclosure reports: the model built from a year's figures, its renderers, stored snapshots made by jobs
 * on the PostgreSQL-backed queue, downloads and verification. The templates under `templates/` are read and checked when the app starts, so a
 * broken questionnaire or language file stops the start with its file and field, not a report later.
 */
@Module({
  imports: [FiguresModule, AuditModule],
  controllers: [ReportsController],
  providers: [
    { provide: ReportTemplates, useFactory: () => ReportTemplates.load() },
    ReportModelService,
    ReportsRepository,
    ReportQueue,
    ReportWorker,
    ReportsService,
    EvidencePackService,
  ],
  exports: [ReportTemplates, ReportModelService, ReportsService, EvidencePackService],
})
export class ReportsModule {}
