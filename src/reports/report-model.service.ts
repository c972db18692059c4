import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { YearFiguresService } from '../figures/year-figures.service';
import { buildReportContent, reportModel } from './model/build-report-model';
import { FinalizedReport, restatementOf } from './model/restatement';
import type { ReportLanguage, ReportModel, ReportStatus } from './model/report-model';
import { ReportsRepository } from './reports.repository';
import { ReportTemplates } from './templates/report-templates';

/** How many reporting years before the report's year its trajectory chart shows, without a baseline year. */
const EARLIER_YEARS = 4;

/** What a report is of. */
export interface ReportRequest {
  organizationId: string;
  year: number;
  language: ReportLanguage;
  reportId: string | null;
}

/**
 * Builds a report's model: reads, in one consistent snapshot, the year's state (open, finalized, or
 * reopened after a finalization), the reporting year and the years its trajectory shows, then the pure
 * builder presents them with the same engines as the API.
 */
@Injectable()
export class ReportModelService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly figures: YearFiguresService,
    private readonly templates: ReportTemplates,
    private readonly reports: ReportsRepository,
  ) {}

  /** `within`: read in the caller's transaction (a finalization holding the year's lock), else a new one. */
  build(request: ReportRequest, within?: EntityManager): Promise<ReportModel> {
    if (within) return this.buildIn(within, request);
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      return this.buildIn(em, request);
    });
  }

  private async buildIn(em: EntityManager, request: ReportRequest): Promise<ReportModel> {
    const { organizationId, year } = request;
    const state = await this.yearState(em, organizationId, year);
    const { commitment } = await this.figures.organization(organizationId, em);
    const from = Math.min(year, commitment?.baselineYear ?? year - EARLIER_YEARS);
    const requests = Array.from({ length: year - from + 1 }, (_, i) => ({ year: from + i }));
    const { years, baseline } = await this.figures.years(organizationId, requests, em);
    const figures = years[years.length - 1];
    const content = buildReportContent({
      figures,
      earlierYears: years.slice(0, -1),
      baseline,
      questionnaire: this.templates.cdpFor(year),
    });
    const restatement = restatementOf(state.finalized, content);
    return reportModel(content, { ...request, status: state.status, asOf: figures.asOf, restatement });
  }

  /**
   * What a report of the year is: final while the year is finalized; a restatement once a finalized year
   * was reopened (against the report it was finalized from); provisional otherwise.
   */
  private async yearState(
    em: EntityManager,
    organizationId: string,
    year: number,
  ): Promise<{ status: ReportStatus; finalized: FinalizedReport | null }> {
    const [period] = await em.query(
      `SELECT status, report_id, reopened_at, reopen_reason FROM reporting_periods
       WHERE organization_id = $1 AND year = $2`,
      [organizationId, year],
    );
    if (period?.status === 'finalized') return { status: 'finalized', finalized: null };
    if (!period?.report_id) return { status: 'provisional', finalized: null };
    const stored = await this.reports.model(em, organizationId, period.report_id);
    const { content } = JSON.parse(stored!.toString('utf8')) as ReportModel;
    return {
      status: 'restated',
      finalized: {
        reportId: period.report_id,
        content,
        reopenedAt: period.reopened_at ? new Date(period.reopened_at).toISOString() : null,
        reason: period.reopen_reason,
      },
    };
  }
}
