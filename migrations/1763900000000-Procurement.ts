import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Renewable procurement: generation facilities, contracts, energy attribute certificates (serial ranges
 * that never overlap within a registry, invariant 3), claims that allocate them to a reporting year and
 * market (never beyond a certificate's volume, invariant 4), and the RE100 market boundaries as dated
 * reference rows (RE100-MB-1..4).
 */
export class Procurement1763900000000 implements MigrationInterface {
  name = 'Procurement1763900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    // Shared reference data: never references tenant rows.
    await q.query(`
      CREATE TABLE market_boundaries (
        ruleset text NOT NULL,
        country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        market text NOT NULL,
        valid_from date,
        valid_to date,
        PRIMARY KEY (ruleset, country, market),
        CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from)
      )`);
    // RE100 technical criteria v4.1: Europe is one market of the AIB members in the EU single market that
    // are grid-connected to another (MB-3), USA and Canada are one (MB-2); every other country, including
    // the v4.1 exceptions BG, CY, IE, MT, PL, RO, RS and GB, is its own market (MB-4) and needs no row.
    const europe = 'AT BE HR CZ DK EE FI FR DE GR HU IT LV LT LU NL NO PT SK SI ES SE'.split(' ');
    const rows = [...europe.map((c) => [c, 'EU']), ['US', 'US-CA'], ['CA', 'US-CA']];
    await q.query(
      `INSERT INTO market_boundaries (ruleset, country, market) SELECT 'RE100_TC_v4_1', c, m
       FROM unnest($1::text[], $2::text[]) AS t(c, m)`,
      [rows.map((r) => r[0]), rows.map((r) => r[1])],
    );

    await q.query(`
      CREATE TABLE generation_facilities (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        name text NOT NULL,
        registry_facility_id text,
        country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        grid_region text,
        technology text NOT NULL CHECK (technology IN
          ('WIND', 'SOLAR', 'GEOTHERMAL', 'HYDRO', 'BIOMASS', 'NUCLEAR', 'FOSSIL', 'STORAGE', 'HYDROGEN')),
        capacity_mw numeric(12, 3) CHECK (capacity_mw > 0),
        commissioning_date date NOT NULL,
        repowering_date date,
        sustainability_evidence boolean NOT NULL DEFAULT false,
        sustainability_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        UNIQUE (organization_id, name),
        CHECK (repowering_date IS NULL OR repowering_date >= commissioning_date)
      )`);
    // Self-generation facilities and the organization's generation meters that measure them.
    await q.query(`
      CREATE TABLE facility_meters (
        organization_id uuid NOT NULL,
        facility_id uuid NOT NULL,
        meter_id uuid NOT NULL,
        PRIMARY KEY (organization_id, facility_id, meter_id),
        FOREIGN KEY (organization_id, facility_id) REFERENCES generation_facilities (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, meter_id) REFERENCES meters (organization_id, id)
      )`);

    await q.query(`
      CREATE TABLE contracts (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        method text NOT NULL CHECK (method IN ('SELF_GEN_OWNED', 'SELF_GEN_THIRD_PARTY', 'PPA_PHYSICAL', 'PPA_VIRTUAL',
                                               'SUPPLIER_GREEN_TARIFF', 'UNBUNDLED_EAC', 'DEFAULT_DELIVERED')),
        kr_tag text CHECK (kr_tag IN ('KR_GREEN_PREMIUM', 'KR_REC_PURCHASE', 'KR_THIRD_PARTY_PPA', 'KR_DIRECT_PPA',
                                      'KR_EQUITY_INVESTMENT', 'KR_SELF_GEN')),
        counterparty text NOT NULL,
        start_date date NOT NULL,
        end_date date,
        signed_date date NOT NULL,
        expected_annual_wh bigint CHECK (expected_annual_wh >= 0),
        eacs_conveyed boolean NOT NULL,
        consumption_market text,
        grandfathering_justification text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        CHECK (end_date IS NULL OR end_date > start_date)
      )`);
    await q.query(`
      CREATE TABLE contract_facilities (
        organization_id uuid NOT NULL,
        contract_id uuid NOT NULL,
        facility_id uuid NOT NULL,
        PRIMARY KEY (organization_id, contract_id, facility_id),
        FOREIGN KEY (organization_id, contract_id) REFERENCES contracts (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, facility_id) REFERENCES generation_facilities (organization_id, id)
      )`);
    await q.query(`
      CREATE TABLE contract_sites (
        organization_id uuid NOT NULL,
        contract_id uuid NOT NULL,
        site_id uuid NOT NULL,
        PRIMARY KEY (organization_id, contract_id, site_id),
        FOREIGN KEY (organization_id, contract_id) REFERENCES contracts (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, site_id) REFERENCES sites (organization_id, id)
      )`);

    // One row per serial range. The numeric range carries the serial numbers for the overlap check.
    await q.query(`
      CREATE TABLE certificates (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        registry text NOT NULL,
        instrument_type text NOT NULL CHECK (instrument_type IN ('US_REC', 'GO', 'REGO_UK', 'I_REC', 'TIGR', 'K_REC',
                                              'JP_NFC_TRACKED', 'JP_NFC_NON_FIT', 'GRANULAR_CERT', 'CONTRACT_ONLY')),
        serial_start text,
        serial_end text,
        serial_range numrange,
        volume_wh bigint NOT NULL CHECK (volume_wh > 0),
        rec_count integer CHECK (rec_count > 0),
        facility_id uuid NOT NULL,
        vintage_start date NOT NULL,
        vintage_end date NOT NULL,
        issuance_date date,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'RETIRED', 'TRANSFERRED', 'EXPIRED')),
        cancellation_date date,
        beneficiary text,
        consumption_country char(2) CHECK (consumption_country ~ '^[A-Z]{2}$'),
        consumption_period_start date,
        consumption_period_end date,
        contract_id uuid,
        evidence_url text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, facility_id) REFERENCES generation_facilities (organization_id, id),
        FOREIGN KEY (organization_id, contract_id) REFERENCES contracts (organization_id, id),
        CHECK (vintage_end >= vintage_start),
        CHECK (status <> 'RETIRED' OR cancellation_date IS NOT NULL),
        CHECK ((serial_range IS NULL) = (instrument_type = 'CONTRACT_ONLY')),
        -- Invariant 3: serial ranges never overlap within a registry.
        EXCLUDE USING gist (organization_id WITH =, registry WITH =, serial_range WITH &&)
      )`);

    // Claims: a certificate (or measured self-generation / physical delivery) allocated to a year and market.
    await q.query(`
      CREATE TABLE allocations (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('certificate', 'self_generation', 'physical_delivery')),
        certificate_id uuid,
        contract_id uuid,
        facility_id uuid,
        reporting_year smallint NOT NULL CHECK (reporting_year BETWEEN 2000 AND 2100),
        consumption_market text NOT NULL,
        site_ids uuid[] NOT NULL DEFAULT '{}',
        volume_wh bigint NOT NULL CHECK (volume_wh > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid,
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, certificate_id) REFERENCES certificates (organization_id, id),
        FOREIGN KEY (organization_id, contract_id) REFERENCES contracts (organization_id, id),
        FOREIGN KEY (organization_id, facility_id) REFERENCES generation_facilities (organization_id, id),
        CHECK ((kind = 'certificate') = (certificate_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX allocations_certificate_idx ON allocations (organization_id, certificate_id)`);
    await q.query(`CREATE INDEX allocations_year_idx ON allocations (organization_id, reporting_year)`);

    // Invariant 4, enforced by the database itself: each insert or update locks the certificate row, so
    // concurrent allocations of its last MWh take turns and the second finds nothing left.
    await q.query(`
      CREATE FUNCTION allocations_within_volume() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        available bigint;
        allocated bigint;
      BEGIN
        IF NEW.certificate_id IS NULL THEN
          RETURN NEW;
        END IF;
        SELECT volume_wh INTO available FROM certificates
          WHERE organization_id = NEW.organization_id AND id = NEW.certificate_id FOR UPDATE;
        SELECT coalesce(sum(volume_wh), 0) INTO allocated FROM allocations
          WHERE organization_id = NEW.organization_id AND certificate_id = NEW.certificate_id AND id <> NEW.id;
        IF allocated + NEW.volume_wh > available THEN
          RAISE EXCEPTION 'certificate % over-allocated: % Wh allocated, % Wh requested, % Wh in the certificate',
            NEW.certificate_id, allocated, NEW.volume_wh, available
            USING ERRCODE = 'P0001', HINT = 'CERTIFICATE_OVER_ALLOCATED';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER allocations_within_volume BEFORE INSERT OR UPDATE ON allocations
      FOR EACH ROW EXECUTE FUNCTION allocations_within_volume()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE allocations`);
    await q.query(`DROP FUNCTION allocations_within_volume()`);
    await q.query(`DROP TABLE certificates`);
    await q.query(`DROP TABLE contract_sites`);
    await q.query(`DROP TABLE contract_facilities`);
    await q.query(`DROP TABLE contracts`);
    await q.query(`DROP TABLE facility_meters`);
    await q.query(`DROP TABLE generation_facilities`);
    await q.query(`DROP TABLE market_boundaries`);
  }
}
