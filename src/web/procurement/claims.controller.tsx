import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { WRITE_ROLES } from '../../auth/access.decorators';
import { RequestContext } from '../../auth/principal';
import { FormBody } from '../../common/request-body/body.decorators';
import { Allocation } from '../../procurement/allocation.entity';
import { AutoAllocationResultDto } from '../../re100/dto/auto-allocation.dto';
import { PageIdPipe } from '../page-id.pipe';
import { Page } from '../page.decorator';
import { respond } from '../respond';
import { FormFields } from '../views/form';
import { PageCtx, Web, WebContext } from '../web-context';
import { AutoAllocationPage } from './auto-allocation-page';
import { AutoAllocationPagesService, AutoAllocationView } from './auto-allocation-pages.service';
import { AllocateForm, ClaimsPage, claimsNotice } from './claims-page';
import { ClaimsPagesService, ClaimsView } from './claims-pages.service';
import { answer, FormAnswer } from './page-outcome';

/** Each form once done: back to the claims of its year, with a notice of what was done. */
const ALLOCATE: FormAnswer<Allocation, ClaimsView> = {
  next: (allocation) => `/app/claims?year=${allocation.reportingYear}&saved=allocated`,
  page: (web, view) => <ClaimsPage web={web} view={view} />,
  fragment: (web, view) => <AllocateForm web={web} view={view} />,
};
const REMOVE: FormAnswer<Allocation, ClaimsView> = {
  next: (allocation) => `/app/claims?year=${allocation.reportingYear}&saved=deleted`,
  page: (web, view) => <ClaimsPage web={web} view={view} />,
};
const APPLY: FormAnswer<AutoAllocationResultDto, AutoAllocationView> = {
  next: (applied) => `/app/claims?year=${applied.reportingYear}&applied=${applied.allocations.length}`,
  page: (web, view) => <AutoAllocationPage web={web} view={view} />,
};

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
    answer(req, res, web, await this.claims.allocate(ctx, web.language, form), ALLOCATE);
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
    answer(req, res, web, await this.claims.remove(ctx, web.language, id), REMOVE);
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
    answer(req, res, web, await this.autoAllocation.apply(ctx, web.language, form), APPLY);
  }
}
