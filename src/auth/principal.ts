export const ROLES = ['admin', 'officer', 'auditor', 'executive'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, once credentials are checked: a person or a machine key. */
export type Principal =
  | { kind: 'user'; userId: string; email: string; isPlatformAdmin: boolean }
  | { kind: 'api_key'; apiKeyId: string; organizationId: string; name: string; meterIds: string[] | null };

export type Actor =
  | { type: 'user'; id: string; label: string; role?: Role }
  | { type: 'api_key'; id: string; label: string; meterIds: string[] | null }
  | { type: 'system'; id: null; label: string };

/** The tenant and the caller of one request: the first argument of every organization-scoped service method. */
export interface RequestContext {
  organizationId: string;
  actor: Actor;
  requestId: string;
}
