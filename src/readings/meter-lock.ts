import { EntityManager } from 'typeorm';

// Advisory-lock namespace: one lock per meter serializes its writers (7_301_005 guards partition DDL, in
// the create_readings_partition function).
const METER_LOCK_NAMESPACE = 7_301_004;

/**
 * Takes the writers' lock of each meter until the transaction ends, in id order (so two writers of the same
 * meters never deadlock). Everything that writes a meter's readings takes it, and so does the deletion of a
 * meter before it looks for readings: readings have no foreign key to their meter (it cost a row lock on
 * the meter per reading), so this lock is what keeps a meter with readings from being deleted.
 */
export async function lockMeterWriters(em: EntityManager, meterIds: string[]): Promise<void> {
  if (meterIds.length === 0) return;
  const sorted = [...new Set(meterIds)].sort();
  await em.query('SELECT pg_advisory_xact_lock($1, hashtext(id)) FROM unnest($2::text[]) AS id ORDER BY id', [
    METER_LOCK_NAMESPACE,
    sorted,
  ]);
}
