import { Injectable } from '@nestjs/common';
import { RequestContext } from '../auth/principal';
import { invalid, notFound } from '../common/app-error';
import { jsonSafe } from '../common/json-safe';
import { DataQualityService } from '../readings/data-quality.service';
import { ExplainClaimDto, ExplainQueryDto, ExplainSiteDto, Re100ExplainDto } from './dto/explain.dto';
import { evaluateRe100Year, marketOf, Re100YearResult } from './engine';
import { ClaimSource, MeterTotal, Re100InputsRepository } from './re100-inputs.repository';

const METHOD = {
  RE_PERCENT: [
    'RE100-SCOPE-1: each site consumes import + generation − export of its meters in the reporting year (site-local days, from the daily rollups), never below 0.',
    'RE100-SCOPE-2: excluded sites (flagged, or in an immaterial market) leave the denominator: in-scope = consumption − excluded.',
    'RE100 technical criteria: each claim gets a verdict from the ruleset (market boundary, retirement and beneficiary, vintage window, facility age with its exemptions, null power).',
    'RE100-AGE-3: claims failing only the age rule count up to the age allowance (a share of in-scope consumption).',
    'RE100-CALC-1: eligible energy is capped at each market’s in-scope consumption; a surplus never moves to another market.',
    'RE % = Σ eligible / in-scope consumption × 100, rounded down to 2 decimals, at most 100.',
  ],
  MARKET_ELIGIBLE: [
    'RE100-MB-1: a claim counts in the market it is allocated to, which must contain the generating facility (RE100-MB-2/3/4 boundaries below).',
    'Eligible = Σ compliant claims + the age allowance used in this market, capped at the market’s in-scope consumption (RE100-CALC-1).',
  ],
  CLAIM_VERDICT: [
    'Each rule of the ruleset looks at the facts in `verdict.basis`; every failing rule adds a reason code.',
    'A claim failing only the age rule may still count against the age allowance (RE100-AGE-3): see `verdict.allocation.stage`.',
    'Eligible Wh of a claim are what counted after the market cap (RE100-CALC-1); the rest is ineligible.',
  ],
} as const;

type Figure = keyof typeof METHOD;

/**
 * The inputs behind a RE100 figure, so an auditor can re-perform it: the sites' consumption with every
 * meter's energy and reading coverage, the claims with their certificates, facilities and contracts, the
 * market boundaries and the ruleset's parameters.
 */
@Injectable()
export class Re100ExplainService {
  constructor(
    private readonly inputs: Re100InputsRepository,
    private readonly quality: DataQualityService,
  ) {}

  async explain(ctx: RequestContext, query: ExplainQueryDto): Promise<Re100ExplainDto> {
    if (query.market && query.claimId) {
      throw invalid('claimId', 'ONE_FIGURE', 'Explain either a market or a claim, not both');
    }
    const { year } = query;
    const input = await this.inputs.yearInput(ctx.organizationId, year);
    const [meters, names, sources, coverage] = await Promise.all([
      this.inputs.meterTotals(ctx.organizationId, year),
      this.inputs.siteNames(ctx.organizationId),
      this.inputs.claimSources(ctx.organizationId, year),
      this.quality.yearSummaries(ctx, year),
    ]);
    const result = evaluateRe100Year(input);
    const { figure, market, value } = this.figure(result, query);
    const marketOfSite = new Map(result.markets.flatMap((m) => m.siteIds.map((id) => [id, m.market])));
    const coverageOf = new Map(coverage.map((c) => [c.meterId, c]));
    const sites: ExplainSiteDto[] = input.sites
      .map((s) => ({
        ...s,
        market: marketOfSite.get(s.siteId) ?? marketOf(s.country, input.periodStart, input.boundaries),
      }))
      .filter((s) => market === null || s.market === market)
      .map((s) => {
        const own = meters.filter((m) => m.siteId === s.siteId);
        return {
          siteId: s.siteId,
          name: names.get(s.siteId) ?? '',
          country: s.country,
          market: s.market,
          excluded: s.excluded,
          exclusionReason: s.exclusionReason,
          consumptionWh: s.consumptionWh.toString(),
          selfGenerationConsumedWh: s.selfGenerationConsumedWh.toString(),
          meters: own.map((m) => meterView(m, coverageOf.get(m.meterId))),
        };
      });
    const claims: ExplainClaimDto[] = result.claims
      .filter((v) => (query.claimId ? v.claimId === query.claimId : market === null || v.market === market))
      .map((v) => claimView(jsonSafe(v) as unknown as ExplainClaimDto['verdict'], sources(v.claimId)));
    const countries = new Set([
      ...sites.map((s) => s.country),
      ...claims.map((c) => c.verdict.basis.facilityCountry as string),
    ]);
    const { ruleset, rulesetId, periodStart, periodEnd, boundaryDate, vintageWindow, legalEntityName } =
      result.provenance;
    return {
      year,
      figure,
      market: query.market ?? null,
      claimId: query.claimId ?? null,
      value: jsonSafe(value) as Record<string, unknown>,
      method: [...METHOD[figure]],
      rulesetId,
      ruleset: jsonSafe(ruleset) as unknown as Record<string, unknown>,
      periodStart,
      periodEnd,
      boundaryDate,
      vintageWindow,
      legalEntityName,
      marketBoundaries: [...countries]
        .sort()
        .map((country) => ({ country, market: marketOf(country, boundaryDate, input.boundaries) })),
      sites,
      claims,
    };
  }

  /** Which figure the query asks for, and the market whose inputs explain it (null: all). */
  private figure(
    result: Re100YearResult,
    query: ExplainQueryDto,
  ): { figure: Figure; market: string | null; value: unknown } {
    if (query.claimId) {
      const verdict = result.claims.find((v) => v.claimId === query.claimId);
      if (!verdict) throw notFound('Claim', query.claimId);
      return { figure: 'CLAIM_VERDICT', market: verdict.market, value: verdict };
    }
    if (query.market) {
      const market = result.markets.find((m) => m.market === query.market);
      if (!market) throw notFound('Market', query.market);
      return { figure: 'MARKET_ELIGIBLE', market: market.market, value: market };
    }
    const { share: _share, ...ageAllowance } = result.totals.ageAllowance;
    return { figure: 'RE_PERCENT', market: null, value: { ...result.totals, ageAllowance } };
  }
}

function claimView(verdict: ExplainClaimDto['verdict'], source: ClaimSource | undefined): ExplainClaimDto {
  return {
    verdict,
    allocationId: source?.allocationId ?? null,
    certificate: source?.certificate ?? null,
    facility: source?.facility ?? null,
    contracts: source?.contracts ?? [],
  };
}

function meterView(
  m: MeterTotal,
  coverage:
    | { expectedIntervals: number | null; missingIntervals: number | null; completeness: number | null }
    | undefined,
) {
  return {
    meterId: m.meterId,
    externalId: m.externalId,
    direction: m.direction,
    wh: m.wh.toString(),
    readings: m.readings,
    estimatedWh: m.estimatedWh.toString(),
    daysWithData: m.daysWithData,
    expectedIntervals: coverage?.expectedIntervals ?? null,
    missingIntervals: coverage?.missingIntervals ?? null,
    completeness: coverage?.completeness ?? null,
  };
}
