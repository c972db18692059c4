import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ReportingPeriodsService } from '../reporting-periods/reporting-periods.service';
import { RequestContext } from '../auth/principal';
import { notFound } from '../common/app-error';
import { FactorSelectionDto } from './dto/factor-set-response.dto';
import {
  EmissionFactorsRepository,
  FactorSelectionRecord,
  FactorSetRecord,
  ResolvedSelection,
} from './emission-factors.repository';
import { CURRENT_DEFAULT_FACTOR_SET_UUID } from './reference/current-default-factors';

const view = (s: ResolvedSelection): FactorSelectionDto => ({
  year: s.year,
  explicit: s.explicit,
  factorSet: s.set,
  selectedAt: s.selectedAt,
  selectedBy: s.selectedBy,
});

/** The emission factor set each reporting year uses: the organization's choice, else the shipped defaults. */
@Injectable()
export class FactorSelectionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EmissionFactorsRepository,
    private readonly audit: AuditService,
    private readonly periods: ReportingPeriodsService,
  ) {}

  async get(ctx: RequestContext, year: number): Promise<FactorSelectionDto> {
    return view(await this.resolve(ctx.organizationId, year));
  }

  /** The set of a year, with whether the organization chose it (C-3: every figure names its factor set). */
  resolve(organizationId: string, year: number): Promise<ResolvedSelection> {
    return this.repository.resolve(organizationId, year);
  }

  /**
   * Chooses the set of a reporting year. A finalized year keeps its set (invariant 7: 409 `PERIOD_LOCKED`);
   * choosing the set already chosen changes nothing and writes no audit entry.
   */
  async select(ctx: RequestContext, year: number, factorSetId: string): Promise<FactorSelectionDto> {
    return this.dataSource.transaction(async (em) => {
      const set = await this.repository.findSet(ctx.organizationId, factorSetId, em);
      if (!set) throw notFound('Emission factor set', factorSetId);
      await this.periods.assertOpen(em, ctx, year);
      const current = await this.repository.selection(ctx.organizationId, year, em);
      if (current?.setId === set.id) return view(selectionOf(year, set, current));
      const saved = await this.repository.saveSelection(
        em,
        ctx.organizationId,
        year,
        set,
        ctx.actor.type === 'user' ? ctx.actor.id : null,
      );
      await this.audit.record(em, ctx, {
        action: 'select',
        entityType: 'emission_factor_selection',
        entityId: String(year),
        before: {
          year,
          factorSetId: current?.setId ?? CURRENT_DEFAULT_FACTOR_SET_UUID,
          explicit: current !== null,
        },
        after: { year, factorSetId: set.id, scope: set.scope, name: set.name, version: set.version },
      });
      return view(selectionOf(year, set, saved));
    });
  }
}

const selectionOf = (
  year: number,
  set: FactorSetRecord,
  chosen: FactorSelectionRecord | null,
): ResolvedSelection => ({
  year,
  set,
  explicit: chosen !== null,
  selectedAt: chosen?.selectedAt ?? null,
  selectedBy: chosen?.selectedBy ?? null,
});
