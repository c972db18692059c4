import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { WRITE_ROLES } from '../../auth/access.decorators';
import { RequestContext } from '../../auth/principal';
import { FormBody } from '../../common/request-body/body.decorators';
import { Page } from '../page.decorator';
import { redirect, respond } from '../respond';
import { FormFields } from '../views/form';
import { PageCtx, Web, WebContext } from '../web-context';
import { AutoAllocationPage } from './auto-allocation-page';
import { AutoAllocationPagesService } from './auto-allocation-pages.service';
import { AllocateForm, ClaimsPage, claimsNotice } from './claims-page';
import { ClaimsPagesService } from './claims-pages.service';
import { PageIdPipe } from '../page-id.pipe';

/** The claims of a reporting year with their verdicts, manual allocation and auto-allocation. */
@Controller('app/claims')
export class ClaimsController {
  constructor(
    private readonly claims: ClaimsPagesService,
    private readonly autoAllocation: AutoAllocationPagesService,
  ) {}

  @Get()
  @Page(...WRITE_ROLES)
  async show(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Res() res: Response,
    @Query('year') year?: string,
    @Query('saved') saved?: string,
    @Query('applied') applied?: string,
  ): Promise<void> {
    const view = await this.claims.view(ctx, web.language, year);
    respond(res, web, () => <ClaimsPage web={web} view={view} notice={claimsNotice(web, saved, applied)} />);
  }

  @Post('allocate')
  @Page(...WRITE_ROLES)
  @FormBody()
  async allocate(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Body() form: FormFields,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const outcome = await this.claims.allocate(ctx, web.language, form);
    if ('year' in outcome) return redirect(req, res, `/app/claims?year=${outcome.year}&saved=allocated`);
    respond(res, web, () => <ClaimsPage web={web} view={outcome.view} />, {
      status: outcome.status,
      fragment: () => <AllocateForm web={web} view={outcome.view} />,
    });
  }

  @Post('allocations/:id/delete')
  @Page(...WRITE_ROLES)
  @FormBody(1024)
  async remove(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const outcome = await this.claims.remove(ctx, web.language, id);
    if ('year' in outcome) return redirect(req, res, `/app/claims?year=${outcome.year}&saved=deleted`);
    respond(res, web, () => <ClaimsPage web={web} view={outcome.view} />, { status: outcome.status });
  }

  @Get('auto')
  @Page(...WRITE_ROLES)
  async autoForm(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Res() res: Response,
    @Query('year') year?: string,
  ): Promise<void> {
    const view = await this.autoAllocation.form(ctx, web.language, year);
    respond(res, web, () => <AutoAllocationPage web={web} view={view} />);
  }

  /** The dry run: what auto-allocation would write, writing nothing. */
  @Post('auto/preview')
  @Page(...WRITE_ROLES)
  @FormBody()
  async preview(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Body() form: FormFields,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.autoAllocation.preview(ctx, web.language, form);
    respond(res, web, () => <AutoAllocationPage web={web} view={view} />, { status: view.status });
  }

  @Post('auto/apply')
  @Page(...WRITE_ROLES)
  @FormBody()
  async apply(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Body() form: FormFields,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const outcome = await this.autoAllocation.apply(ctx, web.language, form);
    if ('applied' in outcome)
      return redirect(
        req,
        res,
        `/app/claims?year=${outcome.applied.reportingYear}&applied=${outcome.applied.allocations.length}`,
      );
    respond(res, web, () => <AutoAllocationPage web={web} view={outcome.view} />, { status: outcome.status });
  }
}
