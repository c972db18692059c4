import { Injectable } from '@nestjs/common';
import { RequestContext } from '../auth/principal';
import { notFound } from '../common/app-error';
import { jsonSafe } from '../common/json-safe';
import { meterView, yearCoverage } from '../figures/meter-coverage';
import { marketOf } from '../re100/engine';
import { FactorDto } from './dto/factor-set-response.dto';
import {
  ClaimNotUsedDto,
  RenewableSliceInputDto,
  Scope2ExplainDto,
  Scope2IssueDto,
  Scope2SiteInputDto,
} from './dto/scope2-response.dto';
import { Scope2Service, scope2Provenance } from './scope2.service';

const DAY_MS = 86_400_000;

/** How the figures are computed, for the answer and the report's methodology text. */
export const SCOPE2_METHODOLOGY: readonly string[] = Object.freeze([
  'Consumption per site = import + on-site generation − export of its meters, per site-local day never below 0, summed over the reporting year, from the daily rollups (RE100-SCOPE-1): the same consumption as the RE100 figures.',
  'Location-based: each site’s purchased electricity (consumption − own generation consumed on site) × the grid-average factor of its grid subregion, else of its country, latest data year ≤ the reporting year (S2-LB-1).',
  'Market-based: an instrument gets 0 when it meets the Scope 2 quality criteria on their own (S2-QC): it conveys the attribute, is the only claim on it, is retired by or for the organization, its generation is close in time (6 months before to 3 months after the period), and it is from the consumption’s market. RE100-only rules (facility age, immaterial markets, exclusions) play no part. Own generation consumed on site gets 0 unless its certificates were sold or transferred.',
  'An instrument’s energy is placed on the site it is metered at, then on the sites it names, then on sites of its consumption country, then of its market, in claim-id order, shared by remaining consumption and never beyond it; what is left is a surplus that never crosses markets.',
  'The rest of each site’s consumption takes the supplier factor, else the residual mix, else the grid average where none is published; Korea has no residual mix: (consumption − renewables) × grid factor (S2-MB-1, S2-MB-2).',
  'A site without a factor is left out of a total, which then says `complete: false` with the sites and MWh left out.',
  'Figures are exact; t CO2e are rounded once, to 3 decimals, half away from zero. Exact figures tie out: organization = Σ countries = Σ sites = Σ slices.',
]);

/** The inputs behind a year's Scope 2 figures, so an auditor can re-perform them (C-3, auditors' check 7). */
@Injectable()
export class Scope2ExplainService {
  constructor(private readonly scope2: Scope2Service) {}

  async explain(ctx: RequestContext, year: number, siteId: string | null): Promise<Scope2ExplainDto> {
    const run = await this.scope2.run(ctx, year);
    const { figures, result } = run;
    if (siteId && !figures.sites.some((s) => s.siteId === siteId)) throw notFound('Site', siteId);
    const input = figures.re100;
    const mine = <T extends { siteId?: string }>(items: readonly T[]): T[] =>
      siteId ? items.filter((i) => i.siteId === siteId) : [...items];
    const coverageOf = new Map(yearCoverage(figures).map((c) => [c.meterId, c]));
    const claims = new Map(input.claims.map((c) => [c.claimId, c]));
    const records = new Map(figures.sites.map((s) => [s.siteId, s]));

    const daysInPeriod = (Date.parse(input.periodEnd) - Date.parse(input.periodStart)) / DAY_MS + 1;
    const sites: Scope2SiteInputDto[] = mine(input.sites).map((s) => {
      const own = figures.meters.filter((m) => m.siteId === s.siteId);
      const sum = (direction: string) =>
        own.reduce((n, m) => (m.direction === direction ? n + m.wh : n), 0n).toString();
      const { name, country, gridRegion, excludedFromRe100 } = records.get(s.siteId)!;
      return {
        siteId: s.siteId,
        name,
        country,
        gridRegion,
        excludedFromRe100,
        daysInPeriod,
        importWh: sum('import'),
        exportWh: sum('export'),
        generationWh: sum('generation'),
        consumptionWh: s.consumptionWh.toString(),
        selfGenerationConsumedWh: s.selfGenerationConsumedWh.toString(),
        meters: own.map((m) => meterView(m, coverageOf.get(m.meterId)!)),
      };
    });

    const renewableSlices: RenewableSliceInputDto[] = result.instruments.flatMap((instrument) => {
      const claim = claims.get(instrument.claimId)!;
      const source = figures.claimSources[instrument.claimId];
      return mine(instrument.placements).map((p) => ({
        claimId: instrument.claimId,
        siteId: p.siteId,
        wh: p.wh.toString(),
        technology: claim.technology,
        instrumentType: claim.instrument?.type ?? null,
        procurementMethod: claim.krTag ?? claim.method,
        claimVolumeWh: instrument.volumeWh.toString(),
        claimPlacedWh: instrument.placedWh.toString(),
        certificate: source?.certificate ?? null,
        facility: source?.facility ?? null,
        contracts: source?.contracts ?? [],
      }));
    });

    // Instruments that left energy in the remainder: with a site, those naming it, or naming no site and
    // claimed in the site's market.
    const siteCountry = siteId && records.get(siteId)!.country;
    const siteMarket = siteCountry && marketOf(siteCountry, input.periodStart, input.boundaries);
    const claimsNotUsed: ClaimNotUsedDto[] = result.instruments
      .filter((i) => i.notPlacedWh > 0n)
      .filter((i) => {
        const claim = claims.get(i.claimId)!;
        const named = claim.siteIds ?? [];
        return !siteId || (named.length ? named.includes(siteId) : claim.consumptionMarket === siteMarket);
      })
      .map((i) => ({
        claimId: i.claimId,
        status: i.placedWh > 0n ? 'PARTIAL' : 'INELIGIBLE',
        volumeWh: i.volumeWh.toString(),
        placedWh: i.placedWh.toString(),
        notPlacedWh: i.notPlacedWh.toString(),
        reasons: [...i.reasons],
      }));

    const site = siteId ? result.sites.find((s) => s.siteId === siteId) : undefined;
    const used = site && new Set([...site.locationSlices, ...site.marketSlices].map((s) => s.factorId));
    const {
      locationSlices: _l,
      marketSlices: _m,
      ...totals
    } = site ?? { ...result.organization, locationSlices: [], marketSlices: [] };
    return {
      ...scope2Provenance(run),
      siteId,
      methodology: [...SCOPE2_METHODOLOGY],
      sites,
      renewableSlices,
      claimsNotUsed,
      factorsUsed: result.factorsUsed.filter((f) => !used || used.has(f.id)) as FactorDto[],
      figures: jsonSafe({
        consumptionWh: totals.consumptionWh,
        consumptionMwh: totals.consumptionMwh,
        purchasedWh: totals.purchasedWh,
        purchasedMwh: totals.purchasedMwh,
        ownGenerationWh: totals.ownGenerationWh,
        zeroEmissionWh: totals.zeroEmissionWh,
        locationBased: totals.locationBased,
        marketBased: totals.marketBased,
      }),
      errors: mine(result.errors) as Scope2IssueDto[],
      notices: mine(result.notices) as Scope2IssueDto[],
    };
  }
}
