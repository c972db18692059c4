import { MigrationInterface, QueryRunner } from 'typeorm';

const KEY = 'organization_id, meter_id, local_date';

/**
 * Adds signed changes (organization_id, site_id, direction, local_date, wh, days) to the sites' days, in
 * key order.
 */
const addToSiteDays = (changes: string) => `
  INSERT INTO site_daily_rollups AS t
    (organization_id, site_id, local_date, import_wh, export_wh, generation_wh, meter_days)
  SELECT organization_id, site_id, local_date,
         coalesce(sum(wh) FILTER (WHERE direction = 'import'), 0),
         coalesce(sum(wh) FILTER (WHERE direction = 'export'), 0),
         coalesce(sum(wh) FILTER (WHERE direction = 'generation'), 0), sum(days)
  FROM (${changes}) c
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (organization_id, site_id, local_date) DO UPDATE SET
    import_wh = t.import_wh + excluded.import_wh, export_wh = t.export_wh + excluded.export_wh,
    generation_wh = t.generation_wh + excluded.generation_wh, meter_days = t.meter_days + excluded.meter_days`;

/**
 * Adds signed changes of daily rollups (organization_id, meter_id, local_date, wh, readings, estimated_wh,
 * estimated_readings, days: +1 a new day, -1 a day gone) to both derived rollups, the site and direction
 * read from the meter. One statement; rows are upserted in key order.
 */
const addToDerived = (changes: string) => `
  WITH d AS MATERIALIZED (${changes}),
  monthly AS (
    INSERT INTO meter_monthly_rollups AS t
      (organization_id, meter_id, month, wh, readings, estimated_wh, estimated_readings, days)
    SELECT organization_id, meter_id, date_trunc('month', local_date)::date, sum(wh), sum(readings),
           sum(estimated_wh), sum(estimated_readings), sum(days)
    FROM d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (organization_id, meter_id, month) DO UPDATE SET
      wh = t.wh + excluded.wh, readings = t.readings + excluded.readings,
      estimated_wh = t.estimated_wh + excluded.estimated_wh,
      estimated_readings = t.estimated_readings + excluded.estimated_readings, days = t.days + excluded.days)
  ${addToSiteDays(`SELECT d.organization_id, m.site_id, m.direction, d.local_date, d.wh, d.days
                    FROM d JOIN meters m ON m.organization_id = d.organization_id AND m.id = d.meter_id`)}`;

/**
 * Two rollups derived from `meter_daily_rollups`, so a year's figures read a few thousand rows instead of one
 * per meter and day (1,000 meters make 365,000 of those a year):
 * - `site_daily_rollups`: each site's energy per site-local day by meter direction (import, export,
 *   generation), what the consumption rule (src/figures/consumption.ts) is applied to, day by day;
 * - `meter_monthly_rollups`: each meter's energy, readings and days with data per local month, what a meter's
 *   year and its coverage are summed from (a reporting year is whole local months).
 *
 * Neither is written by the service: triggers on `meter_daily_rollups` add each change to both in the same
 * statement, whichever writer made it (ingestion, corrections, voids, the moves of a reading to PostgreSQL's
 * day), and a trigger on `meters` moves a meter's days when its site or direction changes. The trigger
 * functions are owned by the schema's owner (SECURITY DEFINER, fixed search_path) and the service's role may
 * only read the two tables, so they cannot drift from the daily rollups by a write of the service's own.
 * Rows are upserted in key order, so concurrent writers of one site's days wait for each other and never
 * deadlock. A row whose count of days (or, for a site, of meter-days) reaches 0 is deleted.
 */
