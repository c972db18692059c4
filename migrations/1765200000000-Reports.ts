import PgBoss from 'pg-boss';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The job queue's schema and the one queue the service uses (src/reports/jobs/report-queue.ts). */
const QUEUE_SCHEMA = 'pgboss';
const REPORT_QUEUE = 'reports';
/**
 * A report job: delivered up to four times (a crash mid-render leaves it active until it expires, then it
 * runs again; the worker builds at most three times and records the fourth delivery as INTERRUPTED), kept
 * for a week. pg-boss's `create_queue` creates the queue's partition table, so it runs here, as the
 * schema's owner; the service's role only reads and writes the queue's rows.
 */
const REPORT_QUEUE_OPTIONS = {
  policy: 'standard',
  retryLimit: 3,
  retryDelay: 5,
  retryBackoff: false,
  expireInSeconds: 900,
  retentionMinutes: 7 * 24 * 60,
  deadLetter: null,
};

/** pg-boss wraps its plan in BEGIN … COMMIT; here it runs inside the migration's own transaction. */
function inThisTransaction(plan: string): string {
  const body = plan.trim();
  if (!body.startsWith('BEGIN;') || !body.endsWith('COMMIT;')) throw new Error('unexpected pg-boss plan');
  return body.slice('BEGIN;'.length, -'COMMIT;'.length);
}

/**
 * Disclosure reports (issue: CDP-style reports) and the job queue that makes them.
 *
 * - `reports`: one row per requested report. While `queued` or `running` its row moves on; once `ready` it
 *   holds the canonical model JSON, the PDF and the XLSX with the SHA-256 of each and of the model, and no
 *   longer changes: a trigger refuses UPDATE and DELETE of a ready or failed report (invariant 8).
 * - `reporting_periods.report_id`: the ready report a year was finalized from.
 * - pg-boss's schema, created from the library's own construction plan for the version this migration was
 *   written with (pg-boss 10, schema version 24). A later pg-boss version adds a migration with its
 *   `getMigrationPlans`; the service starts pg-boss with `migrate: false`, so it never changes the schema.
 */
export class Reports1765200000000 implements MigrationInterface {
  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reports (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        language text NOT NULL CHECK (language IN ('en', 'ko')),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'ready', 'failed')),
        attempts smallint NOT NULL DEFAULT 0,
        failure_code text,
        failure_message text,
        requested_by uuid NOT NULL REFERENCES users (id),
        requested_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        report_status text CHECK (report_status IN ('provisional', 'finalized', 'restated')),
        restates_report_id uuid,
        ruleset_id text,
        factor_set_id text,
        as_of timestamptz,
        model_hash char(64) CHECK (model_hash ~ '^[0-9a-f]{64}$'),
        model_json bytea,
        model_sha256 char(64),
        pdf bytea,
        pdf_sha256 char(64),
        xlsx bytea,
        xlsx_sha256 char(64),
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, restates_report_id) REFERENCES reports (organization_id, id),
        CHECK (status <> 'failed' OR failure_code IS NOT NULL),
        CHECK (status <> 'ready' OR (
          report_status IS NOT NULL AND ruleset_id IS NOT NULL AND factor_set_id IS NOT NULL AND as_of IS NOT NULL
          AND model_hash IS NOT NULL AND model_json IS NOT NULL AND model_sha256 IS NOT NULL
          AND pdf IS NOT NULL AND pdf_sha256 IS NOT NULL AND xlsx IS NOT NULL AND xlsx_sha256 IS NOT NULL
          AND finished_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX reports_by_time ON reports (organization_id, requested_at DESC, id)`);
    await q.query(`CREATE INDEX reports_by_year ON reports (organization_id, year, status)`);
    // One report of a year and language in the making at a time: a second request gets the first.
    await q.query(`
      CREATE UNIQUE INDEX reports_one_in_progress ON reports (organization_id, year, language)
      WHERE status IN ('queued', 'running')`);
    // Invariant 8: a ready report never changes; a failed one is the record of a failure.
    await q.query(`
      CREATE FUNCTION reports_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status IN ('ready', 'failed') THEN
          RAISE EXCEPTION 'report % is %: it cannot be changed or deleted', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        IF (NEW.organization_id, NEW.id, NEW.year, NEW.language, NEW.requested_by, NEW.requested_at)
           IS DISTINCT FROM (OLD.organization_id, OLD.id, OLD.year, OLD.language, OLD.requested_by, OLD.requested_at) THEN
          RAISE EXCEPTION 'report %: what was asked for and by whom cannot change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER reports_immutable BEFORE UPDATE OR DELETE ON reports
      FOR EACH ROW EXECUTE FUNCTION reports_immutable()`);
    await q.query(`
      CREATE FUNCTION reports_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'reports cannot be truncated' USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER reports_no_truncate BEFORE TRUNCATE ON reports
      FOR EACH STATEMENT EXECUTE FUNCTION reports_no_truncate()`);
    await q.query(`ALTER TABLE reporting_periods ADD COLUMN report_id uuid`);
    await q.query(`
      ALTER TABLE reporting_periods ADD FOREIGN KEY (organization_id, report_id) REFERENCES reports (organization_id, id)`);

    await q.query(inThisTransaction(PgBoss.getConstructionPlans(QUEUE_SCHEMA)));
    await q.query(`SELECT ${QUEUE_SCHEMA}.create_queue($1, $2)`, [
      REPORT_QUEUE,
      JSON.stringify(REPORT_QUEUE_OPTIONS),
    ]);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA ${QUEUE_SCHEMA} CASCADE`);
    await q.query(`ALTER TABLE reporting_periods DROP COLUMN report_id`);
    await q.query(`DROP TABLE reports`);
    await q.query(`DROP FUNCTION reports_immutable()`);
    await q.query(`DROP FUNCTION reports_no_truncate()`);
  }
}
