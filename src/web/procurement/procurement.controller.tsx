import { Controller, Get, Query, Res } from '@nestjs/common';
import { Response } from 'express';
import { WRITE_ROLES } from '../../auth/access.decorators';
import { RequestContext } from '../../auth/principal';
import { Page } from '../page.decorator';
import { respond } from '../respond';
import { PageCtx, Web, WebContext } from '../web-context';
import { ProcurementPage } from './procurement-page';
import { ProcurementListsService } from './procurement-lists.service';

/**
 * The officer's procurement records: facilities, contracts and certificates, listed through the API's
 * services (admins and officers, the API's writers); each record's form pages are in record-form.controller.
 */
@Controller('app/procurement')
export class ProcurementController {
  constructor(private readonly lists: ProcurementListsService) {}

  @Get()
  @Page(...WRITE_ROLES)
  async show(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.lists.view(ctx, web.language, query);
    respond(res, web, () => <ProcurementPage web={web} view={view} />, { status: view.errors ? 400 : 200 });
  }
}
