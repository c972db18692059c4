import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reading stored in error can be voided (DELETE /meters/{id}/readings): the row leaves `readings`, and its
 * revision history keeps it, as a revision with reason 'void', no new value or quality, and the reason the
 * person gave. The checks say exactly that: a void has no new value and has a reason; a correction has a
 * new value and no void reason.
 */
export class ReadingVoids1764900000000 implements MigrationInterface {
  name = 'ReadingVoids1764900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE reading_revisions
        ALTER COLUMN new_value_wh DROP NOT NULL,
        ALTER COLUMN new_quality DROP NOT NULL,
        ADD COLUMN void_reason text,
        DROP CONSTRAINT reading_revisions_reason_check,
        ADD CONSTRAINT reading_revisions_reason_check CHECK (reason IN ('upsert', 'estimate_superseded', 'void')),
        ADD CONSTRAINT reading_revisions_void_check CHECK (CASE WHEN reason = 'void'
          THEN new_value_wh IS NULL AND new_quality IS NULL AND void_reason IS NOT NULL
               AND length(btrim(void_reason)) BETWEEN 1 AND 1000
          ELSE new_value_wh IS NOT NULL AND new_quality IS NOT NULL AND void_reason IS NULL END)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Voids are history: reverting would have to delete them, so it is refused while there are any.
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM reading_revisions WHERE reason = 'void') THEN
          RAISE EXCEPTION 'reading_revisions holds voided readings; reverting would delete their history';
        END IF;
      END $$`);
    await q.query(`
      ALTER TABLE reading_revisions
        DROP CONSTRAINT reading_revisions_void_check,
        DROP CONSTRAINT reading_revisions_reason_check,
        ADD CONSTRAINT reading_revisions_reason_check CHECK (reason IN ('upsert', 'estimate_superseded')),
        DROP COLUMN void_reason,
        ALTER COLUMN new_quality SET NOT NULL,
        ALTER COLUMN new_value_wh SET NOT NULL`);
  }
}
