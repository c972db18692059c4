import { Controller, Get, Query, Res } from '@nestjs/common';
import { Response } from 'express';
import { READ_ROLES } from '../../../auth/access.decorators';
import { RequestContext } from '../../../auth/principal';
import { Page } from '../../page.decorator';
import { respond } from '../../respond';
import { FormFields } from '../../views/form';
import { PageCtx, Web, WebContext } from '../../web-context';
import { ExplainPage } from './explain-page';
import { ExplainPagesService } from './explain-pages.service';

@Controller('app/explain')
export class ExplainPagesController {
  constructor(private readonly pages: ExplainPagesService) {}

  /**
   * The inputs behind a figure (`GET /api/v1/re100/explain`, `GET /api/v1/emissions/scope2/explain`): the RE %
   * by default, `?market=`, `?claimId=`, or one site's Scope 2 with `?siteId=`; `?year=` (default: the current).
   */
  @Get()
  @Page(...READ_ROLES)
  async show(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Query() query: FormFields,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.pages.view(ctx, web.language, query);
    respond(res, web, () => <ExplainPage web={web} view={view} />);
  }
}
