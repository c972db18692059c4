import { Body, Controller, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { ApiKeyOr, Ctx } from '../../auth/access.decorators';
import { RequestContext } from '../../auth/principal';
import { ApiErrors } from '../../common/api-docs';
import { idempotencyOf } from '../../common/idempotency';
import { SpooledBody, TextFileBody } from '../../common/request-body/body.decorators';
import { SpooledFile } from '../../common/request-body/file-body';
import { CsvImportQueryDto, GreenButtonImportQueryDto } from '../dto/import-query.dto';
import { IngestResultDto } from '../dto/ingest-result.dto';
import { answerIngest } from '../ingest-http';
import { GREEN_BUTTON_MAX_BYTES, ReadingsImportService } from './readings-import.service';

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
  @SpooledBody()
  @HttpCode(200)
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody(FILE_BODY)
  async csv(
    @Ctx() ctx: RequestContext,
    @Query() query: CsvImportQueryDto,
    @Body() file: SpooledFile,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IngestResultDto> {
    const { timestampConvention, timeZone, ambiguous, unit, meter, ...options } = query;
    const answer = await this.imports.csv(
      ctx,
      file,
      { timestampConvention, timeZone, ambiguous, defaultUnit: unit, meterRef: meter },
      { ...options, idempotency: idempotencyOf(req, query, { sha256: file.sha256 }) },
    );
    return answerIngest(answer, res, 'file');
  }

  /**
   * Imports a Green Button (ESPI Atom XML) file, sent as `application/xml` or as the `file` field of
   * multipart/form-data. DOCTYPE declarations are refused (no entity expansion, no external entities).
   */
  @Post('green-button')
  @ApiKeyOr('admin', 'officer')
  @TextFileBody('upload', GREEN_BUTTON_MAX_BYTES)
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
      { ...options, idempotency: idempotencyOf(req, query, xml) },
    );
    return answerIngest(answer, res, 'file');
  }
}
