import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Meter data: interval readings (range-partitioned by month, partitions created on demand), their
 * correction history, cumulative register readings, per-meter rollups by site-local day, reporting
 * periods (a finalized year is locked) and idempotency keys.
 */
export class Readings1763800000000 implements MigrationInterface {
  name = 'Readings1763800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reporting_periods (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        status text NOT NULL CHECK (status IN ('open', 'finalized')),
        finalized_at timestamptz,
        finalized_by uuid REFERENCES users (id),
        PRIMARY KEY (organization_id, year),
        CHECK (status = 'open' OR finalized_at IS NOT NULL)
      )`);

    // One row per meter and interval (invariant 1). duration_s is the interval length; readings derived
    // from a register span the time between two register reads.
    await q.query(`
      CREATE TABLE readings (
        organization_id uuid NOT NULL,
        meter_id uuid NOT NULL,
        interval_start timestamptz NOT NULL,
        duration_s integer NOT NULL CHECK (duration_s > 0),
        value_wh bigint NOT NULL CHECK (value_wh >= 0),
        quality smallint NOT NULL,
        revision integer NOT NULL DEFAULT 0,
        source text NOT NULL CHECK (source IN ('api', 'csv', 'green_button', 'register')),
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, meter_id, interval_start),
        FOREIGN KEY (organization_id, meter_id) REFERENCES meters (organization_id, id)
      ) PARTITION BY RANGE (interval_start)`);

    await q.query(`
      CREATE TABLE reading_revisions (
        organization_id uuid NOT NULL,
        meter_id uuid NOT NULL,
        interval_start timestamptz NOT NULL,
        revision integer NOT NULL CHECK (revision > 0),
        old_value_wh bigint NOT NULL,
        new_value_wh bigint NOT NULL,
        old_quality smallint NOT NULL,
        new_quality smallint NOT NULL,
        reason text NOT NULL CHECK (reason IN ('upsert', 'estimate_superseded')),
        changed_at timestamptz NOT NULL,
        actor_type text NOT NULL,
        actor_id uuid,
        actor_label text NOT NULL,
        request_id text,
        PRIMARY KEY (organization_id, meter_id, interval_start, revision),
        FOREIGN KEY (organization_id, meter_id) REFERENCES meters (organization_id, id)
      )`);

    // Cumulative register values as read (M-2). A declared exchange or reset starts a new series.
    await q.query(`
      CREATE TABLE register_readings (
        organization_id uuid NOT NULL,
        meter_id uuid NOT NULL,
        read_at timestamptz NOT NULL,
        series integer NOT NULL CHECK (series >= 0),
        kind text NOT NULL CHECK (kind IN ('reading', 'reset')),
        register_wh bigint NOT NULL CHECK (register_wh >= 0),
        quality smallint NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, meter_id, read_at),
        FOREIGN KEY (organization_id, meter_id) REFERENCES meters (organization_id, id)
      )`);

    // Sums of the readings that start on each site-local day (invariant 2), kept in the writing transaction.
    await q.query(`
      CREATE TABLE meter_daily_rollups (
        organization_id uuid NOT NULL,
        meter_id uuid NOT NULL,
        local_date date NOT NULL,
        wh bigint NOT NULL,
        readings integer NOT NULL,
        estimated_wh bigint NOT NULL,
        estimated_readings integer NOT NULL,
        PRIMARY KEY (organization_id, meter_id, local_date),
        FOREIGN KEY (organization_id, meter_id) REFERENCES meters (organization_id, id)
      )`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        organization_id uuid NOT NULL,
        key text NOT NULL,
        request_hash char(64) NOT NULL,
        status_code smallint,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, key)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE meter_daily_rollups`);
    await q.query(`DROP TABLE register_readings`);
    await q.query(`DROP TABLE reading_revisions`);
    await q.query(`DROP TABLE readings`);
    await q.query(`DROP TABLE reporting_periods`);
  }
}
