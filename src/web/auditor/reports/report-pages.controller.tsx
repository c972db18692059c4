import { Body, Controller, Get, Header, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { Request, Response } from 'express';
import { evidencePackAnswer, reportFileAnswer } from '../../../reports/report-file-answer';
import { READ_ROLES, WRITE_ROLES } from '../../../auth/access.decorators';
import { RequestContext } from '../../../auth/principal';
import { PageIdPipe } from '../../page-id.pipe';
import { FormBody } from '../../../common/request-body/body.decorators';
import { EvidencePackService } from '../../../reports/evidence-pack.service';
import { ReportFile } from '../../../reports/reports.repository';
import { ReportsService } from '../../../reports/reports.service';
import { Page, SameOriginOnly } from '../../page.decorator';
import { redirect, respond } from '../../respond';
import { fieldOf, FormFields } from '../../views/form';
import { PageCtx, Web, WebContext } from '../../web-context';
import { ReportPagesService } from './report-pages.service';
import { CreateReportForm, ReportList, ReportPage, ReportsPage, Verification } from './reports-page';

/** `?offset=` of a list page: a whole number, else the first page. */
const pageOffset = (raw: unknown): number =>
  typeof raw === 'string' && /^\d{1,8}$/.test(raw) ? Number(raw) : 0;

@Controller('app/reports')
export class ReportPagesController {
  constructor(
    private readonly pages: ReportPagesService,
    private readonly reports: ReportsService,
    private readonly evidencePacks: EvidencePackService,
  ) {}

  /** The organization's reports; for htmx (the list polling itself) only the list. */
  @Get()
  @Page(...READ_ROLES)
  async list(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Res() res: Response,
    @Query('offset') offset?: string,
    @Query('created') created?: string,
  ): Promise<void> {
    const view = await this.pages.list(ctx, pageOffset(offset));
    respond(res, web, () => <ReportsPage web={web} view={view} created={created !== undefined} />, {
      fragment: () => <ReportList web={web} view={view} />,
    });
  }

  /** Queues a report as `POST /api/v1/reports` does (admins and officers); a refused form answers 422. */
  @Post()
  @Page(...WRITE_ROLES)
  @FormBody(4 * 1024)
  async create(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Body() form: FormFields,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { idempotencyKey: _key, ...fields } = form;
    const answer = await this.pages.create(ctx, fields, fieldOf(form, 'idempotencyKey'));
    if ('created' in answer) return redirect(req, res, `/app/reports?created=${answer.created.id}`);
    const { list, values, errors } = answer.refused;
    respond(res, web, () => <ReportsPage web={web} view={list} values={values} errors={errors} />, {
      status: 422,
      fragment: () => <CreateReportForm web={web} view={list} values={values} errors={errors} />,
    });
  }

  @Get(':id')
  @Page(...READ_ROLES)
  async detail(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.pages.detail(ctx, id);
    respond(res, web, () => <ReportPage web={web} view={view} />);
  }

  /** The API's verify: today's figures against the stored model; for htmx only the result. */
  @Get(':id/verify')
  @Page(...READ_ROLES)
  async verify(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.pages.detail(ctx, id, true);
    respond(res, web, () => <ReportPage web={web} view={view} />, {
      fragment: () => <Verification web={web} view={view} />,
    });
  }

  @Get(':id/report.pdf')
  @SameOriginOnly()
  @Page(...READ_ROLES)
  pdf(
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.download(ctx, id, 'pdf', req, res);
  }

  @Get(':id/report.xlsx')
  @SameOriginOnly()
  @Page(...READ_ROLES)
  xlsx(
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.download(ctx, id, 'xlsx', req, res);
  }

  @Get(':id/model.json')
  @SameOriginOnly()
  @Page(...READ_ROLES)
  model(
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.download(ctx, id, 'model', req, res);
  }

  /** The evidence pack, streamed by the API's own EvidencePackService (an auditor's download is audited). */
  @Get(':id/evidence.zip')
  @SameOriginOnly()
  @Page(...READ_ROLES)
  @Header('Cache-Control', 'private, no-store')
  @Header('X-Content-Type-Options', 'nosniff')
  async evidence(
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
  ): Promise<StreamableFile> {
    return evidencePackAnswer(await this.evidencePacks.open(ctx, id));
  }

  /**
   * A stored file as `GET /api/v1/reports/:id/<file>` sends it: the same bytes, type, name, and its SHA-256
   * as ETag (304 when the browser has it). An auditor's download is audited by ReportsService.download.
   */
  private async download(
    ctx: RequestContext,
    id: string,
    kind: ReportFile,
    req: Request,
    res: Response,
  ): Promise<StreamableFile | undefined> {
    return reportFileAnswer(await this.reports.download(ctx, id, kind), req, res);
  }
}
