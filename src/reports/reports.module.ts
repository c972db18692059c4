import { Module } from '@nestjs/common';
import { FiguresModule } from '../figures/figures.module';
import { ReportModelService } from './report-model.service';
import { ReportTemplates } from './templates/report-templates';

/**
 * Disclosure reports. The templates under `templates/` are read and checked when the app starts, so a
 * broken questionnaire or language file stops the start with its file and field, not a report later.
 */
@Module({
  imports: [FiguresModule],
  providers: [{ provide: ReportTemplates, useFactory: () => ReportTemplates.load() }, ReportModelService],
  exports: [ReportTemplates, ReportModelService],
})
export class ReportsModule {}
