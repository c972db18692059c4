import { dataStatusOf } from './progress';
import { Injectable } from '@nestjs/common';
import { RequestContext } from '../auth/principal';
import { AppError, notFound } from '../common/app-error';
import { jsonSafe, jsonWithMwh } from '../common/json-safe';
import { meterView, yearCoverage } from '../figures/meter-coverage';
import { ClaimSource } from '../figures/year-figures';
import { YearFiguresService } from '../figures/year-figures.service';
import { ExplainClaimDto, ExplainQueryDto, ExplainSiteDto, Re100ExplainDto } from './dto/explain.dto';
import { boundaryPeriods, evaluateRe100Year, marketOf, Re100YearResult } from './engine';

const METHOD = {
  RE_PERCENT: [
    'RE100-SCOPE-1: each site consumes import + generation − export of its meters on each site-local day (from the daily rollups), never below 0 on a day; the year is the sum of its days.',
    'RE100-SCOPE-2: a site leaves the denominator only when its exclusion is accepted: its market consumes at most 100 MWh, and the site is flagged or the organization excludes immaterial markets. In-scope = consumption − accepted exclusions.',
    'RE100 technical criteria: each claim gets a verdict from the ruleset (market boundary on the consumption dates, retirement and beneficiary, vintage window, facility age with its exemptions, null power, and under v5.0 coal co-firing and cancellation evidence).',
    'RE100-AGE-3: claims failing only the age rule count up to the age allowance: 15 % of the in-scope consumption from 1 Jan 2024 (consumption before that date is free of the age rule).',
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
  constructor(private readonly figures: YearFiguresService) {}

  async explain(ctx: RequestContext, query: ExplainQueryDto): Promise<Re100ExplainDto> {
    if (query.market && query.claimId) {
      const message = 'Explain either a market or a claim, not both';
      throw new AppError('VALIDATION_FAILED', message, [
        { path: 'claimId', code: 'EXCLUSIVE_FIELDS', message },
      ]);
    }
    const { year } = query;
    const figures = await this.figures.year(ctx.organizationId, { year, rulesetId: query.ruleset });
    const input = figures.re100;
    const result = evaluateRe100Year(input);
    const { figure, market, value } = this.figure(result, query);
    const marketOfSite = new Map(result.markets.flatMap((m) => m.siteIds.map((id) => [id, m.market])));
    const coverageOf = new Map(yearCoverage(figures).map((c) => [c.meterId, c]));
    const names = new Map(figures.sites.map((s) => [s.siteId, s.name]));
    const sites: ExplainSiteDto[] = input.sites
      .map((s) => ({
        ...s,
        market: marketOfSite.get(s.siteId) ?? marketOf(s.country, input.periodStart, input.boundaries),
      }))
      .filter((s) => market === null || s.market === market)
      .map((s) => ({
        siteId: s.siteId,
        name: names.get(s.siteId) ?? '',
        country: s.country,
        market: s.market,
        excluded: s.excluded,
        exclusionReason: s.exclusionReason,
        ...jsonWithMwh({
          consumptionWh: s.consumptionWh,
          selfGenerationConsumedWh: s.selfGenerationConsumedWh,
        }),
        consumptionSegments: jsonWithMwh([...(s.consumptionSegments ?? [])]),
        meters: figures.meters
          .filter((m) => m.siteId === s.siteId)
          .map((m) => meterView(m, coverageOf.get(m.meterId)!)),
      }));
    const claims: ExplainClaimDto[] = result.claims
      .filter((v) => (query.claimId ? v.claimId === query.claimId : market === null || v.market === market))
      .map((v) =>
        claimView(jsonWithMwh(v) as unknown as ExplainClaimDto['verdict'], figures.claimSources[v.claimId]),
      );
    const countries = new Set([
      ...sites.map((s) => s.country),
      ...claims.map((c) => c.verdict.basis.facilityCountry as string),
    ]);
    const { ruleset, rulesetId, periodStart, periodEnd, vintageWindow, legalEntityName } = result.provenance;
    const stretches = boundaryPeriods(input.boundaries, countries, periodStart, periodEnd);
    return {
      year,
      figure,
      market: query.market ?? null,
      claimId: query.claimId ?? null,
      value: jsonWithMwh(value) as Record<string, unknown>,
      method: [...METHOD[figure]],
      rulesetId,
      rulesetForPeriod: result.provenance.rulesetForPeriod,
      ruleset: jsonSafe(ruleset) as unknown as Record<string, unknown>,
      periodStart,
      periodEnd,
      vintageWindow,
      legalEntityName,
      excludeImmaterialMarkets: result.provenance.excludeImmaterialMarkets,
      marketBoundaries: stretches.flatMap((stretch) =>
        [...countries].sort().map((country) => ({
          country,
          market: marketOf(country, stretch.start, input.boundaries),
          from: stretch.start,
          to: stretch.end,
        })),
      ),
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
    // As the progress answers: without in-scope consumption (NO_DATA, ALL_EXCLUDED) there is no RE %.
    const dataStatus = dataStatusOf(result);
    const rePercent = dataStatus ? null : result.totals.rePercent;
    return {
      figure: 'RE_PERCENT',
      market: null,
      value: { ...result.totals, rePercent, dataStatus, ageAllowance },
    };
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
