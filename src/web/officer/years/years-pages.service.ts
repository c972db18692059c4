import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../../auth/principal';
import { MAX_PAGE_SIZE } from '../../../common/page-query.dto';
import { YearFiguresService } from '../../../figures/year-figures.service';
import { ReportsService } from '../../../reports/reports.service';
import {
  FinalizeReportingPeriodDto,
  ReopenReportingPeriodDto,
} from '../../../reporting-periods/dto/reporting-period.dto';
import { ReportingPeriodsService } from '../../../reporting-periods/reporting-periods.service';
import { bodyOf, FieldErrors, fieldOf, FormFields, validated } from '../../views/form';
import { currentReportingYear } from '../officer-format';
import { attempt, Refusal } from '../../views/form';
import { YearsView, yearsView } from './years-view';

/** A finalization or reopening refused: which year, what was typed, why. */
export interface YearActionFailure {
  year: number;
  action: 'finalize' | 'reopen';
  errors: FieldErrors | null;
  refusal: Refusal | null;
  reportId: string;
  reason: string;
}

type Outcome = { failure: null } | { failure: YearActionFailure };

/** Reporting years, their state and the ready reports a year can be finalized from; finalize and reopen. */
@Injectable()
export class YearsPagesService {
  constructor(
    private readonly periods: ReportingPeriodsService,
    private readonly reports: ReportsService,
    private readonly figures: YearFiguresService,
  ) {}

  async view(ctx: RequestContext): Promise<YearsView> {
    const all = { limit: MAX_PAGE_SIZE, offset: 0 };
    const [organization, periods, reports] = await Promise.all([
      this.figures.organization(ctx.organizationId),
      this.periods.list(ctx, all),
      this.reports.list(ctx, all),
    ]);
    return yearsView({
      current: currentReportingYear(organization),
      timeZone: organization.timeZone,
      periods: periods.items,
      reports: reports.items,
    });
  }

  /** Finalizes a year from a ready report of it (the API's `POST /reporting-periods/{year}/finalize`). */
  async finalize(ctx: RequestContext, year: number, fields: FormFields): Promise<Outcome> {
    const base = { year, action: 'finalize' as const, reportId: fieldOf(fields, 'reportId'), reason: '' };
    const checked = await validated(FinalizeReportingPeriodDto, bodyOf(fields));
    if (checked.errors) return { failure: { ...base, errors: checked.errors, refusal: null } };
    const done = await attempt(() => this.periods.finalize(ctx, year, checked.value.reportId));
    return done.refusal ? { failure: { ...base, errors: null, refusal: done.refusal } } : { failure: null };
  }

  /** Reopens a finalized year with the reason (the API's `POST /reporting-periods/{year}/reopen`). */
  async reopen(ctx: RequestContext, year: number, fields: FormFields): Promise<Outcome> {
    const base = { year, action: 'reopen' as const, reportId: '', reason: fieldOf(fields, 'reason') };
    const checked = await validated(ReopenReportingPeriodDto, bodyOf(fields));
    if (checked.errors) return { failure: { ...base, errors: checked.errors, refusal: null } };
    const done = await attempt(() => this.periods.reopen(ctx, year, checked.value.reason));
    return done.refusal ? { failure: { ...base, errors: null, refusal: done.refusal } } : { failure: null };
  }
}
