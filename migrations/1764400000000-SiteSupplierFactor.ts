import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A site may name its electricity supplier's emission factor (kind SUPPLIER in the year's factor set): the
 * market-based remainder then takes it before the residual mix (S2-MB-1).
 */
export class SiteSupplierFactor1764400000000 implements MigrationInterface {
  name = 'SiteSupplierFactor1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sites ADD COLUMN supplier_factor_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sites DROP COLUMN supplier_factor_id`);
  }
}
