import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequestContext } from '../../../auth/principal';
import { FormBody } from '../../../common/request-body/body.decorators';
import { pageNotFound } from '../../page-errors';
import { Page } from '../../page.decorator';
import { redirect, respond } from '../../respond';
import { FormFields } from '../../views/form';
import { PageCtx, Web, WebContext } from '../../web-context';
import { yearOfQuery } from '../officer-format';
import { YearsPage } from './years-page';
import { YearAction, YearActionFailure, YearsPagesService } from './years-pages.service';
import { YEARS_TEXT } from './years.text';

const yearOfPath = (raw: string): number => {
  const year = yearOfQuery(raw);
  if (year === undefined) throw pageNotFound();
  return year;
};

/** The query of the years page after an action, which says what was done. */
const DONE: Record<YearAction, string> = { finalize: 'finalized', reopen: 'reopened' };

/** Reporting years and their state; admins finalize a year from a ready report, and reopen it. */
@Controller('app/years')
export class YearsPagesController {
  constructor(private readonly years: YearsPagesService) {}

  @Get()
  @Page('admin', 'officer')
  async show(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const t = YEARS_TEXT[web.language];
    const year = (raw: unknown) => (typeof raw === 'string' && /^\d{4}$/.test(raw) ? raw : null);
    const finalized = year(query.finalized);
    const reopened = year(query.reopened);
    const notice = finalized ? t.finalized(finalized) : reopened ? t.reopened(reopened) : null;
    await this.answer(res, web, ctx, null, notice);
  }

  @Post(':year/finalize')
  @Page('admin')
  @FormBody()
  finalize(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('year') year: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.act('finalize', year, web, ctx, req, res);
  }

  @Post(':year/reopen')
  @Page('admin')
  @FormBody()
  reopen(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('year') year: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.act('reopen', year, web, ctx, req, res);
  }

  /** Finalizes or reopens the year; back to the years with what was done, or the page with the refusal. */
  private async act(
    action: YearAction,
    raw: string,
    web: WebContext,
    ctx: RequestContext,
    req: Request,
    res: Response,
  ): Promise<void> {
    const year = yearOfPath(raw);
    const { failure } = await this.years[action](ctx, year, req.body as FormFields);
    if (failure) return this.answer(res, web, ctx, failure, null);
    redirect(req, res, `/app/years?${DONE[action]}=${year}#notice`);
  }

  private async answer(
    res: Response,
    web: WebContext,
    ctx: RequestContext,
    failure: YearActionFailure | null,
    notice: string | null,
  ): Promise<void> {
    const view = await this.years.view(ctx);
    respond(res, web, () => <YearsPage web={web} view={view} failure={failure} notice={notice} />, {
      status: failure ? (failure.refusal?.status ?? 422) : 200,
    });
  }
}
