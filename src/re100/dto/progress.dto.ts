import { Transform } from 'class-transformer';
import { queryInteger } from '../../common/validation';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ProgressQueryDto {
  /** Reporting year. */
  @Transform(queryInteger)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

/** A span of reporting years; both default from the commitment and today (see the endpoint). */
export class SeriesQueryDto {
  /** First reporting year (default: the baseline year, else four years before `to`). */
  @IsOptional()
  @Transform(queryInteger)
  @IsInt()
  @Min(2000)
  @Max(2100)
  from?: number;

  /** Last reporting year (default: the current one). At most 50 years after `from`. */
  @IsOptional()
  @Transform(queryInteger)
  @IsInt()
  @Min(2000)
  @Max(2100)
  to?: number;
}

export class ClaimVerdictDto {
  claimId: string;
  market: string;
  /** ELIGIBLE, PARTIAL or INELIGIBLE. */
  status: string;
  volumeWh: string;
  eligibleWh: string;
  ineligibleWh: string;
  /** Reason codes (MARKET_BOUNDARY, FACILITY_TOO_OLD, VINTAGE_OUT_OF_WINDOW, NOT_RETIRED, …). */
  reasons: string[];
  /** The facts each rule looked at, so the verdict can be re-performed. */
  basis: Record<string, unknown>;
  /** How the claim's energy fared against the market cap and the age allowance. */
  allocation: Record<string, unknown>;
}

export class MarketProgressDto {
  market: string;
  countries: string[];
  consumptionWh: string;
  excludedWh: string;
  inScopeWh: string;
  immaterial: boolean;
  claimedWh: string;
  eligibleWh: string;
  /** Eligible energy beyond the market's consumption (RE100-CALC-1: surplus never crosses markets). */
  cappedWh: string;
  rePercent: string;
}

export class CountryProgressDto {
  country: string;
  market: string;
  consumptionWh: string;
  selfGenerationConsumedWh: string;
  purchasedWh: string;
  eligibleWh: string;
  rePercent: string;
}

export class ProcurementTypeDto {
  /** RE100 procurement type 1 to 5. */
  type: number;
  claimCount: number;
  volumeWh: string;
  eligibleWh: string;
  rePercent: string;
  methods: Record<string, unknown>[];
}

export class ExcludedSiteDto {
  siteId: string;
  country: string;
  market: string;
  consumptionWh: string;
  reasons: string[];
  note: string | null;
}

export class AgeAllowanceDto {
  limitWh: string;
  usedWh: string;
  remainingWh: string;
}

export class MarketGapDto {
  market: string;
  requiredWh: string;
  eligibleWh: string;
  stillToProcureWh: string;
}

export class TargetProgressDto {
  targetYear: number;
  /** Required RE % this year on the trajectory (linear from the baseline year, never below a milestone; RE100-TGT-1). */
  requiredPercent: string;
  /** BASELINE, LINEAR, MILESTONE or TARGET. */
  source: string;
  requiredWh: string;
  /** Energy still to procure this year to be on the trajectory. */
  stillToProcureWh: string;
  /** ON_TRACK, BEHIND or ACHIEVED. */
  status: string;
  /** The gap shared among markets (eligible energy counts only in its own market, RE100-CALC-1). */
  markets: MarketGapDto[];
}

export class Re100ProgressDto {
  year: number;
  periodStart: string;
  periodEnd: string;
  rulesetId: string;
  /** True while the reporting year is not finalized. */
  provisional: boolean;
  consumptionWh: string;
  excludedWh: string;
  inScopeWh: string;
  eligibleWh: string;
  /** RE100-CALC-1, 2 decimals. */
  rePercent: string;
  ageAllowance: AgeAllowanceDto;
  markets: MarketProgressDto[];
  byCountry: CountryProgressDto[];
  byProcurementType: ProcurementTypeDto[];
  claims: ClaimVerdictDto[];
  excludedSites: ExcludedSiteDto[];
  /** Against the RE100 commitment; null when the organization has declared none, or before its baseline year. */
  target: TargetProgressDto | null;
  /** The inputs the engine used (ruleset, period, vintage window, legal entity). */
  provenance: Record<string, unknown>;
}

export class SeriesYearDto {
  year: number;
  periodEnd: string;
  /** True while the reporting year is not finalized. */
  provisional: boolean;
  inScopeWh: string;
  eligibleWh: string;
  rePercent: string;
  /** Required RE % on the trajectory; null before the baseline year or without a commitment. */
  requiredPercent: string | null;
  requiredWh: string | null;
  stillToProcureWh: string | null;
  /** ON_TRACK, BEHIND or ACHIEVED; null without a trajectory point. */
  status: string | null;
}

export class TrajectoryPointDto {
  year: number;
  requiredPercent: string;
  /** BASELINE, LINEAR, MILESTONE or TARGET. */
  source: string;
}

export class ForecastYearDto {
  year: number;
  /** Σ expected annual volume × share of the year each contract covers (rounded down). */
  expectedRenewableWh: string;
  assumedConsumptionWh: string;
  /** Rounded down, capped at 100. */
  forecastPercent: string;
  requiredPercent: string;
  status: string;
}

export class ForecastDto {
  /** The last year of the series that has ended; its in-scope consumption is held flat. */
  basedOnYear: number;
  assumedConsumptionWh: string;
  years: ForecastYearDto[];
}

export class Re100SeriesDto {
  from: number;
  to: number;
  rulesetId: string;
  /** Null when the organization has declared no RE100 commitment. */
  targetYear: number | null;
  years: SeriesYearDto[];
  /** Required RE % from `from` (or the baseline year) to the target year (RE100-TGT-1). */
  trajectory: TrajectoryPointDto[];
  /** Years after `to` up to the target year, from contracts that convey their certificates. */
  forecast: ForecastDto;
}
