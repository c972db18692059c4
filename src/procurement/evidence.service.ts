import { ReportingPeriodsService } from '../reporting-periods/reporting-periods.service';
import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../auth/principal';
import { AppError, notFound } from '../common/app-error';
import { PageQueryDto } from '../common/page-query.dto';
import { findInOrganization } from '../database/find-in-organization';
import { Certificate } from './certificate.entity';
import { Contract } from './contract.entity';
import { EvidenceDto, EvidencePageDto, UploadEvidenceDto } from './dto/evidence.dto';
import {
  attachmentDisposition,
  checkEvidenceContent,
  downloadContentType,
  evidenceFilename,
  sha256Hex,
} from './evidence-content';
import { EvidenceFile } from './evidence-file.entity';

/** What evidence documents: a contract or a certificate. */
export type EvidenceOwner = 'contract' | 'certificate';

/** An uploaded file as the upload middleware leaves it in `req.file`. */
export type UploadedEvidence = Pick<Express.Multer.File, 'originalname' | 'mimetype' | 'buffer'>;

const OWNERS = {
  contract: { entity: Contract, what: 'Contract' },
  certificate: { entity: Certificate, what: 'Certificate' },
} as const;

const ownedBy = (owner: EvidenceOwner, ownerId: string) =>
  owner === 'contract' ? { contractId: ownerId } : { certificateId: ownerId };

/** The metadata of a stored file, never its content (also what the audit log keeps). */
const metadata = ({ content: _content, ...rest }: EvidenceFile): EvidenceDto => rest;

/** Evidence files of contracts and certificates: stored in PostgreSQL, checked on upload, audited. */
@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly periods: ReportingPeriodsService,
  ) {}

  /** Stores a file whose bytes agree with its declared type (else 415), with its size and SHA-256. */
  async upload(
    ctx: RequestContext,
    owner: EvidenceOwner,
    ownerId: string,
    file: UploadedEvidence,
    dto: UploadEvidenceDto,
  ): Promise<EvidenceDto> {
    return this.dataSource.transaction(async (em) => {
      await this.findOwner(em, ctx, owner, ownerId);
      await this.assertFiguresOpen(em, ctx, owner, ownerId);
      const checked = checkEvidenceContent(file.mimetype, file.buffer);
      if (!checked.ok) {
        throw new AppError(checked.code, checked.message, [
          { path: 'file', code: checked.code, message: checked.message },
        ]);
      }
      const evidence = em.create(EvidenceFile, {
        organizationId: ctx.organizationId,
        id: randomUUID(),
        contractId: null,
        certificateId: null,
        ...ownedBy(owner, ownerId),
        filename: evidenceFilename(file.originalname),
        contentType: checked.contentType,
        sizeBytes: file.buffer.length,
        sha256: sha256Hex(file.buffer),
        description: dto.description ?? null,
        kind: dto.kind ?? 'OTHER',
        content: file.buffer,
        uploadedBy: ctx.actor.id,
        uploadedAt: new Date(),
      });
      await em.insert(EvidenceFile, evidence);
      const view = metadata(evidence);
      await this.audit.record(em, ctx, {
        action: 'create',
        entityType: 'evidence',
        entityId: evidence.id,
        after: view,
      });
      return view;
    });
  }

  /** The files of a contract or certificate, oldest first, without their content. */
  async list(
    ctx: RequestContext,
    owner: EvidenceOwner,
    ownerId: string,
    query: PageQueryDto,
  ): Promise<EvidencePageDto> {
    const em = this.dataSource.manager;
    await this.findOwner(em, ctx, owner, ownerId);
    const [items, total] = await em.getRepository(EvidenceFile).findAndCount({
      where: { organizationId: ctx.organizationId, ...ownedBy(owner, ownerId) },
      order: { uploadedAt: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }

  get(ctx: RequestContext, owner: EvidenceOwner, ownerId: string, id: string): Promise<EvidenceDto> {
    return this.find(this.dataSource.manager, ctx, owner, ownerId, id);
  }

  /** The file as a download: its type, its name as an attachment, and the exact bytes stored. */
  async download(
    ctx: RequestContext,
    owner: EvidenceOwner,
    ownerId: string,
    id: string,
  ): Promise<StreamableFile> {
    const file = await this.find(this.dataSource.manager, ctx, owner, ownerId, id, true);
    return new StreamableFile(file.content, {
      type: downloadContentType(file.contentType),
      disposition: attachmentDisposition(file.filename),
      length: file.sizeBytes,
    });
  }

  async remove(ctx: RequestContext, owner: EvidenceOwner, ownerId: string, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const before = metadata(await this.find(em, ctx, owner, ownerId, id, false, true));
      await this.assertFiguresOpen(em, ctx, owner, ownerId);
      await em.delete(EvidenceFile, { organizationId: ctx.organizationId, id });
      await this.audit.record(em, ctx, { action: 'delete', entityType: 'evidence', entityId: id, before });
    });
  }

  /**
   * A certificate's cancellation statement is evidence its claims are judged by (V5-CANCEL-1): it does not
   * change while a year it is claimed in is finalized. A contract's documents do not change figures.
   */
  private async assertFiguresOpen(
    em: EntityManager,
    ctx: RequestContext,
    owner: EvidenceOwner,
    ownerId: string,
  ) {
    if (owner === 'certificate')
      await this.periods.assertRecordOpen(em, ctx, { kind: 'certificate', id: ownerId });
  }

  /** The contract or certificate, or 404 when missing or another organization's (invariant 5). */
  private async findOwner(
    em: EntityManager,
    ctx: RequestContext,
    owner: EvidenceOwner,
    ownerId: string,
  ): Promise<void> {
    const { entity, what } = OWNERS[owner];
    await findInOrganization<{ organizationId: string; id: string }>(em, entity, ctx, ownerId, what);
  }

  /** One file of the contract or certificate, with its content or locked when asked for. */
  private async find(
    em: EntityManager,
    ctx: RequestContext,
    owner: EvidenceOwner,
    ownerId: string,
    id: string,
    withContent = false,
    forUpdate = false,
  ): Promise<EvidenceFile> {
    await this.findOwner(em, ctx, owner, ownerId);
    const query = em
      .getRepository(EvidenceFile)
      .createQueryBuilder('e')
      .where('e.organization_id = :organizationId AND e.id = :id', { organizationId: ctx.organizationId, id })
      .andWhere(owner === 'contract' ? 'e.contract_id = :ownerId' : 'e.certificate_id = :ownerId', {
        ownerId,
      });
    if (withContent) query.addSelect('e.content');
    if (forUpdate) query.setLock('pessimistic_write');
    const file = await query.getOne();
    if (!file) throw notFound('Evidence', id);
    return file;
  }
}
