import { changesFigures, ReportingPeriodsService } from '../reporting-periods/reporting-periods.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, sameState } from '../audit/audit.service';
import { findInOrganization } from '../database/find-in-organization';
import { hasStoredReadings } from './stored-readings';
import { lockMeterWriters } from '../readings/meter-lock';
import { RequestContext } from '../auth/principal';
import { conflict, DomainProblem, unprocessable } from '../common/app-error';
import { energyDetail, toWh } from '../common/energy';
import { parseInstant } from '../common/time';
import { SitesService } from '../sites/sites.service';
import { MeterPageDto } from './dto/meter-page.dto';
import { CreateMeterDto, ListMetersQueryDto, UpdateMeterDto } from './dto/meter.dto';
import { Meter } from './meter.entity';

@Injectable()
export class MetersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly periods: ReportingPeriodsService,
  ) {}

  async list(ctx: RequestContext, query: ListMetersQueryDto): Promise<MeterPageDto> {
    const [items, total] = await this.dataSource.getRepository(Meter).findAndCount({
      where: {
        organizationId: ctx.organizationId,
        ...(query.siteId ? { siteId: query.siteId } : {}),
        ...(query.direction ? { direction: query.direction } : {}),
      },
      order: { externalId: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }

  get(ctx: RequestContext, id: string): Promise<Meter> {
    return this.findMeter(this.dataSource.manager, ctx, id);
  }

  async create(ctx: RequestContext, dto: CreateMeterDto): Promise<Meter> {
    return this.dataSource.transaction(async (em) => {
      await this.sites.findSite(em, ctx, dto.siteId);
      await this.assertExternalIdFree(em, ctx, dto.externalId);
      const now = new Date();
      const meter = em.create(Meter, {
        organizationId: ctx.organizationId,
        id: randomUUID(),
        siteId: dto.siteId,
        externalId: dto.externalId,
        name: dto.name ?? null,
        kind: dto.kind,
        intervalMinutes: dto.intervalMinutes ?? null,
        energyCarrier: dto.energyCarrier ?? 'electricity',
        direction: dto.direction,
        unit: dto.unit,
        rolloverModulusWh: null,
        activeFrom: null,
        activeTo: null,
        createdAt: now,
        updatedAt: now,
      });
      applyDerivedFields(meter, dto);
      await em.insert(Meter, meter);
      await this.audit.record(em, ctx, {
        action: 'create',
        entityType: 'meter',
        entityId: meter.id,
        after: meter,
      });
      return meter;
    });
  }

  async update(ctx: RequestContext, id: string, dto: UpdateMeterDto): Promise<Meter> {
    return this.dataSource.transaction(async (em) => {
      const meter = await this.findMeter(em, ctx, id, true);
      const before = { ...meter };
      if (dto.siteId !== undefined && dto.siteId !== meter.siteId)
        await this.sites.findSite(em, ctx, dto.siteId);
      if (dto.externalId !== undefined && dto.externalId !== meter.externalId) {
        await this.assertExternalIdFree(em, ctx, dto.externalId);
      }
      await this.assertDataStaysMeaningful(em, ctx, meter, dto);
      const { rolloverModulus: _r, activeFrom: _f, activeTo: _t, ...plain } = dto;
      Object.assign(meter, plain);
      applyDerivedFields(meter, dto);
      if (sameState(before, meter)) return meter;
      if (changesFigures(before, meter, ['siteId', 'direction'] as const))
        await this.periods.assertRecordOpen(em, ctx, { kind: 'meter', id });
      meter.updatedAt = new Date();
      await em.save(meter);
      await this.audit.record(em, ctx, {
        action: 'update',
        entityType: 'meter',
        entityId: id,
        before,
        after: meter,
      });
      return meter;
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      // Readings have no foreign key to their meter: the writers' lock of the meter, taken first (as every
      // writer of its readings does), makes the check for readings below final until the delete commits.
      await lockMeterWriters(em, [id]);
      const meter = await this.findMeter(em, ctx, id, true);
      if (await hasStoredReadings(em, ctx.organizationId, { meterId: id })) {
        throw conflict('METER_HAS_READINGS', 'The meter has readings; they stay with it for the audit trail');
      }
      const liveKeys: { name: string }[] = await em.query(
        `SELECT k.name FROM api_key_meters m
         JOIN api_keys k ON k.organization_id = m.organization_id AND k.id = m.api_key_id
         WHERE m.organization_id = $1 AND m.meter_id = $2 AND k.revoked_at IS NULL ORDER BY k.name`,
        [ctx.organizationId, id],
      );
      if (liveKeys.length) {
        throw conflict(
          'METER_HAS_API_KEYS',
          `API keys write this meter (${liveKeys.map((k) => k.name).join(', ')}); revoke them first`,
        );
      }
      // Revoked keys keep their history in the audit log; their link to the meter goes with it.
      await em.query('DELETE FROM api_key_meters WHERE organization_id = $1 AND meter_id = $2', [
        ctx.organizationId,
        id,
      ]);
      await em.delete(Meter, { organizationId: ctx.organizationId, id });
      await this.audit.record(em, ctx, {
        action: 'delete',
        entityType: 'meter',
        entityId: id,
        before: meter,
      });
    });
  }

  /**
   * Stored readings are interpreted by the meter's kind, interval, direction and site zone (rollups are by
   * site-local day): once readings exist, those cannot change (409 `METER_HAS_READINGS`).
   */
  private async assertDataStaysMeaningful(
    em: EntityManager,
    ctx: RequestContext,
    meter: Meter,
    dto: UpdateMeterDto,
  ) {
    const changes: string[] = (['kind', 'intervalMinutes', 'direction'] as const).filter(
      (field) => dto[field] !== undefined && dto[field] !== meter[field],
    );
    if (dto.siteId !== undefined && dto.siteId !== meter.siteId) {
      const [from, to] = await Promise.all([
        this.sites.findSite(em, ctx, meter.siteId),
        this.sites.findSite(em, ctx, dto.siteId),
      ]);
      if (from.timeZone !== to.timeZone) changes.push('siteId');
    }
    if (changes.length > 0 && (await hasStoredReadings(em, ctx.organizationId, { meterId: meter.id }))) {
      throw conflict('METER_HAS_READINGS', `The meter has readings, so ${changes.join(', ')} cannot change`);
    }
  }

  /** The meter of this organization, or 404 (also for another organization's meter: invariant 5). */
  findMeter(em: EntityManager, ctx: RequestContext, id: string, forUpdate = false): Promise<Meter> {
    return findInOrganization(em, Meter, ctx, id, 'Meter', forUpdate);
  }

  private async assertExternalIdFree(
    em: EntityManager,
    ctx: RequestContext,
    externalId: string,
  ): Promise<void> {
    if (await em.existsBy(Meter, { organizationId: ctx.organizationId, externalId })) {
      throw conflict('ALREADY_EXISTS', `A meter with externalId "${externalId}" already exists`);
    }
  }
}

/**
 * Sets the rollover modulus (converted to Wh) and the active period from the request, then checks the
 * meter as a whole; 422 with every problem when it does not hold together.
 */
function applyDerivedFields(meter: Meter, dto: UpdateMeterDto): void {
  const problems: DomainProblem[] = [];
  if (dto.rolloverModulus !== undefined) {
    if (dto.rolloverModulus === null) meter.rolloverModulusWh = null;
    else if (typeof dto.rolloverModulus !== 'string' && typeof dto.rolloverModulus !== 'number') {
      problems.push({
        path: 'rolloverModulus',
        code: 'INVALID_NUMBER',
        message: 'rolloverModulus must be a decimal number',
      });
    } else {
      const parsed = toWh(dto.rolloverModulus, meter.unit);
      if (!parsed.ok) problems.push(energyDetail('rolloverModulus', parsed));
      else if (parsed.wh <= 0n)
        problems.push({
          path: 'rolloverModulus',
          code: 'OUT_OF_RANGE',
          message: 'rolloverModulus must be positive',
        });
      else meter.rolloverModulusWh = parsed.wh.toString();
    }
  }
  if (dto.activeFrom !== undefined)
    meter.activeFrom = dto.activeFrom === null ? null : parseInstant(dto.activeFrom);
  if (dto.activeTo !== undefined) meter.activeTo = dto.activeTo === null ? null : parseInstant(dto.activeTo);

  if (meter.kind === 'interval' && meter.intervalMinutes === null) {
    problems.push({
      path: 'intervalMinutes',
      code: 'INTERVAL_REQUIRED',
      message: 'An interval meter needs intervalMinutes',
    });
  }
  if (meter.kind === 'interval' && meter.rolloverModulusWh !== null) {
    problems.push({
      path: 'rolloverModulus',
      code: 'ROLLOVER_ONLY_FOR_REGISTERS',
      message: 'Only register meters have a rollover modulus',
    });
  }
  if (meter.activeFrom && meter.activeTo && meter.activeTo <= meter.activeFrom) {
    problems.push({
      path: 'activeTo',
      code: 'PERIOD_REVERSED',
      message: 'activeTo must be after activeFrom',
    });
  }
  if (problems.length) {
    throw unprocessable(problems);
  }
}
