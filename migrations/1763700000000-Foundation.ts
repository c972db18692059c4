import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, organizations and their members, sites, meters, API keys and the hash-chained audit log.
 * Every tenant table has organization_id first in its primary key and in every foreign and unique key,
 * so the schema can later be distributed by organization_id.
 */
export class Foundation1763700000000 implements MigrationInterface {
  name = 'Foundation1763700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        display_name text NOT NULL,
        password_hash text NOT NULL,
        is_platform_admin boolean NOT NULL DEFAULT false,
        token_version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);

    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        legal_entity_name text NOT NULL,
        country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        reporting_year_start_month smallint NOT NULL DEFAULT 1 CHECK (reporting_year_start_month BETWEEN 1 AND 12),
        time_zone text NOT NULL,
        re100_target_year smallint CHECK (re100_target_year <= 2050),
        re100_baseline_year smallint,
        re100_milestones jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (re100_baseline_year IS NULL OR re100_target_year IS NULL OR re100_baseline_year <= re100_target_year)
      )`);

    await q.query(`
      CREATE TABLE memberships (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        user_id uuid NOT NULL REFERENCES users (id),
        role text NOT NULL CHECK (role IN ('admin', 'officer', 'auditor', 'executive')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, user_id)
      )`);
    await q.query(`CREATE INDEX memberships_user_idx ON memberships (user_id)`);

    await q.query(`
      CREATE TABLE sites (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        name text NOT NULL,
        country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        grid_region text,
        time_zone text NOT NULL,
        address text,
        excluded_from_re100 boolean NOT NULL DEFAULT false,
        exclusion_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        UNIQUE (organization_id, name),
        CHECK (NOT excluded_from_re100 OR exclusion_reason IS NOT NULL)
      )`);

    await q.query(`
      CREATE TABLE meters (
        organization_id uuid NOT NULL,
        id uuid NOT NULL,
        site_id uuid NOT NULL,
        external_id text NOT NULL,
        name text,
        kind text NOT NULL CHECK (kind IN ('interval', 'register')),
        interval_minutes integer CHECK (interval_minutes IN (5, 15, 30, 60, 1440)),
        energy_carrier text NOT NULL DEFAULT 'electricity' CHECK (energy_carrier IN ('electricity')),
        direction text NOT NULL CHECK (direction IN ('import', 'export', 'generation')),
        unit text NOT NULL CHECK (unit IN ('Wh', 'kWh', 'MWh')),
        rollover_modulus bigint CHECK (rollover_modulus > 0),
        active_from timestamptz,
        active_to timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        UNIQUE (organization_id, external_id),
        FOREIGN KEY (organization_id, site_id) REFERENCES sites (organization_id, id),
        CHECK (kind = 'register' OR interval_minutes IS NOT NULL),
        CHECK (kind = 'register' OR rollover_modulus IS NULL),
        CHECK (active_to IS NULL OR active_from IS NULL OR active_to > active_from)
      )`);
    await q.query(`CREATE INDEX meters_site_idx ON meters (organization_id, site_id)`);

    await q.query(`
      CREATE TABLE api_keys (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        name text NOT NULL,
        prefix text NOT NULL,
        secret_hash text NOT NULL,
        permissions text[] NOT NULL DEFAULT '{readings:write}',
        all_meters boolean NOT NULL,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        PRIMARY KEY (organization_id, id),
        UNIQUE (organization_id, prefix)
      )`);
    // Keys are looked up by their public prefix before the organization is known.
    await q.query(`CREATE INDEX api_keys_prefix_idx ON api_keys (prefix)`);

    await q.query(`
      CREATE TABLE api_key_meters (
        organization_id uuid NOT NULL,
        api_key_id uuid NOT NULL,
        meter_id uuid NOT NULL,
        PRIMARY KEY (organization_id, api_key_id, meter_id),
        FOREIGN KEY (organization_id, api_key_id) REFERENCES api_keys (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, meter_id) REFERENCES meters (organization_id, id)
      )`);

    // Append-only, hash-chained per organization. The platform chain (user accounts) uses the nil uuid.
    await q.query(`
      CREATE TABLE audit_log (
        organization_id uuid NOT NULL,
        seq bigint NOT NULL CHECK (seq > 0),
        at timestamptz NOT NULL,
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system')),
        actor_id uuid,
        actor_label text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        request_id text,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        PRIMARY KEY (organization_id, seq)
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (organization_id, entity_type, entity_id)`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (organization_id, at)`);
    await q.query(`
      CREATE FUNCTION audit_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_reject_change()`);
    await q.query(`DROP TABLE api_key_meters`);
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE meters`);
    await q.query(`DROP TABLE sites`);
    await q.query(`DROP TABLE memberships`);
    await q.query(`DROP TABLE organizations`);
    await q.query(`DROP TABLE users`);
  }
}
