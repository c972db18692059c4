import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsInstant } from '../../common/time';
import { AUDIT_ACTIONS, AuditAction } from '../audit-actions';

export class AuditQueryDto extends PageQueryDto {
  /** Entity type, e.g. `site`, `meter`, `api_key`, `membership`, `organization`. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  entityId?: string;

  /** One of the actions the service records (`create`, `update`, `void`, `finalize`, …). */
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  /** User or API key id. */
  @IsOptional()
  @IsUUID()
  actorId?: string;

  /** Entries at or after this instant (ISO 8601 with Z or an offset). */
  @IsOptional()
  @IsInstant()
  from?: string;

  /** Entries before this instant (ISO 8601 with Z or an offset). */
  @IsOptional()
  @IsInstant()
  to?: string;
}

const bothOrNeither = (o: VerifyQueryDto) => o.headSeq !== undefined || o.headHash !== undefined;

/** A head kept outside the database, from an earlier `verify` or checkpoint: both fields or neither. */
export class VerifyQueryDto {
  /** Number of the entry you kept (with `headHash`). */
  @ValidateIf(bothOrNeither)
  @Matches(/^(0|[1-9]\d{0,17})$/, {
    message: 'headSeq must be an entry number, given together with headHash',
  })
  headSeq?: string;

  /** Hash that entry had (with `headSeq`). */
  @ValidateIf(bothOrNeither)
  @Matches(/^[0-9a-f]{64}$/, {
    message: 'headHash must be 64 lowercase hex digits, given together with headSeq',
  })
  headHash?: string;
}
