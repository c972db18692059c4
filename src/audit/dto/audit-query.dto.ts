import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { IsInstant } from '../../common/time';

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

  @IsOptional()
  @IsIn(['create', 'update', 'delete', 'revoke', 'ingest'])
  action?: string;

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
