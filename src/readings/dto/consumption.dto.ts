import { Transform } from 'class-transformer';
import { queryInteger } from '../../common/validation';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsCountryCode } from '../../common/geo';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsLocalDate } from '../../common/time';
import { IsPeriodBound } from '../reading-range';

export class ConsumptionQueryDto {
  /** Bucket size, in each site's local time. `hour` reads raw readings and allows at most 92 days. */
  @IsIn(['hour', 'day', 'month', 'year'])
  granularity: 'hour' | 'day' | 'month' | 'year';

  /** First local date (inclusive), YYYY-MM-DD. */
  @IsLocalDate()
  from: string;

  /** Last local date (exclusive), YYYY-MM-DD. */
  @IsLocalDate()
  to: string;

  /** One meter … */
  @IsOptional()
  @IsUUID()
  meterId?: string;

  /** … or one site … */
  @IsOptional()
  @IsUUID()
  siteId?: string;

  /** … or the sites of one country; none of them: the whole organization. */
  @IsOptional()
  @IsCountryCode()
  country?: string;
}

export class ConsumptionBucketDto {
  /** Local period: `2026-03-29T02:00+02:00` (hour), `2026-03-29` (day), `2026-03` (month), `2026` (year). */
  period: string;
  importWh: string;
  exportWh: string;
  generationWh: string;
  /**
   * import + generation − export of each site, per site-local day (per hour in hourly buckets) never below 0,
   * summed: the rule the RE100 and Scope 2 figures use (docs/rules.md#re100-scope-1). A site's surplus never
   * lowers another site's or another day's consumption.
   */
  consumptionWh: string;
  estimatedWh: string;
  /** Estimated part of the metered energy (0 to 1). */
  estimatedShare: number;
  /** Readings in the bucket. */
  readings: number;
  /** Interval readings a complete meter would have in the bucket (one meter, day or hour granularity; DST-aware). */
  expectedReadings?: number;
}

export class ConsumptionDto {
  granularity: string;
  from: string;
  to: string;
  totals: ConsumptionBucketDto;
  series: ConsumptionBucketDto[];
}

export class ListReadingsQueryDto extends PageQueryDto {
  /**
   * Readings starting at or after this: a local date (`YYYY-MM-DD`, from the start of that day in the
   * meter's site zone, as `/consumption` reads dates) or an instant (`2026-03-01T00:00:00+01:00`).
   */
  @IsOptional()
  @IsPeriodBound()
  from?: string;

  /** Readings starting before this: a local date (exclusive, as in `/consumption`) or an instant. */
  @IsOptional()
  @IsPeriodBound()
  to?: string;
}

export class ListRevisionsQueryDto extends ListReadingsQueryDto {
  /** Only revisions of this kind: `void` (readings taken out), `upsert` or `estimate_superseded` (corrections). */
  @IsOptional()
  @IsIn(['upsert', 'estimate_superseded', 'void'])
  reason?: 'upsert' | 'estimate_superseded' | 'void';
}

export class RevisionDto {
  revision: number;
  oldValueWh: string;
  /** Null for a void (`reason` `void`): the reading was taken out. */
  newValueWh: string | null;
  oldQuality: number;
  newQuality: number | null;
  /** `upsert`, `estimate_superseded` or `void`. */
  reason: string;
  /** Why the reading was voided, as the person said (voids only). */
  voidReason: string | null;
  changedAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  requestId: string | null;
}

export class ReadingViewDto {
  start: Date;
  durationMinutes: number;
  valueWh: string;
  quality: number;
  qualityClass: string;
  revision: number;
  source: string;
  receivedAt: Date;
  revisions: RevisionDto[];
}

/** A revision with the interval it belongs to: the history of a meter's readings, voided ones included. */
export class IntervalRevisionDto extends RevisionDto {
  /** Start of the interval the revision belongs to. */
  start: Date;
}

export class RevisionPageDto {
  items: IntervalRevisionDto[];
  total: number;
  limit: number;
  offset: number;
}

export class ReadingPageDto {
  items: ReadingViewDto[];
  total: number;
  limit: number;
  offset: number;
}

export class DataQualityQueryDto extends PageQueryDto {
  /** Reporting year. */
  @Transform(queryInteger)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  /** A meter is stale when its latest reading ended longer ago than this (default 48 hours). */
  @IsOptional()
  @Transform(queryInteger)
  @IsInt()
  @Min(1)
  @Max(8760)
  staleAfterHours: number = 48;
}

export class MeterYearQueryDto {
  @Transform(queryInteger)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class GapDto {
  from: Date;
  to: Date;
  missingIntervals: number;
}

export class MeterDataQualityDto {
  meterId: string;
  externalId: string;
  siteId: string;
  year: number;
  /** The part of the reporting year checked: within the meter's active period and not in the future. */
  checkedFrom: Date;
  checkedTo: Date;
  /** DST-aware count of intervals in the checked period; null for register meters. */
  expectedIntervals: number | null;
  receivedIntervals: number;
  missingIntervals: number | null;
  /** received / expected, 0 to 1; null when nothing is expected. */
  completeness: number | null;
  estimatedShare: number;
  lastReadingAt: Date | null;
  stale: boolean;
  /** Missing ranges, first 200 (per-meter answer only). */
  gaps?: GapDto[];
  gapCount?: number;
}

/** A meter's coverage of a reporting year with what says how to read it: kind, direction, site zone. */
export class MeterCoverageDto extends MeterDataQualityDto {
  kind: 'interval' | 'register';
  direction: 'import' | 'export' | 'generation';
  intervalMinutes: number | null;
  /** The site's IANA zone: the meter's local days and times. */
  timeZone: string;
}

export class DataQualityPageDto {
  items: MeterDataQualityDto[];
  total: number;
  limit: number;
  offset: number;
}
