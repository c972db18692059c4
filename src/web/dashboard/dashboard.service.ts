import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../auth/principal';
import { presentScope2, scope2Of } from '../../emissions/scope2.service';
import { hasGapsOrIsStale, yearCoverage } from '../../figures/meter-coverage';
import { YearFiguresService } from '../../figures/year-figures.service';
import { declaredMilestones } from '../../re100/progress';
import { presentSeries, presentYear, Re100ProgressService } from '../../re100/re100-progress.service';
import { pageNotFound } from '../page-errors';
import { dashboardView, DashboardView } from './dashboard-view';

/**
 * The dashboard's figures, read once: every year of the series (and the year shown) in one snapshot, then
 * presented by the API's own presenters (progress, series, Scope 2, data quality), so every panel agrees
 * with the others and with the API.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly progress: Re100ProgressService,
    private readonly figures: YearFiguresService,
  ) {}

  /** `year` from the page's query; by default the current reporting year. */
  async view(ctx: RequestContext, year?: string): Promise<DashboardView> {
    const asked = year === undefined || year === '' ? undefined : Number(year);
    if (asked !== undefined && !(Number.isInteger(asked) && asked >= 2000 && asked <= 2100))
      throw pageNotFound();
    const span = await this.progress.seriesSpan(ctx, {});
    if (asked !== undefined && asked > span.to) span.to = asked;
    const shown = asked ?? span.to;
    const spanYears = Array.from({ length: span.to - span.from + 1 }, (_, i) => span.from + i);
    const requested = spanYears.includes(shown) ? spanYears : [shown, ...spanYears];
    const { years, baseline } = await this.figures.years(
      ctx.organizationId,
      requested.map((y) => ({ year: y })),
    );
    const figures = years.find((f) => f.year === shown)!;
    return dashboardView({
      progress: presentYear(figures, baseline),
      series: presentSeries(
        years.filter((f) => f.year >= span.from && f.year <= span.to),
        baseline,
        span,
      ),
      scope2: presentScope2({ figures, result: scope2Of(figures) }),
      milestones: declaredMilestones(figures.commitment),
      metersWithProblems: yearCoverage(figures).filter(hasGapsOrIsStale).length,
    });
  }
}
