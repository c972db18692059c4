import { Transform } from 'class-transformer';
import { queryInteger } from '../../common/validation';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ClaimVerdictDto } from './progress.dto';

export class ExplainQueryDto {
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
  /** import, export or generation: consumption = import + generation − export (RE100-SCOPE-1). */
  direction: string;
  wh: string;
  /** Readings summed, from the daily rollups. */
  readings: number;
  estimatedWh: string;
  daysWithData: number;
  /** DST-aware intervals expected in the year so far; null for register meters (M-4). */
  expectedIntervals: number | null;
  missingIntervals: number | null;
  /** received / expected, 0 to 1. */
  completeness: number | null;
}

export class ExplainSiteDto {
  siteId: string;
  name: string;
  country: string;
  market: string;
  excluded: boolean;
  exclusionReason: string | null;
  /** import + generation − export of its meters, never below 0. */
  consumptionWh: string;
  selfGenerationConsumedWh: string;
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
  rulesetId: string;
  /** Every parameter of the ruleset the engine ran with. */
  ruleset: Record<string, unknown>;
  periodStart: string;
  periodEnd: string;
  /** The day market boundaries were read on. */
  boundaryDate: string;
  vintageWindow: Record<string, unknown>;
  legalEntityName: string;
  /** The market of each country involved (RE100-MB-2, MB-3, MB-4). */
  marketBoundaries: MarketBoundaryDto[];
  sites: ExplainSiteDto[];
  claims: ExplainClaimDto[];
}
