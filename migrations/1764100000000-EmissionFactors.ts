import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_FACTOR_SET, DEFAULT_FACTOR_SET_UUID } from '../src/emissions/reference/default-factors';
import { factorInsert } from '../src/emissions/factor-insert';

/**
 * Emission factor sets (C-4): immutable, versioned rows, chosen per organization and reporting year.
 *
 * - Shipped reference sets (the defaults of domain §8, and later editions) are shared reference data: they live
 *   apart, in the `reference` schema, and never reference tenant rows (design.md; with Citus they become
 *   reference tables). The defaults are inserted from `src/emissions/reference/default-factors.ts`, the one
 *   source of truth for their values; a correction is a new set in a new migration, never an edit.
 * - Sets an organization loads are tenant rows, keyed by organization_id first.
 * - The choice per reporting year names either kind of set. Only the tenant kind can be a foreign key
 *   (tenant keys lead with organization_id); a reference set is checked by a trigger instead, and reference
 *   rows can be neither changed nor deleted, so a chosen one never disappears.
 */
export class EmissionFactors1764100000000 implements MigrationInterface {
  name = 'EmissionFactors1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    // Factor columns, the same for reference and tenant rows (checks mirror src/emissions/factor-set.ts).
    const factorColumns = `
        id text NOT NULL CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$'),
        source text NOT NULL,
        edition text NOT NULL,
        data_year smallint NOT NULL CHECK (data_year BETWEEN 1990 AND 2100),
        region text NOT NULL CHECK (region ~ '^[A-Z]{2}(-[A-Z0-9]{1,12})?$'),
        kind text NOT NULL CHECK (kind IN ('LOCATION', 'RESIDUAL_MIX', 'SUPPLIER', 'CONTRACT')),
        value numeric NOT NULL CHECK (value >= 0),
        unit text NOT NULL CHECK (unit ~ '^(t|kg|g|lb)(CO2e|CO2)/(MWh|kWh)$'),
        gas text NOT NULL CHECK (gas IN ('CO2e', 'CO2')),
        verified boolean NOT NULL DEFAULT false,
        note text NOT NULL,
        CHECK (unit LIKE '%' || gas || '/%')`;

    await q.query(`CREATE SCHEMA reference`);
    await q.query(`
      CREATE TABLE reference.emission_factor_sets (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        version text NOT NULL,
        description text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (name, version)
      )`);
    await q.query(`
      CREATE TABLE reference.emission_factors (
        factor_set_id uuid NOT NULL REFERENCES reference.emission_factor_sets (id),
        ${factorColumns},
        PRIMARY KEY (factor_set_id, id)
      )`);

    await q.query(`
      CREATE TABLE emission_factor_sets (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        version text NOT NULL CHECK (length(version) BETWEEN 1 AND 100),
        description text NOT NULL,
        source_format text NOT NULL CHECK (source_format IN ('csv', 'json')),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES users (id),
        PRIMARY KEY (organization_id, id),
        UNIQUE (organization_id, name, version)
      )`);
    await q.query(`
      CREATE TABLE emission_factors (
        organization_id uuid NOT NULL,
        factor_set_id uuid NOT NULL,
        ${factorColumns},
        PRIMARY KEY (organization_id, factor_set_id, id),
        FOREIGN KEY (organization_id, factor_set_id) REFERENCES emission_factor_sets (organization_id, id)
      )`);

    await q.query(`
      CREATE TABLE emission_factor_selections (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        reporting_year smallint NOT NULL CHECK (reporting_year BETWEEN 2000 AND 2100),
        factor_set_id uuid,
        reference_set_id uuid,
        selected_at timestamptz NOT NULL DEFAULT now(),
        selected_by uuid REFERENCES users (id),
        PRIMARY KEY (organization_id, reporting_year),
        FOREIGN KEY (organization_id, factor_set_id) REFERENCES emission_factor_sets (organization_id, id),
        CHECK ((factor_set_id IS NULL) <> (reference_set_id IS NULL))
      )`);

    // C-4: factor rows and sets are never edited; reference data is never deleted either.
    await q.query(`
      CREATE FUNCTION emission_factors_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is immutable (C-4): % is not allowed; load a new set instead', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['reference.emission_factor_sets', 'reference.emission_factors']) {
      const name = table.replace('.', '_');
      await q.query(`
        CREATE TRIGGER ${name}_immutable BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION emission_factors_immutable()`);
      await q.query(`
        CREATE TRIGGER ${name}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION emission_factors_immutable()`);
    }
    for (const table of ['emission_factor_sets', 'emission_factors']) {
      await q.query(`
        CREATE TRIGGER ${table}_immutable BEFORE UPDATE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION emission_factors_immutable()`);
    }
    // The foreign key a tenant row cannot have on a reference table: the chosen reference set exists.
    await q.query(`
      CREATE FUNCTION emission_factor_selections_reference_exists() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.reference_set_id IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM reference.emission_factor_sets WHERE id = NEW.reference_set_id) THEN
          RAISE EXCEPTION 'reference emission factor set % does not exist', NEW.reference_set_id
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER emission_factor_selections_reference_exists BEFORE INSERT OR UPDATE ON emission_factor_selections
      FOR EACH ROW EXECUTE FUNCTION emission_factor_selections_reference_exists()`);

    // The defaults of domain §8, unverified until checked against the publications.
    const set = DEFAULT_FACTOR_SET;
    await q.query(
      `INSERT INTO reference.emission_factor_sets (id, name, version, description) VALUES ($1, $2, $3, $4)`,
      [DEFAULT_FACTOR_SET_UUID, set.id, set.version, set.description],
    );
    const insert = factorInsert('reference.emission_factors', ['factor_set_id']);
    await q.query(insert.sql, [DEFAULT_FACTOR_SET_UUID, ...insert.params(set.rows)]);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE emission_factor_selections`);
    await q.query(`DROP FUNCTION emission_factor_selections_reference_exists()`);
    await q.query(`DROP TABLE emission_factors`);
    await q.query(`DROP TABLE emission_factor_sets`);
    await q.query(`DROP TABLE reference.emission_factors`);
    await q.query(`DROP TABLE reference.emission_factor_sets`);
    await q.query(`DROP FUNCTION emission_factors_immutable()`);
    await q.query(`DROP SCHEMA reference`);
  }
}
