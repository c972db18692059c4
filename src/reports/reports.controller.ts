import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { evidencePackAnswer, reportFileAnswer } from './report-file-answer';
import { Ctx, READ_ROLES, Roles, WRITE_ROLES } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { idempotencyOf } from '../common/idempotency';
import { ParseIdPipe } from '../common/parse-id.pipe';
import {
  CreateReportDto,
  ReportDto,
  ReportListQueryDto,
  ReportModelFileDto,
  ReportPageDto,
  ReportVerificationDto,
} from './dto/report.dto';
import { EvidencePackService } from './evidence-pack.service';
import { ReportFile } from './reports.repository';
import { REPORT_DOWNLOADS, ReportsService } from './reports.service';

const binary = (type: string) => ({
  description: 'The file',
  content: { [type]: { schema: { type: 'string', format: 'binary' } } },
});

@ApiTags('reports')
@ApiBearerAuth()
@ApiErrors()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly evidencePacks: EvidencePackService,
  ) {}

  /**
   * Requests a disclosure report of a reporting year in a language (officer, admin): answers 202 with the
   * report, `queued`; a job builds and renders it (`running`, then `ready` with its files, or `failed`).
   * `Idempotency-Key` makes a retry return the first answer.
   */
  @Post()
  @Roles(...WRITE_ROLES)
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ReportDto })
  async create(
    @Ctx() ctx: RequestContext,
    @Body() dto: CreateReportDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReportDto> {
    const answer = await this.reports.create(ctx, dto, idempotencyOf(req, {}, dto));
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return answer.body;
  }

  /** Reports, newest first. */
  @Get()
  @Roles(...READ_ROLES)
  @ApiOkResponse({ type: ReportPageDto })
  list(@Ctx() ctx: RequestContext, @Query() query: ReportListQueryDto): Promise<ReportPageDto> {
    return this.reports.list(ctx, query);
  }

  @Get(':id')
  @Roles(...READ_ROLES)
  @ApiOkResponse({ type: ReportDto })
  get(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string): Promise<ReportDto> {
    return this.reports.get(ctx, id);
  }

  /** The PDF as stored; its ETag is its SHA-256. */
  @Get(':id/report.pdf')
  @Roles(...READ_ROLES)
  @ApiOkResponse(binary(REPORT_DOWNLOADS.pdf.contentType))
  pdf(
    @Ctx() ctx: RequestContext,
    @Param('id', ParseIdPipe) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.download(ctx, id, 'pdf', req, res);
  }

  /** The workbook as stored; its ETag is its SHA-256. */
  @Get(':id/report.xlsx')
  @Roles(...READ_ROLES)
  @ApiOkResponse(binary(REPORT_DOWNLOADS.xlsx.contentType))
  xlsx(
    @Ctx() ctx: RequestContext,
    @Param('id', ParseIdPipe) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.download(ctx, id, 'xlsx', req, res);
  }

  /** The report model (JSON) the files were rendered from; its `modelHash` covers `content`. */
  @Get(':id/model.json')
  @Roles(...READ_ROLES)
  @ApiOkResponse({ type: ReportModelFileDto })
  model(
    @Ctx() ctx: RequestContext,
    @Param('id', ParseIdPipe) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.download(ctx, id, 'model', req, res);
  }

  /**
   * The evidence pack, streamed: the PDF, XLSX and model, the claims register and consumption per meter and
   * month as CSV, the evidence files of the claimed certificates and contracts, and `manifest.json` with
   * each file's SHA-256 and the model hash.
   */
  @Get(':id/evidence.zip')
  @Roles(...READ_ROLES)
  @Header('Cache-Control', 'private, no-store')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiOkResponse(binary('application/zip'))
  async evidence(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string): Promise<StreamableFile> {
    return evidencePackAnswer(await this.evidencePacks.open(ctx, id));
  }

  /** Rebuilds the report's figures from today's data: whether they still match, and which differ. */
  @Get(':id/verify')
  @Roles(...READ_ROLES)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ReportVerificationDto })
  verify(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string): Promise<ReportVerificationDto> {
    return this.reports.verify(ctx, id);
  }

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
