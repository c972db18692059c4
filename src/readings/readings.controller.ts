import { Body, Controller, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { ApiKeyOr, Ctx, Roles } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors, ApiIdempotencyKey } from '../common/api-docs';
import { idempotencyOf } from '../common/idempotency';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { JsonBody } from '../common/request-body/body.decorators';
import { IngestQueryDto, PushReadingsDto, RegisterResetDto } from './dto/ingest.dto';
import { RegisterResetService } from './register-reset.service';
import { IngestResultDto } from './dto/ingest-result.dto';
import { IngestAnswer, ReadingIngestionService } from './reading-ingestion.service';

@ApiTags('readings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@ApiErrors(400, 401, 403, 404, 409, 413, 415, 422)
@Controller()
export class ReadingsController {
  constructor(
    private readonly ingestion: ReadingIngestionService,
    private readonly resets: RegisterResetService,
  ) {}

  /**
   * Pushes interval or register readings of one meter (up to 10,000). Answers per reading: accepted,
   * duplicates, corrected, and rejected with a code each.
   */
  @Post('meters/:meterId/readings')
  @ApiKeyOr('admin', 'officer')
  @JsonBody('readings')
  @HttpCode(200)
  @ApiBody({ type: PushReadingsDto })
  @ApiIdempotencyKey()
  pushToMeter(
    @Ctx() ctx: RequestContext,
    @Param('meterId', ParseIdPipe) meterId: string,
    @Query() query: IngestQueryDto,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IngestResultDto> {
    return this.push(ctx, meterId, query, body, req, res);
  }

  /** Gateway form: readings of several meters, each naming its meter by `meterId` or `meterExternalId`. */
  @Post('readings')
  @ApiKeyOr('admin', 'officer')
  @JsonBody('readings')
  @HttpCode(200)
  @ApiBody({ type: PushReadingsDto })
  @ApiIdempotencyKey()
  pushGateway(
    @Ctx() ctx: RequestContext,
    @Query() query: IngestQueryDto,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IngestResultDto> {
    return this.push(ctx, null, query, body, req, res);
  }

  /** Declares a meter exchange or register reset: later reads continue from the given value (M-2). */
  @Post('meters/:meterId/register-resets')
  @Roles('admin', 'officer')
  @HttpCode(201)
  declareReset(
    @Ctx() ctx: RequestContext,
    @Param('meterId', ParseIdPipe) meterId: string,
    @Body() dto: RegisterResetDto,
  ) {
    return this.resets.declare(ctx, meterId, dto);
  }

  private async push(
    ctx: RequestContext,
    meterId: string | null,
    query: IngestQueryDto,
    body: unknown,
    req: Request,
    res: Response,
  ): Promise<IngestResultDto> {
    const answer = await this.ingestion.pushJson(ctx, meterId, body, {
      ...query,
      source: 'api',
      idempotency: idempotencyOf(req, query, body),
    });
    return reply(answer, res);
  }
}

/** Sends a stored or fresh answer, marking replays. */
export function reply(answer: IngestAnswer, res: Response): IngestResultDto {
  res.status(answer.statusCode);
  if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return answer.body;
}
