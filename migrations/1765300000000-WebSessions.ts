import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions of the web pages. The cookie carries a random secret; only its SHA-256 is stored, so a
 * copy of this table signs nobody in. A session ends at sign-out, after an idle time, at an absolute
 * lifetime, or when the account's password changes (`token_version`).
 */
export class WebSessions1765300000000 implements MigrationInterface {
  name = 'WebSessions1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE web_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        secret_hash bytea NOT NULL UNIQUE CHECK (octet_length(secret_hash) = 32),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_version integer NOT NULL,
        selected_organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
        csrf_token text NOT NULL CHECK (length(csrf_token) BETWEEN 32 AND 128),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        CHECK (expires_at > created_at)
      )`);
    await q.query(`CREATE INDEX web_sessions_user ON web_sessions (user_id)`);
    await q.query(`CREATE INDEX web_sessions_expiry ON web_sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE web_sessions`);
  }
}
