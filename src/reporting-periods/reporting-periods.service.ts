import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditCheckpointService } from '../audit/audit-checkpoint.service';
import { AuditService } from '../audit/audit.service';
import { CURRENT_DEFAULT_FACTOR_SET_UUID } from '../emissions/reference/current-default-factors';
import { RequestContext } from '../auth/principal';
import { AppError } from '../common/app-error';
import { PageQueryDto } from '../common/page-query.dto';
import { ReportsService } from '../reports/reports.service';
import { ReportingPeriodDto, ReportingPeriodPageDto } from './dto/reporting-period.dto';
import { ReportingPeriod } from './reporting-period.entity';
import { ReportingPeriodsRepository } from './reporting-periods.repository';

// Namespace of the per-organization-and-year advisory locks: writers hold them shared, finalize exclusive.
const PERIOD_LOCK_NAMESPACE = 7_301_030;

export const periodLocked = (years: number[]) =>
  new AppError(
    'PERIOD_LOCKED',
    `Reporting year${years.length > 1 ? 's' : ''} ${years.join(', ')} ${years.length > 1 ? 'are' : 'is'} finalized: ` +
      'its figures do not change until an admin reopens it',
  );

/** A record whose changes can alter a year's figures. */
export interface FigureRecord {
  kind: 'site' | 'meter' | 'certificate' | 'facility' | 'contract';
  id: string;
}

/** Whether any of the fields that feed the figures differs between two states of a record. */
export function changesFigures<T extends object>(before: T, after: T, fields: readonly (keyof T)[]): boolean {
  return fields.some(
    (field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null),
  );
}

const view = (p: ReportingPeriod): ReportingPeriodDto => ({
  year: p.year,
  status: p.status,
  reportId: p.reportId,
  finalizedAt: p.finalizedAt,
  finalizedBy: p.finalizedBy,
  reopenedAt: p.reopenedAt,
  reopenedBy: p.reopenedBy,
  reopenReason: p.reopenReason,
});

/**
 * Invariant 7, in one place. Every writer that can change a year's figures asks `assertOpen` (or, for
 * readings judged one by one, `holdOpen`) inside its transaction: it takes the year's lock shared, so a
 * finalization (which takes it exclusively) waits for writers in flight and no writer slips in after it.
 */
