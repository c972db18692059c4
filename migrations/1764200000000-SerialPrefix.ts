import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invariant 3 compares serial numbers only under the same prefix: `GO-NL-2025-000001 … 000500` and
 * `GO-NL-2026-000001 … 000500` are different certificates of one registry and do not overlap.
 */
export class SerialPrefix1764200000000 implements MigrationInterface {
  name = 'SerialPrefix1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificates ADD COLUMN serial_prefix text`);
    await q.query(
      `UPDATE certificates SET serial_prefix = substring(serial_start from '^(.*?)[0-9]+$')
       WHERE serial_start IS NOT NULL`,
    );
    await q.query(
      `ALTER TABLE certificates DROP CONSTRAINT certificates_organization_id_registry_serial_range_excl`,
    );
    await q.query(`
      ALTER TABLE certificates
        ADD CONSTRAINT certificates_serial_prefix_check CHECK ((serial_prefix IS NULL) = (serial_range IS NULL)),
        ADD CONSTRAINT certificates_serials_do_not_overlap
          EXCLUDE USING gist (organization_id WITH =, registry WITH =, serial_prefix WITH =, serial_range WITH &&)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificates DROP CONSTRAINT certificates_serials_do_not_overlap`);
    await q.query(`ALTER TABLE certificates DROP CONSTRAINT certificates_serial_prefix_check`);
    await q.query(
      `ALTER TABLE certificates ADD CONSTRAINT certificates_organization_id_registry_serial_range_excl
         EXCLUDE USING gist (organization_id WITH =, registry WITH =, serial_range WITH &&)`,
    );
    await q.query(`ALTER TABLE certificates DROP COLUMN serial_prefix`);
  }
}
