import { Injectable } from '@nestjs/common';
import { RequestContext } from '../auth/principal';
import { jsonSafe } from '../common/json-safe';
import { YearFigures } from '../figures/year-figures';
import { YearFiguresService } from '../figures/year-figures.service';
import { FactorDto } from './dto/factor-set-response.dto';
import { Scope2Dto, Scope2IssueDto, Scope2ProvenanceDto, Scope2SliceDto } from './dto/scope2-response.dto';
import { scope2InputFromRe100 } from './renewable-slices';
import { computeScope2, Scope2Result, Scope2SiteResult } from './scope2';

/** One computation of a year's Scope 2, with everything it was computed from. */
export interface Scope2Run {
  figures: YearFigures;
  result: Scope2Result;
}

export const sliceDtos = (slices: Scope2SiteResult['locationSlices']): Scope2SliceDto[] =>
  jsonSafe(slices) as Scope2SliceDto[];

/**
 * Scope 2 of a reporting year's figures (S2-DUAL-1): the sites' consumption (the same as the RE100 figures'),
 * the instruments judged by the Scope 2 quality criteria on their own (S2-QC, renewable-slices.ts), and the
 * factor set chosen for the year; the arithmetic is `computeScope2`.
 */
export function scope2Of(figures: YearFigures): Scope2Result {
  return computeScope2(
    scope2InputFromRe100(figures.re100, {
      factors: figures.factors.rows,
      sites: new Map(figures.sites.map((s) => [s.siteId, s])),
    }),
  );
}

/** The year's reporting period, factor set and options: what every Scope 2 answer names (C-3). */
export function scope2Provenance({ figures, result }: Scope2Run): Scope2ProvenanceDto {
  const { factors } = figures;
  return {
    year: result.reportingYear,
    periodStart: figures.periodStart,
    periodEnd: figures.periodEnd,
    provisional: !figures.finalized,
    rulesetId: figures.re100.ruleset.id,
    factorSelection: {
      year: factors.year,
      explicit: factors.explicit,
      factorSet: factors.set,
      selectedAt: factors.selectedAt,
      selectedBy: factors.selectedBy,
    },
    options: { ...result.options, residualMixNotApplicable: [...result.options.residualMixNotApplicable] },
  };
}

/** Scope 2 figures of a reporting year, presented from one consistent read (`YearFigures`). */
@Injectable()
export class Scope2Service {
  constructor(private readonly figures: YearFiguresService) {}

  async run(ctx: RequestContext, year: number): Promise<Scope2Run> {
    const figures = await this.figures.year(ctx.organizationId, { year });
    return { figures, result: scope2Of(figures) };
  }

  async year(ctx: RequestContext, year: number): Promise<Scope2Dto> {
    return presentScope2(await this.run(ctx, year));
  }
}

/** A year's Scope 2, organization → countries → sites → slices, with the factors used and the issues. */
export function presentScope2(run: Scope2Run): Scope2Dto {
  const { result } = run;
  const names = new Map(run.figures.sites.map((s) => [s.siteId, s.name]));
  return {
    ...scope2Provenance(run),
    organization: jsonSafe(result.organization),
    countries: jsonSafe(result.countries),
    sites: result.sites.map(({ locationSlices, marketSlices, ...site }) => ({
      ...jsonSafe(site),
      name: names.get(site.siteId) ?? '',
      locationSlices: sliceDtos(locationSlices),
      marketSlices: sliceDtos(marketSlices),
    })),
    factorsUsed: result.factorsUsed as FactorDto[],
    errors: result.errors as Scope2IssueDto[],
    notices: result.notices as Scope2IssueDto[],
  };
}
