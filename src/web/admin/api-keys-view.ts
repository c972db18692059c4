import { ApiKeyDto, CreatedApiKeyDto } from '../../auth/dto/api-key-response.dto';
import { FieldErrors } from '../views/form';

/** What the API keys page shows: the API's list (never a secret) and the meters a key may be limited to. */
export interface ApiKeysView {
  timeZone: string;
  keys: ApiKeyDto[];
  keysTotal: number;
  meters: { id: string; label: string }[];
  metersTotal: number;
}

export interface ApiKeysState {
  done?: string | null;
  /** A refused revocation: the key's row and why. */
  revokeRefusal?: { id: string; errors: FieldErrors } | null;
  /** The create form as sent, and its problems. */
  form?: { name: string; meterIds: string[]; errors: FieldErrors | null };
  /** The key just made: its secret is in this answer only. */
  created?: CreatedApiKeyDto | null;
}

/** A meter as a person picks it: its external id, and its name when it has one. */
export const meterLabel = (m: { externalId: string; name: string | null }): string =>
  m.name ? `${m.externalId} — ${m.name}` : m.externalId;
