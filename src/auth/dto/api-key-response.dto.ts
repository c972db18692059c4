import { PageDto } from '../../common/page.dto';

export class ApiKeyDto {
  id: string;
  name: string;
  /** Public part of the key, to tell keys apart. */
  prefix: string;
  permissions: string[];
  /** Meters the key may write; null when it may write every meter of the organization. */
  meterIds: string[] | null;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  /** The whole key. Shown in this answer only; store it in the meter or gateway. */
  key: string;
}

export class ApiKeyPageDto extends PageDto {
  items: ApiKeyDto[];
}
