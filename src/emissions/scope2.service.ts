import { Injectable } from '@nestjs/common';
import { RequestContext } from '../auth/principal';
import { jsonSafe } from '../common/json-safe';
import { evaluateRe100Year, Re100YearInput, Re100YearResult } from '../re100/engine';
import { Re100InputsRepository } from '../re100/re100-inputs.repository';
import { FactorDto } from './dto/factor-set-response.dto';
import { Scope2Dto, Scope2IssueDto, Scope2ProvenanceDto, Scope2SliceDto } from './dto/scope2-response.dto';
import { EmissionFactorsRepository } from './emission-factors.repository';
import { FactorSelectionService, ResolvedSelection } from './factor-selection.service';
import { renewableSlices, RenewableSlices } from './renewable-slices';
import { computeScope2, Scope2Issue, Scope2Result, Scope2SiteResult } from './scope2';
import { Scope2InputsRepository, SiteRecord } from './scope2-inputs.repository';

/** One computation of a year's Scope 2, with everything it was computed from. */
export interface Scope2Run {
  input: Re100YearInput;
  re100: Re100YearResult;
  placement: RenewableSlices;
  selection: ResolvedSelection;
  sites: Map<string, SiteRecord>;
  provisional: boolean;
  result: Scope2Result;
  /** The result's errors, plus eligible energy that found no site (never expected). */
  errors: Scope2Issue[];
}

export const sliceDtos = (slices: Scope2SiteResult['locationSlices']): Scope2SliceDto[] =>
  jsonSafe(slices) as Scope2SliceDto[];

/**
 * Scope 2 of a reporting year (S2-DUAL-1): consumption per site from the daily rollups (RE100-SCOPE-1, as the
 * RE100 progress reads it), renewable slices from the claims the RE100 engine finds eligible (S2-QC, see
 * renewable-slices.ts), and the factor set chosen for the year; the arithmetic is `computeScope2`.
 */
@Injectable()
export class Scope2Service {
  constructor(
    private readonly re100Inputs: Re100InputsRepository,
    private readonly inputs: Scope2InputsRepository,
    private readonly factors: EmissionFactorsRepository,
    private readonly selections: FactorSelectionService,
  ) {}

  async run(ctx: RequestContext, year: number): Promise<Scope2Run> {
    const organizationId = ctx.organizationId;
    const [input, selection, sites, finalized] = await Promise.all([
      this.re100Inputs.yearInput(organizationId, year),
      this.selections.resolve(organizationId, year),
      this.inputs.sites(organizationId),
      this.factors.yearFinalized(organizationId, year),
    ]);
    const rows = await this.factors.factorRows(organizationId, selection.set);
    const re100 = evaluateRe100Year(input);
    const placement = renewableSlices(input, re100);
    const meta = new Map(sites.map((s) => [s.siteId, s]));
    const result = computeScope2({
      reportingYear: year,
      factors: rows,
      sites: input.sites.map((s) => ({
        siteId: s.siteId,
        country: s.country,
        gridRegion: meta.get(s.siteId)?.gridRegion ?? null,
        supplierFactorId: meta.get(s.siteId)?.supplierFactorId ?? null,
        consumptionWh: s.consumptionWh,
        renewableSlices: placement.bySite.get(s.siteId) ?? [],
      })),
    });
    const unplaced: Scope2Issue[] = placement.unplaced.map((u) => ({
      code: 'CLAIM_NOT_PLACED',
      claimId: u.claimId,
      method: 'MARKET_BASED',
      rule: 'S2-QC',
      message: `${u.wh} eligible Wh of claim ${u.claimId} found no site with consumption left in its market`,
    }));
    return {
      input,
      re100,
      placement,
      selection,
      sites: meta,
      provisional: !finalized,
      result,
      errors: [...result.errors, ...unplaced],
    };
  }

  /** The year's reporting period, ruleset, factor set and options: what every Scope 2 answer names (C-3). */
  provenance(run: Scope2Run): Scope2ProvenanceDto {
    const { selection, result, input } = run;
    return {
      year: result.reportingYear,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      provisional: run.provisional,
      rulesetId: run.re100.provenance.rulesetId,
      factorSelection: {
        year: selection.year,
        explicit: selection.explicit,
        factorSet: selection.set,
        selectedAt: selection.selectedAt,
        selectedBy: selection.selectedBy,
      },
      options: { ...result.options, residualMixNotApplicable: [...result.options.residualMixNotApplicable] },
    };
  }

  async year(ctx: RequestContext, year: number): Promise<Scope2Dto> {
    const run = await this.run(ctx, year);
    const { result } = run;
    return {
      ...this.provenance(run),
      organization: jsonSafe(result.organization),
      countries: jsonSafe(result.countries),
      sites: result.sites.map(({ locationSlices, marketSlices, ...site }) => ({
        ...jsonSafe(site),
        name: run.sites.get(site.siteId)?.name ?? '',
        locationSlices: sliceDtos(locationSlices),
        marketSlices: sliceDtos(marketSlices),
      })),
      factorsUsed: result.factorsUsed as FactorDto[],
      errors: run.errors as Scope2IssueDto[],
      notices: result.notices as Scope2IssueDto[],
    };
  }
}