export class DerivedRollups1765100000000 implements MigrationInterface {
  name = 'DerivedRollups1765100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE site_daily_rollups (
        organization_id uuid NOT NULL,
        site_id uuid NOT NULL,
        local_date date NOT NULL,
        import_wh bigint NOT NULL,
        export_wh bigint NOT NULL,
        generation_wh bigint NOT NULL,
        meter_days integer NOT NULL,
        PRIMARY KEY (organization_id, site_id, local_date),
        FOREIGN KEY (organization_id, site_id) REFERENCES sites (organization_id, id)
      )`);
    await q.query(`
      CREATE TABLE meter_monthly_rollups (
        organization_id uuid NOT NULL,
        meter_id uuid NOT NULL,
        month date NOT NULL CHECK (month = date_trunc('month', month)::date),
        wh bigint NOT NULL,
        readings integer NOT NULL,
        estimated_wh bigint NOT NULL,
        estimated_readings integer NOT NULL,
        days integer NOT NULL,
        PRIMARY KEY (organization_id, meter_id, month),
        FOREIGN KEY (organization_id, meter_id) REFERENCES meters (organization_id, id)
      )`);

    // The statement-level triggers see the rows the statement changed (transition tables), one call per
    // statement; for INSERT ... ON CONFLICT DO UPDATE both fire, each with its own rows.
    await q.query(`
      CREATE FUNCTION meter_daily_rollups_changed() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${addToDerived(`SELECT ${KEY}, wh, readings, estimated_wh, estimated_readings, 1 AS days FROM new_rows`)};
        ELSIF TG_OP = 'UPDATE' THEN
          ${addToDerived(`SELECT ${KEY}, wh, readings, estimated_wh, estimated_readings, 0 AS days FROM new_rows
                          UNION ALL SELECT ${KEY}, -wh, -readings, -estimated_wh, -estimated_readings, 0 FROM old_rows`)};
        ELSE
          ${addToDerived(`SELECT ${KEY}, -wh AS wh, -readings AS readings, -estimated_wh AS estimated_wh,
                          -estimated_readings AS estimated_readings, -1 AS days FROM old_rows`)};
          -- A month or a site-day left without days leaves the derived rollups.
          DELETE FROM meter_monthly_rollups t
          USING (SELECT DISTINCT organization_id, meter_id, date_trunc('month', local_date)::date AS month FROM old_rows) o
          WHERE t.organization_id = o.organization_id AND t.meter_id = o.meter_id AND t.month = o.month AND t.days = 0;
          DELETE FROM site_daily_rollups t
          USING (SELECT DISTINCT d.organization_id, m.site_id, d.local_date FROM old_rows d
                 JOIN meters m ON m.organization_id = d.organization_id AND m.id = d.meter_id) o
          WHERE t.organization_id = o.organization_id AND t.site_id = o.site_id AND t.local_date = o.local_date
            AND t.meter_days = 0;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER meter_daily_rollups_inserted AFTER INSERT ON meter_daily_rollups
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION meter_daily_rollups_changed()`);
    await q.query(`
      CREATE TRIGGER meter_daily_rollups_updated AFTER UPDATE ON meter_daily_rollups
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION meter_daily_rollups_changed()`);
    await q.query(`
      CREATE TRIGGER meter_daily_rollups_deleted AFTER DELETE ON meter_daily_rollups
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION meter_daily_rollups_changed()`);

    // A meter that moves to another site (of the same zone) or changes direction takes its days along.
    await q.query(`
      CREATE FUNCTION meter_moved() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
      BEGIN
        ${addToSiteDays(`
          SELECT organization_id, OLD.site_id AS site_id, OLD.direction AS direction, local_date, -wh AS wh, -1 AS days
          FROM meter_daily_rollups WHERE organization_id = NEW.organization_id AND meter_id = NEW.id
          UNION ALL
          SELECT organization_id, NEW.site_id, NEW.direction, local_date, wh, 1
          FROM meter_daily_rollups WHERE organization_id = NEW.organization_id AND meter_id = NEW.id`)};
        DELETE FROM site_daily_rollups
        WHERE organization_id = NEW.organization_id AND site_id = OLD.site_id AND meter_days = 0;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER meter_moved AFTER UPDATE OF site_id, direction ON meters FOR EACH ROW
        WHEN (OLD.site_id IS DISTINCT FROM NEW.site_id OR OLD.direction IS DISTINCT FROM NEW.direction)
        EXECUTE FUNCTION meter_moved()`);
    await q.query(`REVOKE ALL ON FUNCTION meter_daily_rollups_changed(), meter_moved() FROM PUBLIC`);

    // What is already stored.
    await q.query(
      addToDerived(
        `SELECT ${KEY}, wh, readings, estimated_wh, estimated_readings, 1 AS days FROM meter_daily_rollups`,
      ),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER meter_moved ON meters`);
    await q.query(`DROP TRIGGER meter_daily_rollups_deleted ON meter_daily_rollups`);
    await q.query(`DROP TRIGGER meter_daily_rollups_updated ON meter_daily_rollups`);
    await q.query(`DROP TRIGGER meter_daily_rollups_inserted ON meter_daily_rollups`);
    await q.query(`DROP FUNCTION meter_moved(), meter_daily_rollups_changed()`);
    await q.query(`DROP TABLE meter_monthly_rollups`);
    await q.query(`DROP TABLE site_daily_rollups`);
  }
}
