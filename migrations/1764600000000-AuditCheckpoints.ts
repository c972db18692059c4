import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the audit chains: each says "entry head_seq of this chain had hash head_hash at
 * created_at", signed with the Ed25519 key kept outside the database. Append-only like audit_log: a trigger
 * refuses UPDATE, DELETE and TRUNCATE, and the service's role is granted SELECT and INSERT only.
 */
export class AuditCheckpoints1764600000000 implements MigrationInterface {
  name = 'AuditCheckpoints1764600000000';

  public async up(q: QueryRunner): Promise<void> {
    // No foreign key to organizations: the platform chain uses the nil uuid, as in audit_log.
    await q.query(`
      CREATE TABLE audit_checkpoints (
        organization_id uuid NOT NULL,
        seq bigint NOT NULL CHECK (seq > 0),
        head_seq bigint NOT NULL CHECK (head_seq >= 0),
        head_hash char(64) NOT NULL CHECK (head_hash ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL,
        reason text NOT NULL CHECK (reason IN ('manual', 'interval', 'report', 'finalization')),
        key_id text NOT NULL,
        signature text NOT NULL,
        PRIMARY KEY (organization_id, seq)
      )`);
    await q.query(`
      CREATE FUNCTION audit_checkpoints_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_checkpoints is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_reject_change()`);
    await q.query(`
      CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
      FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_reject_change()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoints`);
    await q.query(`DROP FUNCTION audit_checkpoints_reject_change()`);
  }
}
