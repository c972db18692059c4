import { EntityManager } from 'typeorm';

/** True when meter data is stored for the meter, or for any meter of the site. */
export async function hasStoredReadings(
  em: EntityManager,
  organizationId: string,
  of: { meterId: string } | { siteId: string },
): Promise<boolean> {
  const meters =
    'meterId' in of
      ? `SELECT $2::uuid AS id`
      : `SELECT id FROM meters WHERE organization_id = $1 AND site_id = $2`;
  const [row] = await em.query(
    `WITH m AS (${meters})
     SELECT EXISTS (SELECT 1 FROM meter_daily_rollups u JOIN m ON u.meter_id = m.id WHERE u.organization_id = $1)
         OR EXISTS (SELECT 1 FROM register_readings r JOIN m ON r.meter_id = m.id WHERE r.organization_id = $1) AS has`,
    [organizationId, 'meterId' in of ? of.meterId : of.siteId],
  );
  return row.has;
}
