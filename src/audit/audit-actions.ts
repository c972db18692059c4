/** What an audit entry records: every action the service writes, the list `GET /audit-log?action=` accepts. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'revoke',
  'ingest',
  'void',
  'claim',
  'accept',
  'issue',
  'select',
  'finalize',
  'reopen',
  'download',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
