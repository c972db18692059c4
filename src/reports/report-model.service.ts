import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { YearFiguresService } from '../figures/year-figures.service';
import { assembleReport, ReportInputs } from './model/build-report-model';
import { FinalizedReport } from './model/restatement';
import type { ReportModel, ReportStatus } from './model/report-model';
import type { ReportRequest } from './model/build-report-model';
import { ReportsRepository } from './reports.repository';
import { ReportTemplates } from './templates/report-templates';

/** How many reporting years before the report's year its trajectory chart shows, without a baseline year. */
const EARLIER_YEARS = 4;

export type { ReportRequest } from './model/build-report-model';

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
  async build(request: ReportRequest, within?: EntityManager): Promise<ReportModel> {
    return assembleReport(await this.read(request, within), this.templates.cdpFor(request.year));
  }

  /** What a report is built from, read in one snapshot: the pure `assembleReport` makes the model of it. */
  read(request: ReportRequest, within?: EntityManager): Promise<ReportInputs> {
    if (within) return this.readIn(within, request);
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      return this.readIn(em, request);
    });
  }

  private async readIn(em: EntityManager, request: ReportRequest): Promise<ReportInputs> {
    const { organizationId, year } = request;
    const state = await this.yearState(em, organizationId, year);
    const { commitment } = await this.figures.organization(organizationId, em);
    const from = Math.min(year, commitment?.baselineYear ?? year - EARLIER_YEARS);
    const requests = Array.from({ length: year - from + 1 }, (_, i) => ({ year: from + i }));
    const { years, baseline } = await this.figures.years(organizationId, requests, em);
    return { request, ...state, years, baseline };
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
