import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequestContext } from '../../../auth/principal';
import { FormBody } from '../../../common/request-body/body.decorators';
import { Page } from '../../page.decorator';
import { redirect, respond } from '../../respond';
import { FormFields } from '../../views/form';
import { PageCtx, Web, WebContext } from '../../web-context';
import { offsetOfQuery, queryText, yearOfQuery } from '../officer-format';
import { PageIdPipe } from '../../page-id.pipe';
import { MeterPage, SitePage, SitesPage } from './sites-pages';
import { SitesPagesService } from './sites-pages.service';
import { SITES_TEXT } from './sites.text';

/** Sites and meters with their data quality, a meter's readings, and the void of readings stored in error. */
@Controller('app/sites')
export class SitesPagesController {
  constructor(private readonly pages: SitesPagesService) {}

  @Get()
  @Page('admin', 'officer')
  async list(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.pages.list(ctx, { year: query.year, offset: offsetOfQuery(query.offset) });
    respond(res, web, () => <SitesPage web={web} view={view} />);
  }

  @Get('meters/:meterId')
  @Page('admin', 'officer')
  async meter(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('meterId', PageIdPipe) meterId: string,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const { view, filterErrors } = await this.pages.meter(ctx, meterId, {
      year: query.year,
      from: queryText(query.from),
      to: queryText(query.to),
      offset: offsetOfQuery(query.offset),
    });
    const voided = queryText(query.voided);
    const voidedWh = queryText(query.voidedWh);
    const notice =
      voided !== undefined && /^\d+$/.test(voided) && voidedWh !== undefined && /^\d+$/.test(voidedWh)
        ? SITES_TEXT[web.language].voided(voided, voidedWh)
        : null;
    respond(
      res,
      web,
      () => <MeterPage web={web} view={view} filterErrors={filterErrors} voidState={null} notice={notice} />,
      { status: filterErrors ? 422 : 200 },
    );
  }

  /** Voids the meter's readings of a period; a refusal (a finalized year: PERIOD_LOCKED) is shown on the page. */
  @Post('meters/:meterId/void')
  @Page('admin', 'officer')
  @FormBody()
  async void(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('meterId', PageIdPipe) meterId: string,
    @Query('year') year: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const shown = yearOfQuery(year);
    const done = await this.pages.voidReadings(ctx, meterId, req.body as FormFields);
    if (done.result) {
      const query = new URLSearchParams({
        ...(shown ? { year: String(shown) } : {}),
        voided: String(done.result.voided),
        voidedWh: done.result.voidedWh,
      });
      return redirect(req, res, `/app/sites/meters/${meterId}?${query}#notice`);
    }
    const { view } = await this.pages.meter(ctx, meterId, {
      year: shown ? String(shown) : undefined,
      offset: 0,
    });
    respond(
      res,
      web,
      () => <MeterPage web={web} view={view} filterErrors={null} voidState={done.state} notice={null} />,
      { status: done.state.refusal?.status ?? 422 },
    );
  }

  @Get(':siteId')
  @Page('admin', 'officer')
  async site(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('siteId', PageIdPipe) siteId: string,
    @Query('year') year: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.pages.site(ctx, siteId, year);
    respond(res, web, () => <SitePage web={web} view={view} />);
  }
}
