import { Client } from 'pg';
import { APP_TABLE_PRIVILEGES } from '../../src/database/app-privileges';

/**
 * Least privilege in the database: the service works as a role that owns nothing and is no superuser
 * (TEST_DATABASE_URL, built like the embedded database's `re100_app`); only the schema's owner runs the
 * migrations. Whatever a bug or an injected statement in the service tries, the database refuses.
 */
describe('the service’s database role', () => {
  let app: Client;
  let owner: Client;
  beforeAll(async () => {
    app = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    owner = new Client({ connectionString: process.env.TEST_DATABASE_OWNER_URL });
    await Promise.all([app.connect(), owner.connect()]);
  });
  afterAll(() => Promise.all([app.end(), owner.end()]));

  const refused = (sql: string, pattern: RegExp = /permission denied|must be superuser|must be owner/) =>
    expect(app.query(sql)).rejects.toThrow(pattern);

  it('is no superuser, creates no roles or databases, and owns nothing', async () => {
    const [role] = (
      await app.query(
        `SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls,
                (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) AS owned,
                has_schema_privilege('public', 'CREATE') AS create_in_public
         FROM pg_roles r WHERE r.rolname = current_user`,
      )
    ).rows;
    expect(role).toEqual({
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolreplication: false,
      rolbypassrls: false,
      owned: 0,
      create_in_public: false,
    });
    const [{ owner: tableOwner }] = (
      await app.query(`SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'readings'`)
    ).rows;
    expect(tableOwner).not.toBe((await app.query('SELECT current_user AS u')).rows[0].u);
  });

  it('cannot run programs on the server or read its files', async () => {
    await refused(`COPY (SELECT 1) TO PROGRAM 'id'`);
    await refused(`COPY audit_log FROM PROGRAM 'echo'`);
    await refused(`COPY audit_log TO '/tmp/audit.csv'`);
    await refused(`SELECT pg_read_file('postgresql.conf')`);
    await refused(`CREATE EXTENSION IF NOT EXISTS file_fdw`, /permission denied|must be|not allowed/);
  });

  it('cannot change, delete or truncate the audit log, only append to it', async () => {
    await refused(`UPDATE audit_log SET actor_label = 'x'`);
    await refused(`DELETE FROM audit_log`);
    await refused(`TRUNCATE audit_log`);
    await refused(`ALTER TABLE audit_log DISABLE TRIGGER ALL`);
    await refused(`SET session_replication_role = replica`);
  });

  it('cannot change the schema: no tables, triggers or functions of its own', async () => {
    await refused(`CREATE TABLE sneaky (id int)`);
    await refused(`DROP TABLE sites`);
    await refused(`ALTER TABLE sites ADD COLUMN x int`);
    await refused(`DROP TRIGGER audit_log_no_update_delete ON audit_log`);
    await refused(`CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'`);
    await refused(`TRUNCATE readings`);
    await refused(`UPDATE reading_revisions SET reason = 'upsert'`);
    await refused(`UPDATE market_boundaries SET market = 'EU'`);
    await refused(`SELECT * FROM schema_migrations`);
  });

  it('creates a month’s readings partition only through the owner’s checked function', async () => {
    await app.query(`SELECT create_readings_partition('2031-07-01')`);
    const [{ name }] = (await owner.query(`SELECT to_regclass('public.readings_y2031m07')::text AS name`))
      .rows;
    expect(name).toBe('readings_y2031m07');
    for (const bad of [`'2031-07-02'`, `'1999-12-01'`, `'2100-01-01'`, 'NULL']) {
      await expect(app.query(`SELECT create_readings_partition(${bad})`)).rejects.toThrow(
        /first day of a month/,
      );
    }
    // The function runs with the owner's rights; nobody else may call it.
    const [{ granted }] = (
      await owner.query(
        `SELECT has_function_privilege('public', 'create_readings_partition(date)', 'EXECUTE') AS granted`,
      )
    ).rows;
    expect(granted).toBe(false);
  });

  it('holds exactly the privileges decided in app-privileges.ts, for every table of the schema', async () => {
    const tables = (
      await owner.query(
        `SELECT schemaname || '.' || tablename AS name FROM pg_tables
         WHERE schemaname IN ('public', 'reference') AND tablename !~ '^readings_y[0-9]{4}m[0-9]{2}$'`,
      )
    ).rows.map((r) => r.name as string);
    expect(tables.sort()).toEqual(Object.keys(APP_TABLE_PRIVILEGES).sort());
    const grants = (
      await app.query(
        `SELECT table_schema || '.' || table_name AS name, privilege_type AS privilege
         FROM information_schema.role_table_grants WHERE grantee = current_user`,
      )
    ).rows as { name: string; privilege: string }[];
    const held: Record<string, string[]> = {};
    for (const g of grants) if (!g.name.startsWith('pgboss.')) (held[g.name] ??= []).push(g.privilege);
    const expected = Object.fromEntries(
      Object.entries(APP_TABLE_PRIVILEGES)
        .filter(([, privileges]) => privileges.length > 0)
        .map(([table, privileges]) => [table, [...privileges].sort()]),
    );
    expect(Object.fromEntries(Object.entries(held).map(([t, p]) => [t, p.sort()]))).toEqual(expected);
    expect(grants.some((g) => g.privilege === 'TRUNCATE')).toBe(false);
  });

  it('uses the job queue’s tables without changing them', async () => {
    const grants = (
      await app.query(
        `SELECT table_name AS name, string_agg(privilege_type, ',' ORDER BY privilege_type) AS privileges
         FROM information_schema.role_table_grants
         WHERE grantee = current_user AND table_schema = 'pgboss' GROUP BY table_name`,
      )
    ).rows as { name: string; privileges: string }[];
    expect(grants.map((g) => g.name)).toEqual(expect.arrayContaining(['job', 'queue', 'archive', 'version']));
    for (const g of grants) expect(g.privileges).toBe('DELETE,INSERT,SELECT,UPDATE');
    const [queue] = (
      await app.query(
        `SELECT has_schema_privilege('pgboss', 'CREATE') AS create_in_queue,
                (SELECT count(*)::int FROM pg_class WHERE relnamespace = 'pgboss'::regnamespace
                 AND relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)) AS owned`,
      )
    ).rows;
    expect(queue).toEqual({ create_in_queue: false, owned: 0 });
    // A new queue needs a table: only the migrations, as the owner, can make one.
    await expect(app.query(`SELECT pgboss.create_queue('another', '{"policy":"standard"}')`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(app.query('DROP TABLE pgboss.archive')).rejects.toThrow(/must be owner/);
    await expect(app.query('TRUNCATE pgboss.job')).rejects.toThrow(/permission denied/);
  });
});
