import { Transform } from 'class-transformer';
import { queryInteger } from '../../common/validation';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { RE100_RULESETS } from '../engine';

const RULESET_IDS = RE100_RULESETS.map((r) => r.id);

/** `?ruleset=`: see a year under another shipped ruleset, changing nothing. */
export class RulesetQueryDto {
  /**
   * Evaluate under this ruleset instead of the one the year's period takes (RE100_TC_v4_1 before 2026,
   * RE100_TC_v5_0 from 2026), e.g. 2026's claims under v4.1 beside v5.0. Nothing is stored.
   */
  @IsOptional()
  @IsIn(RULESET_IDS)
  ruleset?: string;
}

export class ProgressQueryDto extends RulesetQueryDto {
  /** Reporting year. */
  @Transform(queryInteger)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

/** A span of reporting years; both default from the commitment and today (see the endpoint). */
export class SeriesQueryDto extends RulesetQueryDto {
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

/**
 * Every energy figure is exact Wh as a decimal string; beside each `…Wh` the same energy in MWh with
 * 3 decimals (`…Mwh`, rounded half away from zero).
 */
export class MarketProgressDto {
  market: string;
  countries: string[];
  siteIds: string[];
  consumptionWh: string;
  consumptionMwh: string;
  excludedWh: string;
  excludedMwh: string;
  inScopeWh: string;
  inScopeMwh: string;
  /** The market consumes at most the immaterial threshold (100 MWh): it may be excluded, if the organization chooses. */
  immaterial: boolean;
  claimedWh: string;
  claimedMwh: string;
  eligibleWh: string;
  eligibleMwh: string;
  /** Eligible energy beyond the market's consumption (surplus never crosses markets, docs/rules.md#re100-calc-1). */
  cappedWh: string;
  cappedMwh: string;
  rePercent: string;
}

export class CountryProgressDto {
  country: string;
  market: string;
  consumptionWh: string;
  consumptionMwh: string;
  selfGenerationConsumedWh: string;
  selfGenerationConsumedMwh: string;
  purchasedWh: string;
  purchasedMwh: string;
  eligibleWh: string;
  eligibleMwh: string;
  rePercent: string;
}

export class ProcurementTypeDto {
  /** RE100 procurement type 1 to 5. */
  type: number;
  claimCount: number;
  volumeWh: string;
  volumeMwh: string;
  eligibleWh: string;
  eligibleMwh: string;
  rePercent: string;
  methods: Record<string, unknown>[];
}

export class ExcludedSiteDto {
  siteId: string;
  country: string;
  market: string;
  consumptionWh: string;
  consumptionMwh: string;
  /** FLAGGED, IMMATERIAL_MARKET or EXCLUSION_NOT_ALLOWED. */
  reasons: string[];
  /**
   * The exclusion holds: only a site in a market of at most 100 MWh may be excluded
   * (docs/rules.md#re100-scope-2); otherwise its consumption stays in the denominator.
   */
  accepted: boolean;
  note: string | null;
}

export class AgeAllowanceDto {
  /** The age rule's first day (consumption from 1 Jan 2024, docs/rules.md#re100-age-1). */
  ruleFrom: string;
  /** In-scope consumption from `ruleFrom`: the allowance is 15 % of it (docs/rules.md#re100-age-3). */
  baseWh: string;
  baseMwh: string;
  limitWh: string;
  limitMwh: string;
  usedWh: string;
  usedMwh: string;
  remainingWh: string;
  remainingMwh: string;
  /** In-scope consumption before `ruleFrom` (a financial year running into 2024), free of the age rule. */
  inScopeBeforeRuleWh: string;
  inScopeBeforeRuleMwh: string;
  countedBeforeRuleWh: string;
  countedBeforeRuleMwh: string;
}

export class MarketGapDto {
  market: string;
  /** This market's share of the organization's required energy, by consumption. */
  requiredWh: string;
  requiredMwh: string;
  eligibleWh: string;
  eligibleMwh: string;
  /** This market's share of the organization's `stillToProcureWh`. */
  stillToProcureWh: string;
  stillToProcureMwh: string;
  /**
   * What this market alone lacks to be on the trajectory: required % of its consumption − its eligible
   * energy. Can be positive while the organization is on track: another market's surplus never covers it.
   */
  belowTrajectoryWh: string;
  belowTrajectoryMwh: string;
  /** The market against the trajectory on its own: ON_TRACK, BEHIND or ACHIEVED. */
  status: string;
}

export class TargetProgressDto {
  targetYear: number;
  /** Required RE % this year on the trajectory (linear from the baseline year, never below a milestone). */
  requiredPercent: string;
  /** BASELINE, LINEAR, MILESTONE or TARGET. */
  source: string;
  requiredWh: string;
  requiredMwh: string;
  /** Energy still to procure this year for the organization to be on the trajectory. */
  stillToProcureWh: string;
  stillToProcureMwh: string;
  /** Σ of the markets' `belowTrajectoryWh`: what to procure so that every market is on the trajectory. */
  belowTrajectoryInMarketsWh: string;
  belowTrajectoryInMarketsMwh: string;
  /** ON_TRACK, BEHIND or ACHIEVED. */
  status: string;
  markets: MarketGapDto[];
}

export class RoundingDto {
  rePercent: string;
  requiredPercent: string;
  mwh: string;
}

export class Re100ProgressDto {
  year: number;
  periodStart: string;
  periodEnd: string;
  /** The ruleset the figures were evaluated under (`?ruleset=`, else `rulesetForPeriod`). */
  rulesetId: string;
  /** The ruleset the year's period takes: RE100_TC_v4_1 for periods starting before 2026, RE100_TC_v5_0 after. */
  rulesetForPeriod: string;
  /** True while the reporting year is not finalized. */
  provisional: boolean;
  /**
   * NO_DATA (no consumption) or ALL_EXCLUDED (every site excluded): no RE % exists and `rePercent` and
   * `target` are null. Otherwise the target status (ON_TRACK, BEHIND, ACHIEVED), or NO_TARGET without a
   * commitment or before its baseline year.
   */
  status: string;
  consumptionWh: string;
  consumptionMwh: string;
  excludedWh: string;
  excludedMwh: string;
  inScopeWh: string;
  inScopeMwh: string;
  eligibleWh: string;
  eligibleMwh: string;
  /** Eligible ÷ in-scope × 100, 2 decimals rounded down (see `rounding`); null with NO_DATA or ALL_EXCLUDED. */
  rePercent: string | null;
  rounding: RoundingDto;
  ageAllowance: AgeAllowanceDto;
  markets: MarketProgressDto[];
  byCountry: CountryProgressDto[];
  byProcurementType: ProcurementTypeDto[];
  claims: ClaimVerdictDto[];
  excludedSites: ExcludedSiteDto[];
  /** Against the RE100 commitment; null without one, before its baseline year, or without data. */
  target: TargetProgressDto | null;
  /** The inputs the engine used (ruleset, period, boundary periods, vintage window, legal entity). */
  provenance: Record<string, unknown>;
}

export class SeriesYearDto {
  year: number;
  periodEnd: string;
  /** The ruleset this year was evaluated under. */
  rulesetId: string;
  /** True while the reporting year is not finalized. */
  provisional: boolean;
  /** NO_DATA, ALL_EXCLUDED, ON_TRACK, BEHIND, ACHIEVED, or NO_TARGET (no commitment); null before the baseline year. */
  status: string | null;
  inScopeWh: string;
  inScopeMwh: string;
  eligibleWh: string;
  eligibleMwh: string;
  /** Null with NO_DATA or ALL_EXCLUDED. */
  rePercent: string | null;
  /** Required RE % on the trajectory; null before the baseline year or without a commitment. */
  requiredPercent: string | null;
  requiredWh: string | null;
  requiredMwh: string | null;
  stillToProcureWh: string | null;
  stillToProcureMwh: string | null;
  /** Σ of what each market alone lacks to be on the trajectory (see the progress endpoint). */
  belowTrajectoryInMarketsWh: string | null;
  belowTrajectoryInMarketsMwh: string | null;
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
  expectedRenewableMwh: string;
  assumedConsumptionWh: string;
  assumedConsumptionMwh: string;
  /** Rounded down, capped at 100. */
  forecastPercent: string;
  requiredPercent: string;
  status: string;
}

export class ForecastDto {
  /** The last year of the series that has ended; its in-scope consumption is held flat. */
  basedOnYear: number;
  /** NO_DATA or ALL_EXCLUDED when that year has no in-scope consumption: then there is no forecast. */
  status: string | null;
  assumedConsumptionWh: string | null;
  assumedConsumptionMwh: string | null;
  years: ForecastYearDto[];
}

export class Re100SeriesDto {
  from: number;
  to: number;
  /** The ruleset of the year the forecast is based on. */
  rulesetId: string;
  /** Null when the organization has declared no RE100 commitment. */
  targetYear: number | null;
  rounding: RoundingDto;
  years: SeriesYearDto[];
  /** Required RE % from `from` (or the baseline year) to the target year. */
  trajectory: TrajectoryPointDto[];
  /** Years after `to` up to the target year, from contracts that convey their certificates. */
  forecast: ForecastDto;
}
