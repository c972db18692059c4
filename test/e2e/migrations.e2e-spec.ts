import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { revertLastMigration, runMigrations } from '../../src/database/migrate';
import { draftMigration } from '../../src/database/migration-draft';

/** A new empty database on the test server, dropped afterwards. */
async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = process.env.TEST_DATABASE_OWNER_URL!;
  const name = `re100_migrate_${randomUUID().slice(0, 8)}`;
  const run = async (sql: string) => {
    const client = new Client({ connectionString: server });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE ${name} WITH (FORCE)`) };
}

async function query(url: string, sql: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Every migration, by the class name TypeORM records: `1763700000000-Foundation.ts` → `Foundation1763700000000`. */
const ALL = readdirSync(path.join(__dirname, '..', '..', 'migrations'))
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .map((f) => {
    const [, timestamp, name] = /^(\d+)-(\w+)\.ts$/.exec(f)!;
    return `${name}${timestamp}`;
  });

describe('migrations', () => {
  it('apply once when two instances start together (advisory lock)', async () => {
    const db = await emptyDatabase();
    try {
      const [first, second] = await Promise.all([runMigrations(db.url), runMigrations(db.url)]);
      expect(ALL.length).toBeGreaterThanOrEqual(2);
      expect([...first, ...second]).toEqual(ALL);
      expect(
        (await query(db.url, 'SELECT name FROM schema_migrations ORDER BY id')).map((r) => r.name),
      ).toEqual(ALL);
      expect(await runMigrations(db.url)).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('revert cleanly and apply again', async () => {
    const db = await emptyDatabase();
    try {
      await runMigrations(db.url);
      for (let i = 0; i < ALL.length; i++) await revertLastMigration(db.url);
      expect(
        await query(db.url, "SELECT to_regclass('public.sites') AS s, to_regclass('public.readings') AS r"),
      ).toEqual([{ s: null, r: null }]);
      await runMigrations(db.url);
      expect(await query(db.url, "SELECT to_regclass('public.sites')::text AS t")).toEqual([{ t: 'sites' }]);
    } finally {
      await db.drop();
    }
  });

  it('leave accounts whose password an admin chose unclaimed, so they cannot sign in', async () => {
    const db = await emptyDatabase();
    try {
      await runMigrations(db.url);
      const after = ALL.length - ALL.indexOf('Invitations1764510000000');
      for (let i = 0; i < after; i++) await revertLastMigration(db.url);
      await query(
        db.url,
        `INSERT INTO users (id, email, display_name, password_hash, is_platform_admin, token_version) VALUES
           ('00000000-0000-4000-8000-000000000001', 'platform@x.test', 'P', 'h', true, 0),
           ('00000000-0000-4000-8000-000000000002', 'changed@x.test', 'C', 'h', false, 3),
           ('00000000-0000-4000-8000-000000000003', 'admin-set@x.test', 'A', 'h', false, 0)`,
      );
      await runMigrations(db.url);
      const rows = await query(
        db.url,
        'SELECT email, claimed_at IS NOT NULL AS claimed FROM users ORDER BY email',
      );
      // A changed password proves nothing: the admin who chose the first one could have changed it.
      expect(rows).toEqual([
        { email: 'admin-set@x.test', claimed: false },
        { email: 'changed@x.test', claimed: false },
        { email: 'platform@x.test', claimed: true },
      ]);
    } finally {
      await db.drop();
    }
  });

  // Tenant tables lead every key with organization_id so they can be distributed by it; references to the
  // global tables (users with their password resets and web sessions, organizations) are allowed, as those
  // and shared reference data (market boundaries) become reference tables. A web session belongs to a person,
  // who may switch between organizations within it, not to an organization.
  it('lead every key of a tenant table with organization_id', async () => {
    const rows = await query(
      process.env.TEST_DATABASE_OWNER_URL!,
      `SELECT c.conrelid::regclass::text AS t, a.attname AS first
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       WHERE c.contype IN ('p', 'u', 'f', 'x') AND c.connamespace = 'public'::regnamespace
         AND c.conrelid::regclass::text NOT IN ('users', 'password_resets', 'web_sessions', 'organizations', 'schema_migrations', 'market_boundaries')
         AND (c.contype <> 'f' OR c.confrelid::regclass::text NOT IN ('users', 'organizations'))
       ORDER BY 1`,
    );
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.filter((r) => r.first !== 'organization_id')).toEqual([]);
  });

  it('agree with the entities: a drafted migration is empty', async () => {
    const draft = await draftMigration(process.env.TEST_DATABASE_OWNER_URL!);
    expect(draft.upQueries.map((q) => q.query)).toEqual([]);
  });
});
