import { Body, Delete, Get, Header, HttpCode, Param, Post, Query, Req, UploadedFile } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { Request } from 'express';
import { Ctx, READ_ROLES, Roles, WRITE_ROLES } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { PageQueryDto } from '../common/page-query.dto';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { EvidenceBody } from '../common/request-body/body.decorators';
import { EvidenceDto, EvidencePageDto, UploadEvidenceDto } from './dto/evidence.dto';
import { EVIDENCE_CONTENT_TYPES, EVIDENCE_MAX_BYTES } from './evidence-content';
import { EVIDENCE_KINDS } from './evidence-file.entity';
import { EvidenceOwner, EvidenceService, UploadedEvidence } from './evidence.service';

const UPLOAD_BODY = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: {
      file: { type: 'string', format: 'binary', description: `One of ${EVIDENCE_CONTENT_TYPES.join(', ')}` },
      description: { type: 'string', maxLength: 2000 },
      kind: {
        type: 'string',
        enum: [...EVIDENCE_KINDS],
        default: 'OTHER',
        description:
          'What the file shows; a certificate’s registry cancellation statement is CANCELLATION_STATEMENT ' +
          '(the cancellation evidence of docs/rules.md#v5-cancel-1)',
      },
    },
  },
};

const FILE = { schema: { type: 'string', format: 'binary' } };

/**
 * The evidence routes under a contract or a certificate (`ContractEvidenceController`,
 * `CertificateEvidenceController` mount them); the owner's id is the `id` path parameter.
 */
export abstract class EvidenceController {
  protected constructor(
    private readonly evidence: EvidenceService,
    private readonly owner: EvidenceOwner,
  ) {}

  /**
   * Attaches a file (multipart/form-data: `file`, optional `description` and `kind`): PDF, PNG, JPEG, CSV, plain
   * text or XLSX up to 10 MiB, whose content must agree with its type (415 otherwise).
   */
  @Post()
  @Roles(...WRITE_ROLES)
  @EvidenceBody(EVIDENCE_MAX_BYTES)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiCreatedResponse({ type: EvidenceDto })
  upload(
    @Ctx() ctx: RequestContext,
    @Param('id', ParseIdPipe) id: string,
    @UploadedFile() file: UploadedEvidence,
    @Body() dto: UploadEvidenceDto,
  ): Promise<EvidenceDto> {
    return this.evidence.upload(ctx, this.owner, id, file, dto);
  }

  /** The files, oldest first, without content. */
  @Get()
  @Roles(...READ_ROLES)
  @ApiOkResponse({ type: EvidencePageDto })
  list(
    @Ctx() ctx: RequestContext,
    @Param('id', ParseIdPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<EvidencePageDto> {
    return this.evidence.list(ctx, this.owner, id, query);
  }

  /**
   * Downloads the file as stored, as an attachment with its name; with `Accept: application/json`
   * answers its metadata instead.
   */
  @Get(':evidenceId')
  @Roles(...READ_ROLES)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  @ApiExtraModels(EvidenceDto)
  @ApiOkResponse({
    description: `The file (up to ${EVIDENCE_MAX_BYTES} bytes), or its metadata for Accept: application/json`,
    content: {
      'application/json': { schema: { $ref: getSchemaPath(EvidenceDto) } },
      ...Object.fromEntries(EVIDENCE_CONTENT_TYPES.map((type) => [type, FILE])),
    },
  })
  get(
    @Ctx() ctx: RequestContext,
    @Param('id', ParseIdPipe) id: string,
    @Param('evidenceId', ParseIdPipe) evidenceId: string,
    @Req() req: Request,
  ) {
    return req.accepts(['application/octet-stream', 'application/json']) === 'application/json'
      ? this.evidence.get(ctx, this.owner, id, evidenceId)
      : this.evidence.download(ctx, this.owner, id, evidenceId);
  }

  @Delete(':evidenceId')
  @Roles(...WRITE_ROLES)
  @HttpCode(204)
  async remove(
    @Ctx() ctx: RequestContext,
    @Param('id', ParseIdPipe) id: string,
    @Param('evidenceId', ParseIdPipe) evidenceId: string,
  ): Promise<void> {
    await this.evidence.remove(ctx, this.owner, id, evidenceId);
  }
}
