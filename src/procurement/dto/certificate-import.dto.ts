import { Transform } from 'class-transformer';
import { queryBoolean } from '../../common/validation';
import { IsBoolean, IsOptional } from 'class-validator';
import { ErrorDetailDto } from '../../common/api-docs';

export class CertificateImportQueryDto {
  /** `true`: check every row against the rules and the stored ranges, write nothing. */
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  dryRun: boolean = false;
}

export class CertificateImportRowDto {
  /** Line of the row in the file (the header is line 1). */
  row: number;
  status: 'created' | 'would_create' | 'rejected';
  /** Why the row is rejected; `path` names the column. */
  problems: ErrorDetailDto[];
  /** The certificate created from the row (not in a dry run). */
  certificateId?: string;
}

export class CertificateImportResultDto {
  dryRun: boolean;
  /** True when the certificates were written: not a dry run, and no row rejected. */
  committed: boolean;
  /** Data rows in the file. */
  total: number;
  created: number;
  /** Rows a dry run found valid. */
  wouldCreate: number;
  rejected: number;
  rows: CertificateImportRowDto[];
}
