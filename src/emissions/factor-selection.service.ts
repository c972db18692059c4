import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../auth/principal';
import { conflict, notFound } from '../common/app-error';
import { FactorSelectionDto } from './dto/factor-set-response.dto';
import {
  EmissionFactorsRepository,
  FactorSelectionRecord,
  FactorSetRecord,
} from './emission-factors.repository';
import { DEFAULT_FACTOR_SET_UUID } from './reference/default-factors';

export interface ResolvedSelection {
  year: number;
  set: FactorSetRecord;
  explicit: boolean;
  selectedAt: Date | null;
  selectedBy: string | null;
}

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
  ) {}

  async get(ctx: RequestContext, year: number): Promise<FactorSelectionDto> {
    return view(await this.resolve(ctx.organizationId, year));
  }

  /** The set of a year, with whether the organization chose it (C-3: every figure names its factor set). */
  async resolve(organizationId: string, year: number): Promise<ResolvedSelection> {
    const chosen = await this.repository.selection(organizationId, year);
    const set = await this.repository.findSet(organizationId, chosen?.setId ?? DEFAULT_FACTOR_SET_UUID);
    // Sets are never deleted (C-4) and the defaults are seeded by the migrations.
    if (!set) throw new Error(`factor set ${chosen?.setId ?? DEFAULT_FACTOR_SET_UUID} is missing`);
    return selection(year, set, chosen);
  }

  /**
   * Chooses the set of a reporting year. A finalized year keeps its set (invariant 7: 409 `PERIOD_LOCKED`);
   * choosing the set already chosen changes nothing and writes no audit entry.
   */
  async select(ctx: RequestContext, year: number, factorSetId: string): Promise<FactorSelectionDto> {
    return this.dataSource.transaction(async (em) => {
      const set = await this.repository.findSet(ctx.organizationId, factorSetId, em);
      if (!set) throw notFound('Emission factor set', factorSetId);
      if (await this.repository.yearFinalized(ctx.organizationId, year, em))
        throw conflict('PERIOD_LOCKED', `Reporting year ${year} is finalized (invariant 7)`);
      const current = await this.repository.selection(ctx.organizationId, year, em);
      if (current?.setId === set.id) return view(selection(year, set, current));
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
        before: { year, factorSetId: current?.setId ?? DEFAULT_FACTOR_SET_UUID, explicit: current !== null },
        after: { year, factorSetId: set.id, scope: set.scope, name: set.name, version: set.version },
      });
      return view(selection(year, set, saved));
    });
  }
}

const selection = (
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
