import { IsString, Length, Matches } from 'class-validator';
import { IsPeriodBound } from '../reading-range';

export class VoidReadingsQueryDto {
  /**
   * First reading start voided: a local date (`YYYY-MM-DD`, the start of that day in the meter's site
   * zone, as `/consumption` reads dates) or an instant with `Z` or an offset.
   */
  @IsPeriodBound()
  from: string;

  /** Readings starting before this are voided: a local date (exclusive) or an instant. */
  @IsPeriodBound()
  to: string;

  /** Why (kept with each voided reading's history and in the audit log), 1 to 1,000 characters. */
  @IsString()
  @Length(1, 1000)
  @Matches(/\S/, { message: 'reason must say why the readings are voided' })
  reason: string;
}

export class VoidResultDto {
  meterId: string;
  /** The period voided, as instants: readings that started within [from, to). */
  from: Date;
  to: Date;
  reason: string;
  /** Readings voided (each kept in its revision history with reason `void`). */
  voided: number;
  /** Their energy, in Wh. */
  voidedWh: string;
  /** Site-local days whose rollups changed. */
  days: number;
}
