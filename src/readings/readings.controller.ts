import { Body, Controller, Delete, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
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
import { mayWrite, ReadingIngestionService } from './reading-ingestion.service';
import { answerIngest, readingsOfBody } from './ingest-http';
import { AppError, notFound } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { VoidReadingsQueryDto, VoidResultDto } from './dto/void.dto';
import { ReadingVoidService } from './reading-void.service';

@ApiTags('readings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@ApiErrors(400, 401, 403, 404, 409, 413, 415, 422)
@Controller()
export class ReadingsController {
  constructor(
    private readonly ingestion: ReadingIngestionService,
    private readonly resets: RegisterResetService,
    private readonly voids: ReadingVoidService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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

  /**
   * Voids the readings of an interval meter that start within [from, to) (local dates in the site's zone,
   * or instants), stored in error: they leave the readings and the rollups, and stay in their revision
   * history (reason `void`) and in the audit log with the reason given. People only (no API key); 409
   * `PERIOD_LOCKED` when one falls in a finalized year; 422 `METER_KIND_MISMATCH` for a register meter.
   */
  @Delete('meters/:meterId/readings')
  @Roles('admin', 'officer')
  @HttpCode(200)
  voidReadings(
    @Ctx() ctx: RequestContext,
    @Param('meterId', ParseIdPipe) meterId: string,
    @Query() query: VoidReadingsQueryDto,
  ): Promise<VoidResultDto> {
    return this.voids.void(ctx, meterId, query);
  }

  /** Declares a meter exchange or register reset: later reads continue from the given value. */
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

  /**
   * The HTTP adapter of a push: the body's envelope, the path's meter (404, or 403 for an API key not
   * allowed to write it), the batch size (413), then the ingestion core, whose result is answered here.
   */
  private async push(
    ctx: RequestContext,
    meterId: string | null,
    query: IngestQueryDto,
    body: unknown,
    req: Request,
    res: Response,
  ): Promise<IngestResultDto> {
    const idempotency = idempotencyOf(req, query, body);
    const readings = readingsOfBody(body);
    const pathMeter = meterId ? await this.ingestion.meter(ctx, meterId) : null;
    if (meterId && !pathMeter) throw notFound('Meter', meterId);
    if (pathMeter && !mayWrite(ctx, pathMeter.id)) {
      throw new AppError('FORBIDDEN', 'This API key may not write this meter');
    }
    if (readings.length > this.config.readingsMaxBatch) {
      throw new AppError(
        'TOO_MANY_ROWS',
        `A batch holds at most ${this.config.readingsMaxBatch} readings; this one holds ${readings.length}`,
      );
    }
    const batch = await this.ingestion.parseJson(ctx, readings, pathMeter);
    // The body's JSON objects (megabytes for 10,000 readings) are not needed once parsed: let them go now
    // rather than keep them through the write, while other batches are in flight (less garbage to copy).
    readings.length = 0;
    const result = await this.ingestion.ingest(ctx, 'api', batch, { ...query, idempotency });
    return answerIngest(result, res, 'push');
  }
}
