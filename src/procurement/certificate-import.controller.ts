import { Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Ctx, Roles, WRITE_ROLES } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { TextFileBody } from '../common/request-body/body.decorators';
import { CERTIFICATE_IMPORT_MAX_BYTES, CertificateImportService } from './certificate-import.service';
import { CertificateImportQueryDto, CertificateImportResultDto } from './dto/certificate-import.dto';

@ApiTags('procurement')
@ApiBearerAuth()
@ApiErrors(400, 401, 403, 413, 415, 422)
@Controller('certificates/import')
export class CertificateImportController {
  constructor(private readonly imports: CertificateImportService) {}

  /**
   * Imports a registry export of certificates (CSV, format in the README), sent as `text/csv` or as the
   * `file` field of multipart/form-data. All or nothing: a file with a refused row answers 422
   * `BATCH_REJECTED` with each problem at `rows.<line>.<column>` and writes nothing; `dryRun=true`
   * answers the per-row report and writes nothing.
   */
  @Post()
  @Roles(...WRITE_ROLES)
  @TextFileBody(CERTIFICATE_IMPORT_MAX_BYTES)
  @HttpCode(200)
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  import(
    @Ctx() ctx: RequestContext,
    @Query() query: CertificateImportQueryDto,
    @Body() text: string,
  ): Promise<CertificateImportResultDto> {
    return this.imports.import(ctx, text, query.dryRun);
  }
}
