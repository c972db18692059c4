import { changesFigures, ReportingPeriodsService } from '../reporting-periods/reporting-periods.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, sameState } from '../audit/audit.service';
import { findInOrganization } from '../database/find-in-organization';
import { hasStoredReadings } from '../meters/stored-readings';
import { RequestContext } from '../auth/principal';
import { conflict, invalid } from '../common/app-error';
import { Meter } from '../meters/meter.entity';
import { SitePageDto } from './dto/site-page.dto';
import { CreateSiteDto, ListSitesQueryDto, UpdateSiteDto } from './dto/site.dto';
import { Site } from './site.entity';

const SITE_FIGURE_FIELDS = ['excludedFromRe100', 'country', 'gridRegion', 'supplierFactorId'] as const;

@Injectable()
export class SitesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly periods: ReportingPeriodsService,
  ) {}

  async list(ctx: RequestContext, query: ListSitesQueryDto): Promise<SitePageDto> {
    const [items, total] = await this.dataSource.getRepository(Site).findAndCount({
      where: { organizationId: ctx.organizationId, ...(query.country ? { country: query.country } : {}) },
      order: { name: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }

  async get(ctx: RequestContext, id: string): Promise<Site> {
    return this.findSite(this.dataSource.manager, ctx, id);
  }

  async create(ctx: RequestContext, dto: CreateSiteDto): Promise<Site> {
    return this.dataSource.transaction(async (em) => {
      await this.assertNameFree(em, ctx, dto.name);
      const now = new Date();
      const site = em.create(Site, {
        organizationId: ctx.organizationId,
        id: randomUUID(),
        name: dto.name,
        country: dto.country,
        gridRegion: dto.gridRegion ?? null,
        supplierFactorId: dto.supplierFactorId ?? null,
        timeZone: dto.timeZone,
        address: dto.address ?? null,
        excludedFromRe100: dto.excludedFromRe100 ?? false,
        exclusionReason: dto.exclusionReason ?? null,
        createdAt: now,
        updatedAt: now,
      });
      assertExclusionHasReason(site);
      await em.insert(Site, site);
      await this.audit.record(em, ctx, {
        action: 'create',
        entityType: 'site',
        entityId: site.id,
        after: site,
      });
      return site;
    });
  }

  async update(ctx: RequestContext, id: string, dto: UpdateSiteDto): Promise<Site> {
    return this.dataSource.transaction(async (em) => {
      const site = await this.findSite(em, ctx, id, true);
      const before = { ...site };
      if (dto.name !== undefined && dto.name !== site.name) await this.assertNameFree(em, ctx, dto.name);
      if (
        dto.timeZone !== undefined &&
        dto.timeZone !== site.timeZone &&
        (await hasStoredReadings(em, ctx.organizationId, { siteId: id }))
      ) {
        throw conflict(
          'SITE_HAS_READINGS',
          "The site's meters have readings summed by its local days, so its time zone cannot change",
        );
      }
      Object.assign(site, dto);
      if (dto.excludedFromRe100 === false && dto.exclusionReason === undefined) site.exclusionReason = null;
      assertExclusionHasReason(site);
      if (sameState(before, site)) return site;
      // Exclusion, country, grid region and supplier factor feed RE100 and Scope 2 (invariant 7).
      if (changesFigures(before, site, SITE_FIGURE_FIELDS))
        await this.periods.assertRecordOpen(em, ctx, { kind: 'site', id });
      site.updatedAt = new Date();
      await em.save(site);
      await this.audit.record(em, ctx, {
        action: 'update',
        entityType: 'site',
        entityId: id,
        before,
        after: site,
      });
      return site;
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const site = await this.findSite(em, ctx, id, true);
      if (await em.existsBy(Meter, { organizationId: ctx.organizationId, siteId: id })) {
        throw conflict('SITE_HAS_METERS', 'The site still has meters; delete or move them first');
      }
      await em.delete(Site, { organizationId: ctx.organizationId, id });
      await this.audit.record(em, ctx, { action: 'delete', entityType: 'site', entityId: id, before: site });
    });
  }

  /** The site of this organization, or 404 (also for another organization's site: invariant 5). */
  findSite(em: EntityManager, ctx: RequestContext, id: string, forUpdate = false): Promise<Site> {
    return findInOrganization(em, Site, ctx, id, 'Site', forUpdate);
  }

  private async assertNameFree(em: EntityManager, ctx: RequestContext, name: string): Promise<void> {
    if (await em.existsBy(Site, { organizationId: ctx.organizationId, name })) {
      throw conflict('ALREADY_EXISTS', `A site named "${name}" already exists`);
    }
  }
}

function assertExclusionHasReason(site: Site): void {
  if (site.excludedFromRe100 && !site.exclusionReason) {
    throw invalid(
      'exclusionReason',
      'EXCLUSION_REASON_REQUIRED',
      'A site excluded from RE100 needs an exclusionReason (RE100-SCOPE-2)',
    );
  }
}
