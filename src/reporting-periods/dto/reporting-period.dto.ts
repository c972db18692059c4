import { Transform } from 'class-transformer';
import { IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { PageDto } from '../../common/page.dto';
import { queryInteger } from '../../common/validation';

export class ReportingYearParamDto {
  @Transform(queryInteger)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class FinalizeReportingPeriodDto {
  /** A ready report of the year whose figures are the data's now: the year's final report. */
  @IsUUID()
  reportId: string;
}

export class ReopenReportingPeriodDto {
  /** Why the finalized figures must change (kept in the audit log). */
  @IsString()
  @Length(1, 1000)
  reason: string;
}

export class ReportingPeriodDto {
  year: number;
  status: 'open' | 'finalized';
  /** The report the year was (last) finalized from; kept when reopened, as what a restatement compares to. */
  reportId: string | null;
  finalizedAt: Date | null;
  finalizedBy: string | null;
  reopenedAt: Date | null;
  reopenedBy: string | null;
  reopenReason: string | null;
}

export class ReportingPeriodPageDto extends PageDto {
  items: ReportingPeriodDto[];
}
