import { EntityManager } from 'typeorm';

type Privilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

const READ: Privilege[] = ['SELECT'];
const APPEND: Privilege[] = ['SELECT', 'INSERT'];
const KEEP: Privilege[] = ['SELECT', 'INSERT', 'UPDATE'];
const ALL: Privilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

/**
 * What the service's own database role may do, table by table: the least each use case needs. Append-only
 * history (the audit log and its checkpoints, reading revisions, register reads) can be added to but never
 * changed; reference data and the migration ledger are read-only; TRUNCATE is granted nowhere. Every table
 * of the schema is listed (a test fails on a table missing here), so a new table needs a decision.
 */
export const APP_TABLE_PRIVILEGES: Record<string, Privilege[]> = {
  'public.users': KEEP,
  'public.organizations': KEEP,
  'public.memberships': ALL,
  'public.invitations': KEEP,
  'public.password_resets': KEEP,
  'public.sites': ALL,
  'public.meters': ALL,
  'public.api_keys': KEEP,
  'public.api_key_meters': ['SELECT', 'INSERT', 'DELETE'],
  'public.audit_log': APPEND,
  'public.audit_checkpoints': APPEND,
  'public.reporting_periods': KEEP,
  // DELETE: a reading stored in error is voided (its row moves to reading_revisions), and a day whose
  // readings were all voided leaves the rollups.
  'public.readings': ALL,
  'public.reading_revisions': APPEND,
  'public.register_readings': APPEND,
  'public.meter_daily_rollups': ALL,
  // Derived from meter_daily_rollups by the schema owner's triggers: the service only reads them.
  'public.site_daily_rollups': READ,
  'public.meter_monthly_rollups': READ,
  'public.idempotency_keys': KEEP,
  'public.market_boundaries': READ,
  'public.generation_facilities': ALL,
  'public.facility_meters': ['SELECT', 'INSERT', 'DELETE'],
  'public.contracts': ALL,
  'public.contract_facilities': ['SELECT', 'INSERT', 'DELETE'],
  'public.contract_sites': ['SELECT', 'INSERT', 'DELETE'],
  'public.certificates': ALL,
  'public.allocations': ALL,
  'public.evidence_files': ALL,
  'public.emission_factor_sets': APPEND,
  'public.emission_factors': APPEND,
  'public.emission_factor_selections': KEEP,
  // A report row moves from queued to ready or failed; then its trigger refuses any change. Never deleted.
  'public.reports': KEEP,
  // Browser sessions: created at sign-in, ended at sign-out, expired ones deleted.
  'public.web_sessions': ALL,
  'public.schema_migrations': [],
  'reference.emission_factor_sets': READ,
  'reference.emission_factors': READ,
};

/**
 * The job queue's schema (pg-boss, created by the migrations): the service reads and writes its rows, and
 * never changes its tables (queues are created by the migrations, pg-boss starts with `migrate: false`).
 */
export const JOB_QUEUE_SCHEMA = 'pgboss';
const JOB_QUEUE_PRIVILEGES: Privilege[] = ALL;

/** Functions the service calls; each is SECURITY DEFINER and checks its arguments itself. */
const APP_FUNCTIONS = ['public.create_readings_partition(date)'];

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const qualified = (table: string) => table.split('.').map(quoteIdent).join('.');

/**
 * Gives `role` exactly the privileges above, run by the schema's owner after the migrations (on every start,
 * so a table added by a migration gets its grants at once). Earlier grants are revoked first, so a privilege
 * removed from the list is taken away.
 */
export async function grantAppPrivileges(em: EntityManager, role: string): Promise<void> {
  const grantee = quoteIdent(role);
  const tables: { name: string }[] = await em.query(
    `SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname IN ('public', 'reference')`,
  );
  const unlisted = tables
    .map((t) => t.name)
    .filter((name) => !(name in APP_TABLE_PRIVILEGES) && !isPartition(name));
  if (unlisted.length > 0) {
    throw new Error(`No privileges are decided for ${unlisted.join(', ')} (src/database/app-privileges.ts)`);
  }
  await em.query(`GRANT USAGE ON SCHEMA public, reference TO ${grantee}`);
  await em.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public, reference FROM ${grantee}`);
  await em.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public, reference FROM ${grantee}`);
  const present = new Set(tables.map((t) => t.name));
  for (const [table, privileges] of Object.entries(APP_TABLE_PRIVILEGES)) {
    if (privileges.length === 0 || !present.has(table)) continue;
    await em.query(`GRANT ${privileges.join(', ')} ON ${qualified(table)} TO ${grantee}`);
  }
  const [{ queue }] = await em.query('SELECT to_regnamespace($1) IS NOT NULL AS queue', [JOB_QUEUE_SCHEMA]);
  if (queue) {
    const schema = quoteIdent(JOB_QUEUE_SCHEMA);
    await em.query(`GRANT USAGE ON SCHEMA ${schema} TO ${grantee}`);
    await em.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${grantee}`);
    await em.query(
      `GRANT ${JOB_QUEUE_PRIVILEGES.join(', ')} ON ALL TABLES IN SCHEMA ${schema} TO ${grantee}`,
    );
  }
  for (const fn of APP_FUNCTIONS) {
    const [{ exists }] = await em.query('SELECT to_regprocedure($1) IS NOT NULL AS exists', [fn]);
    if (exists) await em.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${grantee}`);
  }
}

/** Monthly partitions of `readings` are reached through the parent only, so they need no grants. */
const isPartition = (table: string) => /^public\.readings_y\d{4}m\d{2}$/.test(table);
