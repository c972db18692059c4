import { Transform } from 'class-transformer';
import { queryBoolean } from '../../common/validation';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
} from 'class-validator';

export class AutoAllocationQueryDto {
  /** `true`: answer the plan, write nothing. */
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  dryRun: boolean = false;
}

export class AutoAllocateDto {
  @IsInt()
  @Min(2000)
  @Max(2100)
  reportingYear: number;

  /** Only these markets (default every market with consumption). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(/^([A-Z]{2}|EU|US-CA)$/, {
    each: true,
    message: 'each market must be a country code, EU or US-CA',
  })
  markets?: string[];
}

export class PlannedAllocationDto {
  certificateId: string;
  market: string;
  volumeWh: string;
  /** COMPLIANT (passes every rule) or AGE_ALLOWANCE (fails only the age rule, within the 15 % allowance). */
  tier: string;
  /** The claim written; null on a dry run. */
  allocationId: string | null;
}

export class SkippedCertificateDto {
  certificateId: string;
  market: string;
  availableWh: string;
  /** The rules it fails (reason codes): claiming it would count nothing. */
  reasons: string[];
}

export class MarketAllocationPlanDto {
  market: string;
  inScopeWh: string;
  eligibleWh: string;
  uncoveredWh: string;
  plannedWh: string;
  remainingWh: string;
}

export class AutoAllocationResultDto {
  reportingYear: number;
  dryRun: boolean;
  /** True when the planned claims were written. */
  committed: boolean;
  rePercentBefore: string;
  rePercentAfter: string;
  markets: MarketAllocationPlanDto[];
  allocations: PlannedAllocationDto[];
  skipped: SkippedCertificateDto[];
}
