import { Module } from '@nestjs/common';
import { ReportTemplates } from './templates/report-templates';

/**
 * Disclosure reports. The templates under `templates/` are read and checked when the app starts, so a
 * broken questionnaire or language file stops the start with its file and field, not a report later.
 */
@Module({
  providers: [{ provide: ReportTemplates, useFactory: () => ReportTemplates.load() }],
  exports: [ReportTemplates],
})
export class ReportsModule {}
