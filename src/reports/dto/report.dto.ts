import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageDto } from '../../common/page.dto';
import { PageQueryDto } from '../../common/page-query.dto';
import { queryInteger } from '../../common/validation';
import { REPORT_LANGUAGES, type ReportLanguage, type ReportStatus } from '../model/report-model';
import type { ReportJobStatus } from '../reports.repository';

export class CreateReportDto {
  /** The reporting year (by the organization's reporting-year calendar). */
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  /** The report's language: headings, labels and sentences; CDP labels stay English with a Korean gloss. */
  @IsIn(REPORT_LANGUAGES)
  language: ReportLanguage;
}

export class ReportListQueryDto extends PageQueryDto {
  /** Only reports of this reporting year. */
  @IsOptional()
  @Transform(queryInteger)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class ReportFileDto {
  /** The file's SHA-256 (hex), also its download's ETag. */
  sha256: string;
  bytes: number;
  /** Where to download it. */
  href: string;
}

export class ReportDto {
  id: string;
  year: number;
  language: ReportLanguage;
  /** queued → running → ready, or failed with `failure`. */
  status: ReportJobStatus;
  /**
   * Why the report failed: `BUILD_FAILED` (its figures could not be built), `RENDER_FAILED`, or
   * `INTERRUPTED` (its job was run three times and never finished: the service stopped or ran out of time).
   */
  failure: { code: string; message: string } | null;
  requestedBy: string;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** What the report says of its figures: provisional, finalized or restated (once ready). */
  reportStatus: ReportStatus | null;
  /** The finalized report a restatement compares against. */
  restatesReportId: string | null;
  rulesetId: string | null;
  factorSetId: string | null;
  /** When its figures were read. */
  asOf: Date | null;
  /** SHA-256 of the canonical model content: the same for a report of unchanged data. */
  modelHash: string | null;
  files: { pdf: ReportFileDto; xlsx: ReportFileDto; model: ReportFileDto } | null;
}

export class ReportPageDto extends PageDto {
  items: ReportDto[];
}

export class ReportDifferenceDto {
  /** Where in the model content, e.g. `summary.rePercent` or `claims[<claim id>].eligibleMwh`. */
  path: string;
  stored: string | null;
  now: string | null;
}

export class ReportVerificationDto {
  reportId: string;
  /** The figures rebuilt from today's data equal the stored report's. */
  matches: boolean;
  storedModelHash: string;
  currentModelHash: string;
  /** When today's figures were read. */
  asOf: Date;
  /** The figures that differ (at most 500; `differenceCount` says how many in all). */
  differences: ReportDifferenceDto[];
  differenceCount: number;
}

/** `model.json`: the report model the files were rendered from (docs/reports.md). */
export class ReportModelFileDto {
  schemaVersion: number;
  reportId: string;
  language: ReportLanguage;
  status: ReportStatus;
  asOf: string;
  /** SHA-256 of the canonical JSON of `content`. */
  modelHash: string;
  /** The figures and what they were computed from (src/reports/model/report-model.ts). */
  content: object;
}
