import { Body, Controller, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { IsIanaTimeZone } from '../../common/geo';
import { Request, Response } from 'express';
import { ApiKeyOr, Ctx } from '../../auth/access.decorators';
import { RequestContext } from '../../auth/principal';
import { ApiErrors } from '../../common/api-docs';
import { idempotencyOf } from '../../common/idempotency';
import { IngestQueryDto } from '../dto/ingest.dto';
import { IngestResultDto } from '../dto/ingest-result.dto';
import { reply } from '../readings.controller';
import { ReadingsImportService } from './readings-import.service';

export class GreenButtonImportQueryDto extends IngestQueryDto {
  /** Import the series of this meter's direction into it … */
  @IsOptional()
  @IsUUID()
  meterId?: string;

  /** … or create (or reuse) a meter per usage point and direction on this site. */
  @IsOptional()
  @IsUUID()
  siteId?: string;
}

export class CsvImportQueryDto extends IngestQueryDto {
  /** Whether a `timestamp` column labels the interval start (default) or its end (M-1). */
  @IsOptional()
  @IsIn(['start', 'end'])
  timestampConvention: 'start' | 'end' = 'start';

  /** Zone of timestamps without offset: an IANA zone, or `site` for each meter's site zone. Without it such rows are refused. */
  @IsOptional()
  @ValidateIf((o: CsvImportQueryDto) => o.timeZone !== 'site')
  @IsIanaTimeZone()
  timeZone?: string;

  /** The repeated fall-back hour: resolved by row order (default) or refused. */
  @IsOptional()
  @IsIn(['order', 'reject'])
  ambiguous: 'order' | 'reject' = 'order';

  /** Unit of rows without one (default: each meter's unit). */
  @IsOptional()
  @IsIn(['Wh', 'kWh', 'MWh'])
  unit?: 'Wh' | 'kWh' | 'MWh';

  /** External id of the meter of every row, for files without a meter column. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  meter?: string;
}

const FILE_BODY = {
  schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
};

@ApiTags('readings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@ApiErrors(400, 401, 403, 404, 409, 413, 415, 422)
@Controller('readings/import')
export class ReadingsImportController {
  constructor(private readonly imports: ReadingsImportService) {}

  /**
   * Imports a CSV file of interval readings (format in the README), sent as `text/csv` or as the `file`
   * field of multipart/form-data. Each bad row is refused with its line number and a code.
   */
  @Post('csv')
  @ApiKeyOr('admin', 'officer')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody(FILE_BODY)
  async csv(
    @Ctx() ctx: RequestContext,
    @Query() query: CsvImportQueryDto,
    @Body() text: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IngestResultDto> {
    const { timestampConvention, timeZone, ambiguous, unit, meter, ...options } = query;
    const answer = await this.imports.csv(
      ctx,
      text,
      { timestampConvention, timeZone, ambiguous, defaultUnit: unit, meterRef: meter },
      {
        ...options,
        source: 'csv',
        idempotency: idempotencyOf(req, query, text),
      },
    );
    return reply(answer, res);
  }

  /**
   * Imports a Green Button (ESPI Atom XML) file, sent as `application/xml` or as the `file` field of
   * multipart/form-data. DOCTYPE declarations are refused (no entity expansion, no external entities).
   */
  @Post('green-button')
  @ApiKeyOr('admin', 'officer')
  @HttpCode(200)
  @ApiConsumes('application/xml', 'multipart/form-data')
  @ApiBody(FILE_BODY)
  async greenButton(
    @Ctx() ctx: RequestContext,
    @Query() query: GreenButtonImportQueryDto,
    @Body() xml: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IngestResultDto> {
    const { meterId, siteId, ...options } = query;
    const answer = await this.imports.greenButton(
      ctx,
      xml,
      { meterId, siteId },
      {
        ...options,
        source: 'green_button',
        idempotency: idempotencyOf(req, query, xml),
      },
    );
    return reply(answer, res);
  }
}
