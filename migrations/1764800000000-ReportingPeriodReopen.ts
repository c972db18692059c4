import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting years are finalized and reopened through the API (invariant 7). The row keeps the current
 * state and the last reopening; the audit log keeps every step.
 */
export class ReportingPeriodReopen1764800000000 implements MigrationInterface {
  name = 'ReportingPeriodReopen1764800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE reporting_periods
        ADD COLUMN reopened_at timestamptz,
        ADD COLUMN reopened_by uuid REFERENCES users (id),
        ADD COLUMN reopen_reason text,
        ADD CONSTRAINT reporting_periods_reopen_reason CHECK ((reopened_at IS NULL) = (reopen_reason IS NULL))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE reporting_periods DROP CONSTRAINT reporting_periods_reopen_reason,
        DROP COLUMN reopen_reason, DROP COLUMN reopened_by, DROP COLUMN reopened_at`);
  }
}
