import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A generation meter measures one facility: linked to two, its energy would be claimed twice
 * (RE100-CALC-2).
 */
export class FacilityMeterOnce1764300000000 implements MigrationInterface {
  name = 'FacilityMeterOnce1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE facility_meters ADD CONSTRAINT facility_meters_meter_once UNIQUE (organization_id, meter_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE facility_meters DROP CONSTRAINT facility_meters_meter_once`);
  }
}
