import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { TestOrganization } from './test-app';

/** A site in a zone and an interval meter on it; returns the meter. */
export async function meterIn(
  org: TestOrganization,
  timeZone: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; externalId: string; siteId: string }> {
  const site = await org.as.officer
    .post('/api/v1/sites', { name: `Site ${randomUUID().slice(0, 8)}`, country: 'DE', timeZone })
    .expect(201);
  const meter = await org.as.officer
    .post('/api/v1/meters', {
      siteId: site.body.id,
      externalId: `M-${randomUUID().slice(0, 8)}`,
      kind: 'interval',
      intervalMinutes: 15,
      direction: 'import',
      unit: 'Wh',
      ...extra,
    })
    .expect(201);
  return { id: meter.body.id, externalId: meter.body.externalId, siteId: site.body.id };
}

/**
 * A site with one daily import meter in MWh, and a reading of `mwh` for each local day start given
 * (e.g. `2026-01-05T00:00:00+01:00`); returns the site and meter ids.
 */
export async function siteWithDailyMeter(
  org: TestOrganization,
  site: { country: string; timeZone: string; name?: string },
  days: string[],
  mwh = '250',
): Promise<{ siteId: string; meterId: string }> {
  const siteId = (
    await org.as.officer.post('/api/v1/sites', { name: `${site.country} plant`, ...site }).expect(201)
  ).body.id;
  const meterId = (
    await org.as.officer
      .post('/api/v1/meters', {
        siteId,
        externalId: `${site.country}-main-${randomUUID().slice(0, 4)}`,
        kind: 'interval',
        intervalMinutes: 1440,
        direction: 'import',
        unit: 'MWh',
      })
      .expect(201)
  ).body.id;
  await org.as.officer
    .post(`/api/v1/meters/${meterId}/readings`, { readings: days.map((start) => ({ start, value: mwh })) })
    .expect(200);
  return { siteId, meterId };
}

/** Quarter-hour readings from `fromIso` on, with the given values in Wh. */
export const quarterHours = (fromIso: string, values: number[], extra: Record<string, unknown> = {}) =>
  values.map((value, i) => ({
    start: new Date(Date.parse(fromIso) + i * 900_000).toISOString(),
    value,
    ...extra,
  }));

/** Direct database access, as the schema's owner, for checks the API does not expose (rollup = sum of readings). */
export async function withDb<T>(work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: process.env.TEST_DATABASE_OWNER_URL });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** Invariant 2: every rollup of the meter equals the sum of its readings on that site-local day. */
export async function rollupsMatchReadings(
  meterId: string,
): Promise<{ rollups: number; mismatches: unknown[] }> {
  return withDb(async (db) => {
    const { rows } = await db.query(
      `WITH sums AS (
         SELECT r.meter_id, (r.interval_start AT TIME ZONE s.time_zone)::date AS d, sum(r.value_wh) AS wh, count(*) AS n
         FROM readings r JOIN meters m ON m.organization_id = r.organization_id AND m.id = r.meter_id
         JOIN sites s ON s.organization_id = m.organization_id AND s.id = m.site_id
         WHERE r.meter_id = $1 GROUP BY 1, 2)
       SELECT coalesce(u.local_date, s.d) AS d, u.wh AS rollup_wh, s.wh AS sum_wh, u.readings, s.n
       FROM meter_daily_rollups u FULL JOIN sums s ON s.meter_id = u.meter_id AND s.d = u.local_date
       WHERE coalesce(u.meter_id, s.meter_id) = $1`,
      [meterId],
    );
    const mismatches: unknown[] = rows.filter(
      (r) =>
        String(r.rollup_wh ?? 0) !== String(r.sum_wh ?? 0) || Number(r.readings ?? 0) !== Number(r.n ?? 0),
    );
    mismatches.push(...(await derivedRollupMismatches(db, meterId)));
    return { rollups: rows.length, mismatches };
  });
}

/**
 * The rollups derived from the daily ones (the meter's months, its site's days by direction) equal the
 * daily rollups summed again: what the triggers of migration DerivedRollups keep.
 */
async function derivedRollupMismatches(db: Client, meterId: string): Promise<unknown[]> {
  const monthly = await db.query(
    `WITH sums AS (
       SELECT date_trunc('month', local_date)::date AS month, sum(wh) AS wh, sum(readings) AS readings,
              sum(estimated_wh) AS estimated_wh, sum(estimated_readings) AS estimated_readings, count(*) AS days
       FROM meter_daily_rollups WHERE meter_id = $1 GROUP BY 1),
     kept AS (SELECT month, wh, readings, estimated_wh, estimated_readings, days FROM meter_monthly_rollups WHERE meter_id = $1)
     SELECT 'monthly' AS rollup, * FROM ((SELECT * FROM sums EXCEPT SELECT * FROM kept)
                                         UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM sums)) x`,
    [meterId],
  );
  const [{ site_id: siteId }] = (await db.query('SELECT site_id FROM meters WHERE id = $1', [meterId])).rows;
  return [...monthly.rows, ...(await siteDayMismatches(db, siteId))];
}

/** A site's derived daily rollups against its meters' daily rollups (empty when they agree). */
export function siteRollupMismatches(siteId: string): Promise<unknown[]> {
  return withDb((db) => siteDayMismatches(db, siteId));
}

async function siteDayMismatches(db: Client, siteId: string): Promise<unknown[]> {
  const daily = await db.query(
    `WITH sums AS (
       SELECT u.local_date, coalesce(sum(u.wh) FILTER (WHERE m.direction = 'import'), 0) AS import_wh,
              coalesce(sum(u.wh) FILTER (WHERE m.direction = 'export'), 0) AS export_wh,
              coalesce(sum(u.wh) FILTER (WHERE m.direction = 'generation'), 0) AS generation_wh, count(*) AS meter_days
       FROM meter_daily_rollups u JOIN meters m ON m.organization_id = u.organization_id AND m.id = u.meter_id
       WHERE m.site_id = $1 GROUP BY 1),
     kept AS (SELECT local_date, import_wh, export_wh, generation_wh, meter_days::bigint
              FROM site_daily_rollups WHERE site_id = $1)
     SELECT 'site daily' AS rollup, * FROM ((SELECT * FROM sums EXCEPT SELECT * FROM kept)
                                            UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM sums)) x`,
    [siteId],
  );
  return daily.rows;
}
