import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../../auth/principal';
import { UsersService } from '../../../auth/users.service';
import { requestFingerprint } from '../../../common/idempotency';
import { YearFiguresService } from '../../../figures/year-figures.service';
import { CreateReportDto, ReportDto } from '../../../reports/dto/report.dto';
import { ReportsService } from '../../../reports/reports.service';
import { attempt, bodyOf, FieldErrors, FormFields, validated } from '../../views/form';
import { currentReportingYear, localTime } from '../organization-time';
import { isPending, ReportDetailView, ReportListView, reportRow } from './reports-view';

const PAGE_SIZE = 20;

/** What a refused create form re-renders: the list beside the form with the fields as sent. */
export type CreateAnswer =
  { created: ReportDto } | { refused: { list: ReportListView; values: FormFields; errors: FieldErrors } };

/**
 * The reports pages over the API's own ReportsService: the list, one report, its verification and the
 * create form (validated with the API's DTO). Adds only what a page shows beside the API's answer: times
 * in the organization's zone and the requester's name.
 */
@Injectable()
export class ReportPagesService {
  constructor(
    private readonly reports: ReportsService,
    private readonly figures: YearFiguresService,
    private readonly users: UsersService,
  ) {}

  async list(ctx: RequestContext, offset: number): Promise<ReportListView> {
    const [page, clock] = await Promise.all([
      this.reports.list(ctx, { limit: PAGE_SIZE, offset }),
      this.figures.organization(ctx.organizationId),
    ]);
    const names = await this.names(page.items.map((r) => r.requestedBy));
    return {
      rows: page.items.map((r) => reportRow(r, clock.timeZone, ctx.actor.id, names)),
      total: page.total,
      limit: page.limit,
      offset: page.offset,
      timeZone: clock.timeZone,
      pending: page.items.some(isPending),
      currentYear: currentReportingYear(clock),
      formKey: randomUUID(),
    };
  }

  /** One report; with `verify`, also the API's verification of its model hash against today's data. */
  async detail(ctx: RequestContext, id: string, verify = false): Promise<ReportDetailView> {
    const report = await this.reports.get(ctx, id);
    const [clock, names, verification] = await Promise.all([
      this.figures.organization(ctx.organizationId),
      this.names([report.requestedBy]),
      verify ? this.reports.verify(ctx, id) : Promise.resolve(null),
    ]);
    return {
      row: reportRow(report, clock.timeZone, ctx.actor.id, names),
      timeZone: clock.timeZone,
      verification: verification && {
        ...verification,
        asOfLocal: localTime(verification.asOf, clock.timeZone),
      },
    };
  }

  /**
   * Requests a report as `POST /api/v1/reports` does. The form carries a key made when it was shown, used
   * as the API's Idempotency-Key: sending the same form twice queues one report.
   */
  async create(ctx: RequestContext, form: FormFields, formKey: string): Promise<CreateAnswer> {
    const checked = await validated(CreateReportDto, bodyOf(form, { numbers: ['year'] }));
    const done = checked.errors
      ? checked
      : await attempt(() =>
          this.reports.create(
            ctx,
            checked.value,
            /^[0-9a-f-]{36}$/.test(formKey)
              ? {
                  key: `web-form:${formKey}`,
                  fingerprint: requestFingerprint('/app/reports', {}, checked.value),
                }
              : null,
          ),
        );
    if (done.errors === null) return { created: done.value.body };
    return { refused: { list: await this.list(ctx, 0), values: form, errors: done.errors } };
  }

  /** Display names of the people who requested reports, by user id. */
  private async names(ids: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const id of new Set(ids)) {
      const user = await this.users.findById(id);
      if (user) names.set(id, user.displayName);
    }
    return names;
  }
}
