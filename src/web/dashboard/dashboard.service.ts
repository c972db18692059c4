import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../auth/principal';
import { Scope2Service } from '../../emissions/scope2.service';
import { DataQualityService } from '../../readings/data-quality.service';
import { Re100ProgressService } from '../../re100/re100-progress.service';
import { pageNotFound } from '../page-errors';
import { dashboardView, DashboardView } from './dashboard-view';

/** Asks the API's own presenters (progress, series, Scope 2, data quality) for the dashboard's figures. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly progress: Re100ProgressService,
    private readonly scope2: Scope2Service,
    private readonly quality: DataQualityService,
  ) {}

  /** `year` from the page's query; by default the current reporting year. */
  async view(ctx: RequestContext, year?: string): Promise<DashboardView> {
    const asked = year === undefined || year === '' ? undefined : Number(year);
    if (asked !== undefined && !(Number.isInteger(asked) && asked >= 2000 && asked <= 2100))
      throw pageNotFound();
    let series = await this.progress.series(ctx, {});
    if (asked !== undefined && asked > series.to) series = await this.progress.series(ctx, { to: asked });
    const shown = asked ?? series.to;
    const [progress, scope2, quality] = await Promise.all([
      this.progress.year(ctx, { year: shown }),
      this.scope2.year(ctx, shown),
      this.quality.withProblems(ctx, { year: shown, staleAfterHours: 48, limit: 1, offset: 0 }),
    ]);
    return dashboardView({ progress, series, scope2, metersWithProblems: quality.total });
  }
}
