import { Controller, Get, Query } from '@nestjs/common';
import { READ_ROLES } from '../../auth/access.decorators';
import { RequestContext } from '../../auth/principal';
import { Page } from '../page.decorator';
import { htmlDocument } from '../views/render';
import { PageCtx, Web, WebContext } from '../web-context';
import { DashboardPage } from './dashboard-page';
import { DashboardService } from './dashboard.service';

@Controller('app')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /** The landing page: the year's RE % against the trajectory, and what stands behind it. */
  @Get()
  @Page(...READ_ROLES)
  async show(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Query('year') year?: string,
  ): Promise<string> {
    const view = await this.dashboard.view(ctx, year);
    return htmlDocument(<DashboardPage web={web} view={view} />);
  }
}
