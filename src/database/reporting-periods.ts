/** Whether an organization's reporting year is finalized (invariant 7: its figures and claims are locked). */
export async function yearFinalized(
  db: { query(sql: string, parameters?: unknown[]): Promise<{ status: string }[]> },
  organizationId: string,
  year: number,
): Promise<boolean> {
  const [row] = await db.query(
    'SELECT status FROM reporting_periods WHERE organization_id = $1 AND year = $2',
    [organizationId, year],
  );
  return row?.status === 'finalized';
}
