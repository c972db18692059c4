import { Transform } from 'class-transformer';
import { queryInteger } from '../../common/validation';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ClaimVerdictDto, RulesetQueryDto } from './progress.dto';

export class ExplainQueryDto extends RulesetQueryDto {
  /** Reporting year. */
  @Transform(queryInteger)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  /** Explain one market's eligible energy instead of the RE % (EU, US-CA or a country code). */
  @IsOptional()
  @Matches(/^([A-Z]{2}|EU|US-CA)$/, { message: 'market must be a country code, EU or US-CA' })
  market?: string;

  /** Explain one claim's verdict: an allocation id, or a self-generation claim id from the progress answer. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  claimId?: string;
}

export class ExplainMeterDto {
  meterId: string;
  externalId: string;
  /** import, export or generation: consumption = import + generation − export (docs/rules.md#re100-scope-1). */
  direction: string;
  wh: string;
  mwh: string;
  /** Readings summed, from the daily rollups. */
  readings: number;
  estimatedWh: string;
  daysWithData: number;
  /** DST-aware intervals expected in the year so far; null for register meters. */
  expectedIntervals: number | null;
  missingIntervals: number | null;
  /** received / expected, 0 to 1. */
  completeness: number | null;
}

export class ConsumptionSegmentDto {
  /** First and last local day, both inclusive. */
  start: string;
  end: string;
  consumptionWh: string;
  consumptionMwh: string;
}

export class ExplainSiteDto {
  siteId: string;
  name: string;
  country: string;
  market: string;
  excluded: boolean;
  exclusionReason: string | null;
  /** import + generation − export of its meters, per site-local day never below 0, summed. */
  consumptionWh: string;
  consumptionMwh: string;
  selfGenerationConsumedWh: string;
  selfGenerationConsumedMwh: string;
  /** The same consumption by month (split where a market boundary changes): what dated rules read. */
  consumptionSegments: ConsumptionSegmentDto[];
  meters: ExplainMeterDto[];
}

export class ExplainCertificateDto {
  certificateId: string;
  registry: string;
  instrumentType: string;
  serialStart: string | null;
  serialEnd: string | null;
  volumeWh: string;
  recCount: number | null;
  issuanceDate: string | null;
  evidenceUrl: string | null;
}

export class ExplainFacilityDto {
  facilityId: string;
  name: string;
  registryFacilityId: string | null;
  country: string;
  technology: string;
  commissioningDate: string;
  repoweringDate: string | null;
  generationMeterIds: string[];
}

export class ExplainContractDto {
  contractId: string;
  method: string;
  krTag: string | null;
  counterparty: string;
  signedDate: string;
  eacsConveyed: boolean;
}

export class ExplainClaimDto {
  verdict: ClaimVerdictDto;
  /** The allocation behind the claim; null for measured self-generation. */
  allocationId: string | null;
  certificate: ExplainCertificateDto | null;
  facility: ExplainFacilityDto | null;
  contracts: ExplainContractDto[];
}

export class MarketBoundaryDto {
  country: string;
  market: string;
  /** The days (both inclusive) on which the country belongs to the market. */
  from: string;
  to: string;
}

export class Re100ExplainDto {
  year: number;
  /** RE_PERCENT, MARKET_ELIGIBLE or CLAIM_VERDICT. */
  figure: string;
  market: string | null;
  claimId: string | null;
  /** The figure explained, as the progress endpoint gives it. */
  value: Record<string, unknown>;
  /** How the figure follows from the inputs below, step by step, with the rule ids. */
  method: string[];
  /** The ruleset the figure was evaluated under (`?ruleset=`, else the period's). */
  rulesetId: string;
  /** The ruleset the year's period takes by its dates. */
  rulesetForPeriod: string;
  /** Every parameter of the ruleset the engine ran with. */
  ruleset: Record<string, unknown>;
  periodStart: string;
  periodEnd: string;
  vintageWindow: Record<string, unknown>;
  legalEntityName: string;
  /** Whether the organization excludes markets of at most 100 MWh (its setting). */
  excludeImmaterialMarkets: boolean;
  /** The market of each country involved, on each stretch of the year between boundary changes. */
  marketBoundaries: MarketBoundaryDto[];
  sites: ExplainSiteDto[];
  claims: ExplainClaimDto[];
}
