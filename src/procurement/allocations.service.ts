import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../auth/principal';
import { conflict, notFound, unprocessable } from '../common/app-error';
import { energyDetail, toWh } from '../common/energy';
import { findInOrganization } from '../database/find-in-organization';
import { ReportingPeriodsService } from '../reporting-periods/reporting-periods.service';
import { Site } from '../sites/site.entity';
import { Allocation } from './allocation.entity';
import { Certificate } from './certificate.entity';
import { CreateAllocationDto, ListAllocationsQueryDto } from './dto/allocation.dto';
import { AllocationPageDto } from './dto/procurement-response.dto';

@Injectable()
export class AllocationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly periods: ReportingPeriodsService,
  ) {}

  async list(ctx: RequestContext, query: ListAllocationsQueryDto): Promise<AllocationPageDto> {
    const [items, total] = await this.dataSource.getRepository(Allocation).findAndCount({
      where: {
        organizationId: ctx.organizationId,
        ...(query.year ? { reportingYear: query.year } : {}),
        ...(query.certificateId ? { certificateId: query.certificateId } : {}),
      },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }

  get(ctx: RequestContext, id: string): Promise<Allocation> {
    return findInOrganization(this.dataSource.manager, Allocation, ctx, id, 'Allocation');
  }

  /**
   * Allocates part or all of a retired certificate to a reporting year and market. The database refuses
   * more than the certificate's volume, also when two requests race for its last MWh (invariant 4: one
   * wins, the other gets 409 `CERTIFICATE_OVER_ALLOCATED`).
   */
  async create(ctx: RequestContext, dto: CreateAllocationDto): Promise<Allocation> {
    return this.dataSource.transaction(async (em) => {
      const certificate = await findInOrganization(em, Certificate, ctx, dto.certificateId, 'Certificate');
      if (certificate.status !== 'RETIRED') {
        throw unprocessable([
          {
            path: 'certificateId',
            code: 'CERTIFICATE_NOT_RETIRED',
            message: 'Only retired certificates are claimed (RE100-CLAIM-1)',
          },
        ]);
      }
      await this.periods.assertOpen(em, ctx, dto.reportingYear);
      await this.assertSites(em, ctx, dto.siteIds ?? []);
      return this.insert(em, ctx, certificate, {
        reportingYear: dto.reportingYear,
        consumptionMarket: dto.consumptionMarket,
        siteIds: dto.siteIds ?? [],
        volumeWh: await this.volume(em, ctx, certificate, dto),
      });
    });
  }

  /**
   * Writes one claim of a retired certificate, with its audit entry, in the caller's transaction. The
   * database trigger refuses it if it would exceed the certificate's volume (invariant 4).
   */
  async insert(
    em: EntityManager,
    ctx: RequestContext,
    certificate: Certificate,
    claim: { reportingYear: number; consumptionMarket: string; siteIds: string[]; volumeWh: bigint },
  ): Promise<Allocation> {
    const allocation = em.create(Allocation, {
      organizationId: ctx.organizationId,
      id: randomUUID(),
      kind: 'certificate',
      certificateId: certificate.id,
      contractId: certificate.contractId,
      facilityId: certificate.facilityId,
      reportingYear: claim.reportingYear,
      consumptionMarket: claim.consumptionMarket,
      siteIds: [...claim.siteIds].sort(),
      volumeWh: claim.volumeWh.toString(),
      createdAt: new Date(),
      createdBy: ctx.actor.id,
    });
    await em.insert(Allocation, allocation);
    await this.audit.record(em, ctx, {
      action: 'create',
      entityType: 'allocation',
      entityId: allocation.id,
      after: allocation,
    });
    return allocation;
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const allocation = await findInOrganization(em, Allocation, ctx, id, 'Allocation', true);
      await this.periods.assertOpen(em, ctx, allocation.reportingYear);
      await em.delete(Allocation, { organizationId: ctx.organizationId, id });
      await this.audit.record(em, ctx, {
        action: 'delete',
        entityType: 'allocation',
        entityId: id,
        before: allocation,
      });
    });
  }

  /** The energy asked for, or all that is left of the certificate. */
  private async volume(
    em: EntityManager,
    ctx: RequestContext,
    certificate: Certificate,
    dto: CreateAllocationDto,
  ): Promise<bigint> {
    if (dto.volume !== undefined) {
      const parsed = toWh(dto.volume, dto.volumeUnit ?? 'MWh');
      if (!parsed.ok) throw unprocessable([energyDetail('volume', parsed)]);
      if (parsed.wh <= 0n)
        throw unprocessable([{ path: 'volume', code: 'OUT_OF_RANGE', message: 'volume must be positive' }]);
      return parsed.wh;
    }
    const [{ wh }] = await em.query(
      'SELECT coalesce(sum(volume_wh), 0)::text AS wh FROM allocations WHERE organization_id = $1 AND certificate_id = $2',
      [ctx.organizationId, certificate.id],
    );
    const left = BigInt(certificate.volumeWh) - BigInt(wh);
    if (left <= 0n)
      throw conflict('CERTIFICATE_OVER_ALLOCATED', 'Nothing is left of this certificate to allocate');
    return left;
  }

  private async assertSites(em: EntityManager, ctx: RequestContext, siteIds: string[]): Promise<void> {
    if (siteIds.length === 0) return;
    const found = await em.count(Site, { where: { organizationId: ctx.organizationId, id: In(siteIds) } });
    if (found !== siteIds.length) throw notFound('One or more sites');
  }
}
