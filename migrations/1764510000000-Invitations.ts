import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Members join by invitation, and accounts belong to the person who set their password.
 * - invitations: a single-use, expiring token (kept as its SHA-256) for an e-mail and a role; a pending
 *   invitation grants nothing.
 * - users.claimed_at: when the person set their own password. Every account an organization admin created
 *   (all but the platform admins) had a password of the admin's choosing, and that admin could also have
 *   changed it since (knowing the current one): none is claimed, and each cannot sign in until a platform
 *   admin issues a password reset to the person.
 * - password_resets: a single-use, expiring token a platform admin hands to a person.
 */
export class Invitations1764510000000 implements MigrationInterface {
  name = 'Invitations1764510000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN claimed_at timestamptz`);
    await q.query(`UPDATE users SET claimed_at = created_at WHERE is_platform_admin`);

    await q.query(`
      CREATE TABLE invitations (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        role text NOT NULL CHECK (role IN ('admin', 'officer', 'auditor', 'executive')),
        token_hash char(64) NOT NULL,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users (id),
        revoked_at timestamptz,
        PRIMARY KEY (organization_id, id),
        CHECK (expires_at > created_at),
        CHECK ((accepted_at IS NULL) = (accepted_by IS NULL)),
        CHECK (accepted_at IS NULL OR revoked_at IS NULL)
      )`);
    // A token is looked up before its organization is known.
    await q.query(`CREATE UNIQUE INDEX invitations_token_idx ON invitations (token_hash)`);
    await q.query(`CREATE INDEX invitations_email_idx ON invitations (organization_id, email)`);

    await q.query(`
      CREATE TABLE password_resets (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id),
        token_hash char(64) NOT NULL UNIQUE,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        CHECK (expires_at > created_at)
      )`);
    await q.query(`CREATE INDEX password_resets_user_idx ON password_resets (user_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE password_resets`);
    await q.query(`DROP TABLE invitations`);
    await q.query(`ALTER TABLE users DROP COLUMN claimed_at`);
  }
}
