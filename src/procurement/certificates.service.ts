import { ReportingPeriodsService } from '../reporting-periods/reporting-periods.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, sameState } from '../audit/audit.service';
import { RequestContext } from '../auth/principal';
import { conflict, DomainProblem, notFound, unprocessable } from '../common/app-error';
import { energyDetail, toWh } from '../common/energy';
import { defined } from '../common/defined';
import { findInOrganization } from '../database/find-in-organization';
import type { InstrumentStatus } from '../re100/engine/types';
import { Certificate } from './certificate.entity';
import {
  CertificateRetirementDto,
  CreateCertificateDto,
  ListCertificatesQueryDto,
} from './dto/certificate.dto';
import { CertificateDto, CertificatePageDto } from './dto/procurement-response.dto';
import { numrangeLiteral, serialRange, whPerCertificate } from './serial-range';

type CertificateView = CertificateDto;

/** ACTIVE may become RETIRED, TRANSFERRED or EXPIRED; those are final. */
const TRANSITIONS: Record<InstrumentStatus, InstrumentStatus[]> = {
  ACTIVE: ['RETIRED', 'TRANSFERRED', 'EXPIRED'],
  RETIRED: [],
  TRANSFERRED: [],
  EXPIRED: [],
};

@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly periods: ReportingPeriodsService,
  ) {}

  async list(ctx: RequestContext, query: ListCertificatesQueryDto): Promise<CertificatePageDto> {
    const [items, total] = await this.dataSource.getRepository(Certificate).findAndCount({
      where: {
        organizationId: ctx.organizationId,
        ...(query.status ? { status: query.status } : {}),
        ...(query.registry ? { registry: query.registry } : {}),
        ...(query.instrumentType ? { instrumentType: query.instrumentType } : {}),
      },
      order: { registry: 'ASC', serialStart: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return {
      items: await this.views(this.dataSource.manager, ctx, items),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(ctx: RequestContext, id: string): Promise<CertificateView> {
    const certificate = await findInOrganization(
      this.dataSource.manager,
      Certificate,
      ctx,
      id,
      'Certificate',
    );
    return (await this.views(this.dataSource.manager, ctx, [certificate]))[0];
  }

  /** Records a serial range; one that overlaps another of the same registry answers 409 (invariant 3). */
  create(ctx: RequestContext, dto: CreateCertificateDto): Promise<CertificateView> {
    return this.dataSource.transaction((em) => this.insert(em, ctx, dto));
  }

  /**
   * The one way a certificate is recorded, inside the caller's transaction: by `create` and by each row of
   * an import. Audited in that transaction (invariant 6); the database refuses an overlap (invariant 3).
   */
  async insert(em: EntityManager, ctx: RequestContext, dto: CreateCertificateDto): Promise<CertificateView> {
    return (await this.insertMany(em, ctx, [dto]))[0];
  }

  /**
   * Records certificates in the caller's transaction, as `insert` does one by one, in a few statements
   * whatever their number: an import's rows. Any refused one (a facility or contract not found, serials
   * and volume at odds, an overlap) throws, and the caller's transaction or savepoint then holds nothing.
   */
  async insertMany(
    em: EntityManager,
    ctx: RequestContext,
    dtos: CreateCertificateDto[],
  ): Promise<CertificateView[]> {
    await this.assertAllIn(
      em,
      ctx,
      'generation_facilities',
      'Facility',
      'facilityId',
      dtos.map((d) => d.facilityId),
    );
    const contractIds = dtos.map((d) => d.contractId).filter((id): id is string => !!id);
    await this.assertAllIn(em, ctx, 'contracts', 'Contract', 'contractId', contractIds);
    const now = new Date();
    const certificates = dtos.map((dto) => {
      const { volume, volumeUnit, ...fields } = dto;
      const certificate = em.create(Certificate, {
        serialStart: null,
        serialEnd: null,
        recCount: null,
        issuanceDate: null,
        cancellationDate: null,
        beneficiary: null,
        consumptionCountry: null,
        consumptionPeriodStart: null,
        consumptionPeriodEnd: null,
        contractId: null,
        evidenceUrl: null,
        status: 'ACTIVE',
        ...defined(fields),
        organizationId: ctx.organizationId,
        id: randomUUID(),
        createdAt: now,
        updatedAt: now,
      });
      const { serialPrefix, serialRange: range, volumeWh } = quantities(certificate, volume, volumeUnit);
      certificate.serialPrefix = serialPrefix;
      certificate.serialRange = range;
      certificate.volumeWh = volumeWh;
      assertConsistent(certificate);
      return certificate;
    });
    // Bounded statements: ~25 parameters a row, far below PostgreSQL's 65,535 per statement.
    for (let i = 0; i < certificates.length; i += INSERT_CHUNK)
      await em.insert(Certificate, certificates.slice(i, i + INSERT_CHUNK));
    const views = await this.views(em, ctx, certificates);
    await this.audit.recordMany(
      em,
      ctx,
      views.map((view) => ({ action: 'create', entityType: 'certificate', entityId: view.id, after: view })),
    );
    return views;
  }

  /** Retires, transfers or expires a certificate, or completes its retirement details. */
  async update(ctx: RequestContext, id: string, dto: CertificateRetirementDto): Promise<CertificateView> {
    return this.dataSource.transaction(async (em) => {
      const certificate = await findInOrganization(em, Certificate, ctx, id, 'Certificate', true);
      const [before] = await this.views(em, ctx, [{ ...certificate }]);
      if (
        dto.status !== undefined &&
        dto.status !== certificate.status &&
        !TRANSITIONS[certificate.status].includes(dto.status)
      ) {
        throw conflict(
          'INVALID_STATUS_TRANSITION',
          `A ${certificate.status} certificate cannot become ${dto.status}`,
        );
      }
      if (before.allocatedWh !== '0' && dto.status !== undefined && dto.status !== 'RETIRED') {
        throw conflict('CERTIFICATE_ALLOCATED', 'The certificate is allocated to claims');
      }
      if (dto.contractId) await this.assertContract(em, ctx, dto.contractId);
      Object.assign(certificate, dto);
      assertConsistent(certificate);
      const [after] = await this.views(em, ctx, [certificate]);
      if (sameState(before, after)) return before;
      // A claimed certificate's retirement facts decide its claims' verdicts (RE100-CLAIM-1).
      await this.periods.assertRecordOpen(em, ctx, { kind: 'certificate', id });
      certificate.updatedAt = new Date();
      await em.save(certificate);
      await this.audit.record(em, ctx, {
        action: 'update',
        entityType: 'certificate',
        entityId: id,
        before,
        after: { ...after, updatedAt: certificate.updatedAt },
      });
      return { ...after, updatedAt: certificate.updatedAt };
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const certificate = await findInOrganization(em, Certificate, ctx, id, 'Certificate', true);
      const [before] = await this.views(em, ctx, [certificate]);
      if (before.allocatedWh !== '0')
        throw conflict('CERTIFICATE_ALLOCATED', 'The certificate is allocated to claims');
      await em.delete(Certificate, { organizationId: ctx.organizationId, id });
      await this.audit.record(em, ctx, { action: 'delete', entityType: 'certificate', entityId: id, before });
    });
  }

  private assertContract(em: EntityManager, ctx: RequestContext, contractId: string): Promise<void> {
    return this.assertAllIn(em, ctx, 'contracts', 'Contract', 'contractId', [contractId]);
  }

  /**
   * 404 naming the first id that is not a row of the organization in `table` (missing or another
   * organization's: the same answer), the request's field in `details`.
   */
  private async assertAllIn(
    em: EntityManager,
    ctx: RequestContext,
    table: 'contracts' | 'generation_facilities',
    what: string,
    field: string,
    ids: string[],
  ): Promise<void> {
    const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
    if (wanted.length === 0) return;
    const found: { id: string }[] = await em.query(
      `SELECT id FROM ${table} WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [ctx.organizationId, wanted],
    );
    const known = new Set(found.map((r) => r.id));
    const missing = ids.find((id) => !known.has(id.toLowerCase()));
    if (missing !== undefined) throw notFound(what, missing, field);
  }

  /** Certificates with what is allocated of them and what is left (invariant 4). */
  private async views(
    em: EntityManager,
    ctx: RequestContext,
    certificates: Certificate[],
  ): Promise<CertificateView[]> {
    const rows: { certificate_id: string; wh: string }[] = certificates.length
      ? await em.query(
          `SELECT certificate_id, sum(volume_wh)::text AS wh FROM allocations
           WHERE organization_id = $1 AND certificate_id = ANY($2::uuid[]) GROUP BY certificate_id`,
          [ctx.organizationId, certificates.map((c) => c.id)],
        )
      : [];
    const allocatedOf = new Map(rows.map((r) => [r.certificate_id, BigInt(r.wh)]));
    return certificates.map(({ serialRange: _range, serialPrefix: _prefix, ...c }) => {
      const allocated = allocatedOf.get(c.id) ?? 0n;
      return {
        ...c,
        allocatedWh: allocated.toString(),
        availableWh: (BigInt(c.volumeWh) - allocated).toString(),
      };
    });
  }
}

/** Certificates per INSERT statement of `insertMany`. */
const INSERT_CHUNK = 1_000;

/** The numeric serial range and the energy of a new certificate, checked against each other (domain §5). */
function quantities(c: Certificate, volume: string | number | undefined, unit: 'Wh' | 'kWh' | 'MWh' = 'MWh') {
  const problems: DomainProblem[] = [];
  let given: bigint | null = null;
  if (volume !== undefined) {
    const parsed = toWh(volume, unit);
    if (!parsed.ok) problems.push(energyDetail('volume', parsed));
    else if (parsed.wh <= 0n)
      problems.push({ path: 'volume', code: 'OUT_OF_RANGE', message: 'volume must be positive' });
    else given = parsed.wh;
  }
  let range: string | null = null;
  let prefix: string | null = null;
  let counted: bigint | null = null;
  if (c.instrumentType === 'CONTRACT_ONLY') {
    if (c.serialStart || c.serialEnd)
      problems.push({
        path: 'serialStart',
        code: 'NO_SERIALS_FOR_CONTRACT_ONLY',
        message: 'A contract without certificates has no serials',
      });
  } else {
    const serials = serialRange(c.serialStart!, c.serialEnd!);
    if (!serials.ok) problems.push({ path: 'serialEnd', code: serials.code, message: serials.message });
    else {
      range = numrangeLiteral(serials.from, serials.to);
      prefix = serials.prefix;
      const unitWh = whPerCertificate(c.instrumentType);
      if (unitWh !== null) counted = serials.count * unitWh;
      if (c.instrumentType === 'K_REC' && c.recCount !== null && BigInt(c.recCount) !== serials.count) {
        problems.push({
          path: 'recCount',
          code: 'COUNT_MISMATCH',
          message: `the range holds ${serials.count} RECs, not ${c.recCount}`,
        });
      }
    }
  }
  if (given !== null && counted !== null && given !== counted) {
    problems.push({
      path: 'volume',
      code: 'VOLUME_MISMATCH',
      message: `the serial range stands for ${counted} Wh, not ${given} Wh`,
    });
  }
  const volumeWh = given ?? counted;
  if (volumeWh === null && problems.length === 0) {
    problems.push({
      path: 'volume',
      code: 'VOLUME_REQUIRED',
      message: 'volume is required for K-RECs, carbon credits and contracts without certificates',
    });
  }
  if (problems.length) throw unprocessable(problems);
  return { serialPrefix: prefix, serialRange: range, volumeWh: volumeWh!.toString() };
}

/** RE100-CLAIM-1: a retired certificate says when and for whom it was cancelled. */
function assertConsistent(c: Certificate): void {
  const problems: DomainProblem[] = [];
  if (c.vintageEnd < c.vintageStart)
    problems.push({
      path: 'vintageEnd',
      code: 'PERIOD_REVERSED',
      message: 'vintageEnd must not be before vintageStart',
    });
  if (c.status === 'RETIRED' && !c.cancellationDate)
    problems.push({
      path: 'cancellationDate',
      code: 'CANCELLATION_DATE_REQUIRED',
      message: 'A retired certificate needs its cancellation date',
    });
  if (c.status === 'RETIRED' && !c.beneficiary)
    problems.push({
      path: 'beneficiary',
      code: 'BENEFICIARY_REQUIRED',
      message: 'A retired certificate needs its beneficiary',
    });
  if (
    c.consumptionPeriodStart &&
    c.consumptionPeriodEnd &&
    c.consumptionPeriodEnd < c.consumptionPeriodStart
  ) {
    problems.push({
      path: 'consumptionPeriodEnd',
      code: 'PERIOD_REVERSED',
      message: 'consumptionPeriodEnd must not be before consumptionPeriodStart',
    });
  }
  if (problems.length) throw unprocessable(problems);
}
