import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Ctx, READ_ROLES, Roles, WRITE_ROLES } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors, ApiIdempotencyKey } from '../common/api-docs';
import { idempotencyOf } from '../common/idempotency';
import { PageQueryDto } from '../common/page-query.dto';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { TextFileBody } from '../common/request-body/body.decorators';
import { CreateFactorSetDto, CsvFactorSetQueryDto, ListFactorsQueryDto } from './dto/factor-set.dto';
import { FactorSetDto } from './dto/factor-set-response.dto';
import { FACTOR_CSV_MAX_BYTES, FactorSetsService } from './factor-sets.service';

@ApiTags('emissions')
@ApiBearerAuth()
@ApiErrors()
@Controller('emission-factor-sets')
export class FactorSetsController {
  constructor(private readonly sets: FactorSetsService) {}

  /** The shipped reference sets (the default factors) and the organization's own sets. */
  @Get()
  @Roles(...READ_ROLES)
  list(@Ctx() ctx: RequestContext, @Query() query: PageQueryDto) {
    return this.sets.list(ctx, query);
  }

  /** One set, with the SHA-256 of its rows. */
  @Get(':id')
  @Roles(...READ_ROLES)
  get(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string) {
    return this.sets.get(ctx, id);
  }

  /** The rows of a set, by id, each with its exact value in kg per MWh. */
  @Get(':id/factors')
  @Roles(...READ_ROLES)
  factors(
    @Ctx() ctx: RequestContext,
    @Param('id', ParseIdPipe) id: string,
    @Query() query: ListFactorsQueryDto,
  ) {
    return this.sets.factors(ctx, id, query);
  }

  /**
   * Loads a factor set from JSON rows or CSV text (formats in the README), all or nothing: every problem of
   * every row answers 422 with its path (`rows[3].unit`, `csv[5].value`) and nothing is written.
   */
  @Post()
  @Roles(...WRITE_ROLES)
  @ApiIdempotencyKey()
  load(
    @Ctx() ctx: RequestContext,
    @Body() dto: CreateFactorSetDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FactorSetDto> {
    return this.answer(ctx, dto, idempotencyOf(req, {}, dto), res);
  }

  /**
   * Loads a factor set from a CSV file sent as `text/csv` or as the `file` field of multipart/form-data,
   * with its name and version in the query; same rules and answers as the JSON form.
   */
  @Post('csv')
  @Roles(...WRITE_ROLES)
  @TextFileBody(FACTOR_CSV_MAX_BYTES)
  @ApiIdempotencyKey()
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  loadCsv(
    @Ctx() ctx: RequestContext,
    @Query() query: CsvFactorSetQueryDto,
    @Body() text: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FactorSetDto> {
    return this.answer(ctx, { ...query, csv: text }, idempotencyOf(req, query, text), res);
  }

  private async answer(
    ctx: RequestContext,
    dto: CreateFactorSetDto,
    idempotency: ReturnType<typeof idempotencyOf>,
    res: Response,
  ): Promise<FactorSetDto> {
    const answer = await this.sets.load(ctx, dto, idempotency);
    res.status(answer.statusCode);
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return answer.body;
  }
}
