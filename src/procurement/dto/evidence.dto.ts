import { OmitType } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PageDto } from '../../common/page.dto';
import { EvidenceFile } from '../evidence-file.entity';

/** The text fields of an evidence upload (multipart/form-data, beside the `file` field). */
export class UploadEvidenceDto {
  /** What the file shows, e.g. "AIB cancellation statement 2026-05". */
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  description?: string;
}

/** An evidence file's metadata; the content is downloaded separately. */
export class EvidenceDto extends OmitType(EvidenceFile, ['content'] as const) {}

export class EvidencePageDto extends PageDto {
  items: EvidenceDto[];
}
