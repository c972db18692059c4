import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageDto } from '../../common/page.dto';
import { EVIDENCE_KINDS, EvidenceFile, type EvidenceKind } from '../evidence-file.entity';

/** The text fields of an evidence upload (multipart/form-data, beside the `file` field). */
export class UploadEvidenceDto {
  /** What the file shows, e.g. "AIB cancellation statement 2026-05". */
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  description?: string;

  /**
   * What the file shows (default OTHER). A certificate's registry cancellation statement is
   * CANCELLATION_STATEMENT: that is the cancellation evidence the v5.0 criteria ask for in some markets
   * (docs/rules.md#v5-cancel-1).
   */
  @ApiProperty({ required: false, enum: EVIDENCE_KINDS, default: 'OTHER' })
  @IsOptional()
  @IsIn(EVIDENCE_KINDS)
  kind?: EvidenceKind;
}

/** An evidence file's metadata; the content is downloaded separately. */
export class EvidenceDto extends OmitType(EvidenceFile, ['content'] as const) {}

export class EvidencePageDto extends PageDto {
  items: EvidenceDto[];
}
