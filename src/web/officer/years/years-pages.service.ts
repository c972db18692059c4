import { Injectable, Type } from '@nestjs/common';
import { RequestContext } from '../../../auth/principal';
import { MAX_PAGE_SIZE } from '../../../common/page-query.dto';
import { YearFiguresService } from '../../../figures/year-figures.service';
import { ReportsService } from '../../../reports/reports.service';
import {
  FinalizeReportingPeriodDto,
  ReopenReportingPeriodDto,
} from '../../../reporting-periods/dto/reporting-period.dto';
import { ReportingPeriodsService } from '../../../reporting-periods/reporting-periods.service';
import { attempt, bodyOf, FieldErrors, fieldOf, FormFields, Refusal, validated } from '../../views/form';
import { currentReportingYear } from '../officer-format';
import { YearsView, yearsView } from './years-view';

export type YearAction = 'finalize' | 'reopen';

/** A finalization or reopening refused: which year, what was typed, why. */
export interface YearActionFailure {
  year: number;
  action: YearAction;
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
  finalize(ctx: RequestContext, year: number, fields: FormFields): Promise<Outcome> {
    const sent = { year, action: 'finalize' as const, reportId: fieldOf(fields, 'reportId'), reason: '' };
    return this.act(sent, FinalizeReportingPeriodDto, fields, (dto) =>
      this.periods.finalize(ctx, year, dto.reportId),
    );
  }

  /** Reopens a finalized year with the reason (the API's `POST /reporting-periods/{year}/reopen`). */
  reopen(ctx: RequestContext, year: number, fields: FormFields): Promise<Outcome> {
    const sent = { year, action: 'reopen' as const, reportId: '', reason: fieldOf(fields, 'reason') };
    return this.act(sent, ReopenReportingPeriodDto, fields, (dto) =>
      this.periods.reopen(ctx, year, dto.reason),
    );
  }

  /** The form checked by the API's DTO (its problems at the fields), then the use case (its refusal on top). */
  private async act<D extends object>(
    sent: Omit<YearActionFailure, 'errors' | 'refusal'>,
    dto: Type<D>,
    fields: FormFields,
    work: (value: D) => Promise<unknown>,
  ): Promise<Outcome> {
    const checked = await validated(dto, bodyOf(fields));
    if (checked.errors) return { failure: { ...sent, errors: checked.errors, refusal: null } };
    const done = await attempt(() => work(checked.value));
    return done.refusal ? { failure: { ...sent, errors: null, refusal: done.refusal } } : { failure: null };
  }
}
