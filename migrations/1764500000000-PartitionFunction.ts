import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service's role owns nothing, so it cannot add a partition to `readings` itself: this function, owned
 * by the schema's owner (SECURITY DEFINER), creates the partition of one month and nothing else. It takes
 * a date, checks it is the first of a month in 2000–2099, and builds the DDL with quoted identifiers and
 * literals under a fixed search_path; only roles granted EXECUTE may call it.
 */
export class PartitionFunction1764500000000 implements MigrationInterface {
  name = 'PartitionFunction1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION create_readings_partition(month_start date) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        IF month_start IS NULL OR month_start <> date_trunc('month', month_start)::date
           OR month_start < DATE '2000-01-01' OR month_start >= DATE '2100-01-01' THEN
          RAISE EXCEPTION 'not the first day of a month in 2000-2099: %', month_start
            USING ERRCODE = 'invalid_parameter_value';
        END IF;
        -- One creator at a time: concurrent CREATE ... PARTITION OF on the same bounds would fail.
        PERFORM pg_advisory_xact_lock(7301005);
        EXECUTE format(
          'CREATE TABLE IF NOT EXISTS public.%I PARTITION OF public.readings FOR VALUES FROM (%L) TO (%L)',
          'readings_y' || to_char(month_start, 'YYYY') || 'm' || to_char(month_start, 'MM'),
          to_char(month_start, 'YYYY-MM-DD') || 'T00:00:00Z',
          to_char(month_start + interval '1 month', 'YYYY-MM-DD') || 'T00:00:00Z');
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION create_readings_partition(date) FROM PUBLIC`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION create_readings_partition(date)`);
  }
}
