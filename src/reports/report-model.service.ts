import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { YearFiguresService } from '../figures/year-figures.service';
import { buildReportContent, ReportInput, reportModel, restatementOf } from './model/build-report-model';
import type { ReportLanguage, ReportModel, ReportStatus } from './model/report-model';
import { ReportTemplates } from './templates/report-templates';

/** How many reporting years before the report's year its trajectory chart shows, without a baseline year. */
const EARLIER_YEARS = 4;

/** What a report is of, and what is shown but not hashed. */
export interface ReportRequest {
  organizationId: string;
  year: number;
  language: ReportLanguage;
  reportId: string | null;
  status: ReportStatus;
  /** The finalized report the year is restated against, if it was finalized before. */
  finalized: ReportInput['finalized'];
}

/**
 * Builds a report's model: reads the reporting year (and the years its trajectory shows) in one consistent
 * read (`YearFiguresService.years`), then the pure builder presents them with the same engines as the API.
 */
@Injectable()
export class ReportModelService {
  constructor(
    private readonly figures: YearFiguresService,
    private readonly templates: ReportTemplates,
  ) {}

  /** `within`: read in the caller's transaction (a finalization holding the year's lock). */
  async build(request: ReportRequest, within?: EntityManager): Promise<ReportModel> {
    const { organizationId, year } = request;
    const { commitment } = await this.figures.organization(organizationId, within);
    const from = Math.min(year, commitment?.baselineYear ?? year - EARLIER_YEARS);
    const requests = Array.from({ length: year - from + 1 }, (_, i) => ({ year: from + i }));
    const { years, baseline } = await this.figures.years(organizationId, requests, within);
    const figures = years[years.length - 1];
    const content = buildReportContent({
      figures,
      earlierYears: years.slice(0, -1),
      baseline,
      questionnaire: this.templates.cdpFor(year),
    });
    const restatement = restatementOf(request.finalized, content);
    return reportModel(content, { ...request, asOf: figures.asOf, restatement });
  }
}
