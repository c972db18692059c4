import { changesFigures, ReportingPeriodsService } from '../reporting-periods/reporting-periods.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService, sameState } from '../audit/audit.service';
import { RequestContext } from '../auth/principal';
import { conflict, invalid, notFound } from '../common/app-error';
import { defined } from '../common/defined';
import { findInOrganization } from '../database/find-in-organization';
import { Meter } from '../meters/meter.entity';
import { CreateFacilityDto, ListFacilitiesQueryDto, UpdateFacilityDto } from './dto/facility.dto';
import { Facility } from './facility.entity';
import { FacilityDto, FacilityPageDto } from './dto/procurement-response.dto';

type FacilityView = FacilityDto;

/** What the facility's claims are judged by (RE100-MB-1, -AGE-1, -CLAIM-5, V5-COAL-1) and its measured generation. */
const FACILITY_FIGURE_FIELDS = [
  'country',
  'technology',
  'commissioningDate',
  'repoweringDate',
  'sustainabilityEvidence',
  'coalCofiring',
  'generationMeterIds',
] as const;

@Injectable()
export class FacilitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly periods: ReportingPeriodsService,
  ) {}

  async list(ctx: RequestContext, query: ListFacilitiesQueryDto): Promise<FacilityPageDto> {
    const [items, total] = await this.dataSource.getRepository(Facility).findAndCount({
      where: {
        organizationId: ctx.organizationId,
        ...(query.country ? { country: query.country } : {}),
        ...(query.technology ? { technology: query.technology } : {}),
      },
      order: { name: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return {
      items: await this.withMeters(this.dataSource.manager, ctx, items),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(ctx: RequestContext, id: string): Promise<FacilityView> {
    const facility = await findInOrganization(this.dataSource.manager, Facility, ctx, id, 'Facility');
    return (await this.withMeters(this.dataSource.manager, ctx, [facility]))[0];
  }

  async create(ctx: RequestContext, dto: CreateFacilityDto): Promise<FacilityView> {
    return this.dataSource.transaction(async (em) => {
      const { generationMeterIds = [], ...fields } = dto;
      const now = new Date();
      const facility = em.create(Facility, {
        registryFacilityId: null,
        gridRegion: null,
        capacityMw: null,
        repoweringDate: null,
        sustainabilityEvidence: false,
        sustainabilityNote: null,
        coalCofiring: false,
        ...defined(fields),
        organizationId: ctx.organizationId,
        id: randomUUID(),
        createdAt: now,
        updatedAt: now,
      });
      assertDates(facility);
      await this.assertNameFree(em, ctx, facility.name);
      await em.insert(Facility, facility);
      await this.linkMeters(em, ctx, facility.id, generationMeterIds);
      const view = { ...facility, generationMeterIds: [...generationMeterIds].sort() };
      await this.audit.record(em, ctx, {
        action: 'create',
        entityType: 'facility',
        entityId: facility.id,
        after: view,
      });
      return view;
    });
  }

  async update(ctx: RequestContext, id: string, dto: UpdateFacilityDto): Promise<FacilityView> {
    return this.dataSource.transaction(async (em) => {
      const facility = await findInOrganization(em, Facility, ctx, id, 'Facility', true);
      const [before] = await this.withMeters(em, ctx, [{ ...facility }]);
      const { generationMeterIds, ...fields } = dto;
      if (fields.name !== undefined && fields.name !== facility.name)
        await this.assertNameFree(em, ctx, fields.name);
      Object.assign(facility, fields);
      assertDates(facility);
      const after = {
        ...facility,
        generationMeterIds: generationMeterIds ? [...generationMeterIds].sort() : before.generationMeterIds,
      };
      if (sameState(before, after)) return before;
      if (changesFigures(before, after, FACILITY_FIGURE_FIELDS))
        await this.periods.assertRecordOpen(em, ctx, { kind: 'facility', id });
      facility.updatedAt = new Date();
      await em.save(facility);
      if (generationMeterIds) {
        await em.query('DELETE FROM facility_meters WHERE organization_id = $1 AND facility_id = $2', [
          ctx.organizationId,
          id,
        ]);
        await this.linkMeters(em, ctx, id, generationMeterIds);
      }
      await this.audit.record(em, ctx, {
        action: 'update',
        entityType: 'facility',
        entityId: id,
        before,
        after: { ...after, updatedAt: facility.updatedAt },
      });
      return { ...after, updatedAt: facility.updatedAt };
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const facility = await findInOrganization(em, Facility, ctx, id, 'Facility', true);
      const [{ used }] = await em.query(
        `SELECT EXISTS (SELECT 1 FROM certificates WHERE organization_id = $1 AND facility_id = $2)
             OR EXISTS (SELECT 1 FROM contract_facilities WHERE organization_id = $1 AND facility_id = $2) AS used`,
        [ctx.organizationId, id],
      );
      if (used) throw conflict('IN_USE', 'Certificates or contracts refer to the facility');
      await this.periods.assertRecordOpen(em, ctx, { kind: 'facility', id });
      const [before] = await this.withMeters(em, ctx, [facility]);
      await em.delete(Facility, { organizationId: ctx.organizationId, id });
      await this.audit.record(em, ctx, { action: 'delete', entityType: 'facility', entityId: id, before });
    });
  }

  private async linkMeters(
    em: EntityManager,
    ctx: RequestContext,
    facilityId: string,
    meterIds: string[],
  ): Promise<void> {
    if (meterIds.length === 0) return;
    const meters = await em.find(Meter, { where: { organizationId: ctx.organizationId, id: In(meterIds) } });
    if (meters.length !== meterIds.length) throw notFound('One or more generation meters');
    if (meters.some((m) => m.direction !== 'generation')) {
      throw invalid(
        'generationMeterIds',
        'NOT_A_GENERATION_METER',
        'Self-generation is measured by generation meters',
      );
    }
    // A meter measures one facility, or its energy would be claimed twice (RE100-CALC-2); the unique key
    // on facility_meters holds this under concurrency too.
    const [taken] = await em.query(
      `SELECT meter_id FROM facility_meters
       WHERE organization_id = $1 AND meter_id = ANY($2::uuid[]) AND facility_id <> $3 LIMIT 1`,
      [ctx.organizationId, meterIds, facilityId],
    );
    if (taken) {
      throw conflict(
        'METER_MEASURES_ANOTHER_FACILITY',
        `Meter ${taken.meter_id} already measures another facility`,
      );
    }
    await em.query(
      'INSERT INTO facility_meters (organization_id, facility_id, meter_id) SELECT $1, $2, unnest($3::uuid[])',
      [ctx.organizationId, facilityId, meterIds],
    );
  }

  private async withMeters(
    em: EntityManager,
    ctx: RequestContext,
    facilities: Facility[],
  ): Promise<FacilityView[]> {
    const rows: { facility_id: string; meter_id: string }[] = facilities.length
      ? await em.query(
          'SELECT facility_id, meter_id FROM facility_meters WHERE organization_id = $1 AND facility_id = ANY($2::uuid[]) ORDER BY meter_id',
          [ctx.organizationId, facilities.map((f) => f.id)],
        )
      : [];
    return facilities.map((f) => ({
      ...f,
      generationMeterIds: rows.filter((r) => r.facility_id === f.id).map((r) => r.meter_id),
    }));
  }

  private async assertNameFree(em: EntityManager, ctx: RequestContext, name: string): Promise<void> {
    if (await em.existsBy(Facility, { organizationId: ctx.organizationId, name })) {
      throw conflict('ALREADY_EXISTS', `A facility named "${name}" already exists`);
    }
  }
}

function assertDates(f: Facility): void {
  if (f.repoweringDate && f.repoweringDate < f.commissioningDate) {
    throw invalid('repoweringDate', 'PERIOD_REVERSED', 'repoweringDate must not be before commissioningDate');
  }
}
