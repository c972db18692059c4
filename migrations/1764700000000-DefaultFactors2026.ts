import { MigrationInterface, QueryRunner } from 'typeorm';
import { factorInsert } from '../src/emissions/factor-insert';
import { DEFAULT_FACTOR_SET_UUID } from '../src/emissions/reference/default-factors';
import {
  DEFAULT_FACTOR_SET_2026,
  DEFAULT_FACTOR_SET_2026_UUID,
} from '../src/emissions/reference/default-factors-2026';

/**
 * The shipped default factor set 2026-01 (C-4): the 2025-12 rows plus national location-based grid averages
 * for DE, NL, FR, GB, JP, CN, IN and AU (S2-LB-1), all unverified. A new reference set beside the 2025-12
 * one, which stays as migration 1764100000000 inserted it: a year that chose 2025-12 keeps it, and figures
 * computed with it can be re-performed. Rows come from `src/emissions/reference/default-factors-2026.ts`, the
 * one source of truth for their values.
 */
export class DefaultFactors20261764700000000 implements MigrationInterface {
  name = 'DefaultFactors20261764700000000';

  public async up(q: QueryRunner): Promise<void> {
    const set = DEFAULT_FACTOR_SET_2026;
    await q.query(
      `INSERT INTO reference.emission_factor_sets (id, name, version, description) VALUES ($1, $2, $3, $4)`,
      [DEFAULT_FACTOR_SET_2026_UUID, set.id, set.version, set.description],
    );
    const insert = factorInsert('reference.emission_factors', ['factor_set_id']);
    await q.query(insert.sql, [DEFAULT_FACTOR_SET_2026_UUID, ...insert.params(set.rows)]);
    // A year finalized on the 2025-12 defaults keeps them (invariant 7): its implicit choice becomes explicit
    // before the default moves to this set.
    await q.query(
      `INSERT INTO emission_factor_selections (organization_id, reporting_year, reference_set_id)
       SELECT organization_id, year, $1 FROM reporting_periods WHERE status = 'finalized'
       ON CONFLICT (organization_id, reporting_year) DO NOTHING`,
      [DEFAULT_FACTOR_SET_UUID],
    );
  }

  /**
   * Reference rows are immutable (their triggers refuse DELETE), so reverting lifts the row triggers for
   * this transaction only. Refused while a reporting year has chosen the set: its figures name it.
   */
  public async down(q: QueryRunner): Promise<void> {
    const chosen: unknown[] = await q.query(
      `SELECT 1 FROM emission_factor_selections WHERE reference_set_id = $1 LIMIT 1`,
      [DEFAULT_FACTOR_SET_2026_UUID],
    );
    if (chosen.length > 0)
      throw new Error(
        `Reference factor set ${DEFAULT_FACTOR_SET_2026_UUID} is chosen for a reporting year; it cannot be removed`,
      );
    for (const [table, trigger] of [
      ['reference.emission_factors', 'reference_emission_factors_immutable'],
      ['reference.emission_factor_sets', 'reference_emission_factor_sets_immutable'],
    ]) {
      await q.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
    }
    await q.query(`DELETE FROM reference.emission_factors WHERE factor_set_id = $1`, [
      DEFAULT_FACTOR_SET_2026_UUID,
    ]);
    await q.query(`DELETE FROM reference.emission_factor_sets WHERE id = $1`, [DEFAULT_FACTOR_SET_2026_UUID]);
    for (const [table, trigger] of [
      ['reference.emission_factors', 'reference_emission_factors_immutable'],
      ['reference.emission_factor_sets', 'reference_emission_factor_sets_immutable'],
    ]) {
      await q.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
    }
  }
}