@Injectable()
export class ReportingPeriodsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ReportingPeriodsRepository,
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpointService,
    private readonly reports: ReportsService,
  ) {}

  /** 409 `PERIOD_LOCKED` unless every one of the years is open; holds them open to the transaction's end. */
  async assertOpen(
    em: EntityManager,
    ctx: Pick<RequestContext, 'organizationId'>,
    years: number | number[],
  ): Promise<void> {
    const finalized = await this.holdOpen(em, ctx.organizationId, Array.isArray(years) ? years : [years]);
    if (finalized.size > 0) throw periodLocked([...finalized].sort((a, b) => a - b));
  }

  /**
   * 409 `PERIOD_LOCKED` when the record's figures reach a finalized year: the years with readings of a
   * site or meter, the years a certificate, facility or contract is claimed (or measured) in.
   */
  async assertRecordOpen(
    em: EntityManager,
    ctx: Pick<RequestContext, 'organizationId'>,
    record: FigureRecord,
  ): Promise<void> {
    const org = ctx.organizationId;
    const years = {
      site: () => this.repository.yearsOfSite(em, org, record.id),
      meter: () => this.repository.yearsOfMeters(em, org, [record.id]),
      certificate: () => this.repository.yearsOfCertificate(em, org, record.id),
      facility: () => this.repository.yearsOfFacility(em, org, record.id),
      contract: () => this.repository.yearsOfContract(em, org, record.id),
    }[record.kind];
    await this.assertOpen(em, ctx, await years());
  }

  /** 409 `PERIOD_LOCKED` when any year of the organization is finalized (a change would alter them all). */
  async assertNoneFinalized(em: EntityManager, ctx: Pick<RequestContext, 'organizationId'>): Promise<void> {
    await this.assertOpen(em, ctx, await this.repository.finalizedYears(em, ctx.organizationId));
  }

  /** Locks the years shared and answers which of them are finalized (for writers that refuse item by item). */
  async holdOpen(em: EntityManager, organizationId: string, years: number[]): Promise<Set<number>> {
    const distinct = [...new Set(years)].sort((a, b) => a - b);
    if (distinct.length === 0) return new Set();
    await em.query(
      `SELECT pg_advisory_xact_lock_shared($1, hashtext($2::text || ':' || y)) FROM unnest($3::int[]) AS y ORDER BY y`,
      [PERIOD_LOCK_NAMESPACE, organizationId, distinct],
    );
    const rows: { year: number }[] = await em.query(
      `SELECT year FROM reporting_periods WHERE organization_id = $1 AND status = 'finalized' AND year = ANY($2::int[])`,
      [organizationId, distinct],
    );
    return new Set(rows.map((r) => r.year));
  }

  /** Whether a year is finalized (for figures that say provisional or final; takes no lock). */
  async isFinalized(organizationId: string, year: number, em: EntityManager = this.dataSource.manager) {
    return (await this.repository.finalizedYears(em, organizationId)).includes(year);
  }

  /** The organization's finalized years (for figures that say provisional or final). */
  finalizedYears(organizationId: string, em: EntityManager = this.dataSource.manager): Promise<number[]> {
    return this.repository.finalizedYears(em, organizationId);
  }

  async list(ctx: RequestContext, page: PageQueryDto): Promise<ReportingPeriodPageDto> {
    const [items, total] = await this.dataSource.getRepository(ReportingPeriod).findAndCount({
      where: { organizationId: ctx.organizationId },
      order: { year: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items: items.map(view), total, limit: page.limit, offset: page.offset };
  }

  /**
   * Finalizes a year from a ready report of it: from now on nothing changes its figures. Waits for writers
   * of the year in flight; the report's figures must still be the data's (its model is rebuilt under the
   * year's lock); records a signed audit checkpoint, so the log up to this point can be proven later.
   */
  async finalize(ctx: RequestContext, year: number, reportId: string): Promise<ReportingPeriodDto> {
    return this.dataSource.transaction(async (em) => {
      const before = await this.lockExclusively(em, ctx.organizationId, year);
      if (before?.status === 'finalized') {
        throw new AppError(
          'PERIOD_ALREADY_FINALIZED',
          `Reporting year ${year} is already finalized (from report ${before.reportId ?? 'none'})`,
        );
      }
      const report = await this.reports.finalizable(em, ctx, year, reportId);
      const now = new Date();
      const after: ReportingPeriod = {
        organizationId: ctx.organizationId,
        year,
        status: 'finalized',
        reportId,
        finalizedAt: now,
        finalizedBy: ctx.actor.type === 'user' ? ctx.actor.id : null,
        reopenedAt: before?.reopenedAt ?? null,
        reopenedBy: before?.reopenedBy ?? null,
        reopenReason: before?.reopenReason ?? null,
      };
      await em.upsert(ReportingPeriod, after, ['organizationId', 'year']);
      await this.pinFactorSet(em, ctx.organizationId, year);
      await this.audit.record(em, ctx, {
        action: 'finalize',
        entityType: 'reporting_period',
        entityId: String(year),
        before: before ? view(before) : { year, status: 'open' },
        after: { ...view(after), modelHash: report.modelHash },
      });
      await this.checkpoints.checkpoint(em, ctx.organizationId, 'finalization');
      return view(after);
    });
  }

  /** Reopens a finalized year, with the reason (audited); its figures may change again. */
  async reopen(ctx: RequestContext, year: number, reason: string): Promise<ReportingPeriodDto> {
    return this.dataSource.transaction(async (em) => {
      const before = await this.lockExclusively(em, ctx.organizationId, year);
      if (before?.status !== 'finalized') {
        throw new AppError('PERIOD_NOT_FINALIZED', `Reporting year ${year} is not finalized`);
      }
      const after: ReportingPeriod = {
        ...before,
        status: 'open',
        reopenedAt: new Date(),
        reopenedBy: ctx.actor.type === 'user' ? ctx.actor.id : null,
        reopenReason: reason,
      };
      await em.update(
        ReportingPeriod,
        { organizationId: ctx.organizationId, year },
        {
          status: after.status,
          reopenedAt: after.reopenedAt,
          reopenedBy: after.reopenedBy,
          reopenReason: reason,
        },
      );
      await this.audit.record(em, ctx, {
        action: 'reopen',
        entityType: 'reporting_period',
        entityId: String(year),
        before: view(before),
        after: view(after),
      });
      return view(after);
    });
  }

  private async lockExclusively(em: EntityManager, organizationId: string, year: number) {
    await em.query(`SELECT pg_advisory_xact_lock($1, hashtext($2::text || ':' || $3::int))`, [
      PERIOD_LOCK_NAMESPACE,
      organizationId,
      year,
    ]);
    return em.findOne(ReportingPeriod, {
      where: { organizationId, year },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /**
   * A finalized year keeps the factor set it was computed with: a year that used the shipped defaults gets
   * them as its explicit choice, so a later version of the defaults does not change it.
   */
  private async pinFactorSet(em: EntityManager, organizationId: string, year: number): Promise<void> {
    await em.query(
      `INSERT INTO emission_factor_selections (organization_id, reporting_year, reference_set_id)
       SELECT $1, $2, $3 ON CONFLICT (organization_id, reporting_year) DO NOTHING`,
      [organizationId, year, CURRENT_DEFAULT_FACTOR_SET_UUID],
    );
  }
}
