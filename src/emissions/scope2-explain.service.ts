import { Injectable } from '@nestjs/common';
import { RequestContext } from '../auth/principal';
import { notFound } from '../common/app-error';
import { jsonSafe } from '../common/json-safe';
import { Re100InputsRepository } from '../re100/re100-inputs.repository';
import { DataQualityService } from '../readings/data-quality.service';
import { FactorDto } from './dto/factor-set-response.dto';
import {
  RenewableSliceInputDto,
  Scope2ExplainDto,
  Scope2IssueDto,
  Scope2SiteInputDto,
} from './dto/scope2-response.dto';
import { Scope2Service } from './scope2.service';

const DAY_MS = 86_400_000;

/** How the figures are computed, for the answer and the report's methodology text. */
export const SCOPE2_METHODOLOGY: readonly string[] = Object.freeze([
  'Consumption per site = Σ import + Σ on-site generation − Σ export over the reporting year, from the daily rollups of the meter readings (RE100-SCOPE-1).',
  'Location-based: each site’s consumption × the grid-average factor of its grid subregion, else of its country, latest data year ≤ the reporting year (S2-LB-1).',
  'Market-based: the energy of claims the RE100 engine finds eligible (retired for the organization, vintage window, market boundary, single claim) gets 0 (S2-QC, S2-MB-1); so does metered self-generation consumed on site whose certificates were not sold.',
  'A claim’s eligible energy is placed on its own sites, then on other sites of its consumption country, then of its market, never beyond a site’s consumption.',
  'The rest of each site’s consumption takes the residual mix, or the grid average where none is published; Korea has no residual mix: (consumption − renewables) × grid factor (S2-MB-1, S2-MB-2).',
  'Figures are exact; t CO2e are rounded once, to 3 decimals, half away from zero. Exact figures tie out: organization = Σ countries = Σ sites = Σ slices.',
]);

/** The inputs behind a year's Scope 2 figures, so an auditor can re-perform them (C-3, auditors' check 7). */
@Injectable()
export class Scope2ExplainService {
  constructor(
    private readonly scope2: Scope2Service,
    private readonly re100Inputs: Re100InputsRepository,
    private readonly quality: DataQualityService,
  ) {}

  async explain(ctx: RequestContext, year: number, siteId: string | null): Promise<Scope2ExplainDto> {
    const run = await this.scope2.run(ctx, year);
    if (siteId && !run.sites.has(siteId)) throw notFound('Site', siteId);
    const { input, re100, placement, result } = run;
    const mine = <T extends { siteId?: string }>(items: readonly T[]): T[] =>
      siteId ? items.filter((i) => i.siteId === siteId) : [...items];
    const [meters, sources, coverage] = await Promise.all([
      this.re100Inputs.meterTotals(ctx.organizationId, year),
      this.re100Inputs.claimSources(ctx.organizationId, year),
      this.quality.yearSummaries(ctx, year),
    ]);
    const coverageOf = new Map(coverage.map((c) => [c.meterId, c]));
    const claims = new Map(input.claims.map((c) => [c.claimId, c]));
    const verdicts = new Map(re100.claims.map((v) => [v.claimId, v]));

    const daysInPeriod = (Date.parse(input.periodEnd) - Date.parse(input.periodStart)) / DAY_MS + 1;
    const sites: Scope2SiteInputDto[] = mine(input.sites).map((s) => {
      const own = meters.filter((m) => m.siteId === s.siteId);
      const sum = (direction: string) =>
        own.reduce((n, m) => (m.direction === direction ? n + m.wh : n), 0n).toString();
      return {
        ...run.sites.get(s.siteId)!,
        daysInPeriod,
        importWh: sum('import'),
        exportWh: sum('export'),
        generationWh: sum('generation'),
        consumptionWh: s.consumptionWh.toString(),
        selfGenerationConsumedWh: s.selfGenerationConsumedWh.toString(),
        meters: own.map(({ siteId: _site, ...meter }) => {
          const quality = coverageOf.get(meter.meterId);
          return {
            ...jsonSafe(meter),
            expectedIntervals: quality?.expectedIntervals ?? null,
            missingIntervals: quality?.missingIntervals ?? null,
            completeness: quality?.completeness ?? null,
          };
        }),
      };
    });

    const renewableSlices: RenewableSliceInputDto[] = mine(placement.placements).map((p) => {
      const claim = claims.get(p.claimId)!;
      const verdict = verdicts.get(p.claimId)!;
      const source = sources(p.claimId);
      return {
        claimId: p.claimId,
        siteId: p.siteId,
        wh: p.wh.toString(),
        technology: claim.technology,
        instrumentType: claim.instrument?.type ?? null,
        procurementMethod: claim.krTag ?? claim.method,
        verdictStatus: verdict.status,
        claimVolumeWh: verdict.volumeWh.toString(),
        claimEligibleWh: verdict.eligibleWh.toString(),
        certificate: source?.certificate ?? null,
        facility: source?.facility ?? null,
        contracts: source?.contracts ?? [],
      };
    });

    // Claims that left energy in the remainder: with a site, those naming it or naming no site of its market.
    const siteMarket = siteId ? re100.markets.find((m) => m.siteIds.includes(siteId))?.market : undefined;
    const claimsNotUsed = placement.notUsed.filter((n) => {
      if (!siteId) return true;
      const named = claims.get(n.claimId)?.siteIds ?? [];
      return named.length ? named.includes(siteId) : verdicts.get(n.claimId)?.market === siteMarket;
    });

    const site = siteId ? result.sites.find((s) => s.siteId === siteId) : undefined;
    const used = site && new Set([...site.locationSlices, ...site.marketSlices].map((s) => s.factorId));
    const { consumptionWh, consumptionMwh, zeroEmissionWh, locationBased, marketBased } =
      site ?? result.organization;
    return {
      ...this.scope2.provenance(run),
      siteId,
      methodology: [...SCOPE2_METHODOLOGY],
      sites,
      renewableSlices,
      claimsNotUsed: jsonSafe(claimsNotUsed),
      factorsUsed: result.factorsUsed.filter((f) => !used || used.has(f.id)) as FactorDto[],
      figures: jsonSafe({ consumptionWh, consumptionMwh, zeroEmissionWh, locationBased, marketBased }),
      errors: mine(run.errors) as Scope2IssueDto[],
      notices: mine(result.notices) as Scope2IssueDto[],
    };
  }
}
