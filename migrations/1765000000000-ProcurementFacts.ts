import { MigrationInterface, QueryRunner } from 'typeorm';
import { AuditService, type AuditScope } from '../src/audit/audit.service';

/** Who the audit log says made the data changes of this migration. */
const ACTOR_LABEL = 'migration ProcurementFacts1765000000000';
const REVERT_LABEL = 'migration ProcurementFacts1765000000000 (revert)';

/** The columns of a contract's API view (ContractDto) as of this migration, the shape its audit entries keep. */
const CONTRACT_VIEW = `
  SELECT c.organization_id AS "organizationId", c.id, c.method, c.kr_tag AS "krTag", c.counterparty,
         c.start_date::text AS "startDate", c.end_date::text AS "endDate", c.signed_date::text AS "signedDate",
         c.expected_annual_wh::text AS "expectedAnnualWh", c.eacs_conveyed AS "eacsConveyed",
         c.consumption_market AS "consumptionMarket", c.grandfathering_justification AS "grandfatheringJustification",
         c.long_term AS "longTerm", c.project_specific AS "projectSpecific", c.first_offtaker AS "firstOfftaker",
         c.trial_operation_end_date::text AS "trialOperationEndDate", c.equity_stake AS "equityStake",
         c.passive_basis AS "passiveBasis", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
         array(SELECT f.facility_id::text FROM contract_facilities f
               WHERE f.organization_id = c.organization_id AND f.contract_id = c.id ORDER BY 1) AS "facilityIds",
         array(SELECT s.site_id::text FROM contract_sites s
               WHERE s.organization_id = c.organization_id AND s.contract_id = c.id ORDER BY 1) AS "siteIds"
  FROM contracts c`;

type ContractView = Record<string, unknown> & { organizationId: string; id: string; updatedAt: Date };

/**
 * The facts the RE100 engine judges claims by (docs/rules.md):
 * - contracts: the three conditions of the PPA age exemption from 2024 (`long_term`, `project_specific`,
 *   `first_offtaker`, RE100-AGE-2 corrected), a trial operation's end (V5-AGE-1), an equity stake
 *   (`equity_stake`, only on a PPA or a REC purchase) and what default-delivered certificates rest on
 *   (`passive_basis`, only on DEFAULT_DELIVERED, V5-PASSIVE-1);
 * - generation_facilities: biomass co-fired with coal (V5-COAL-1);
 * - certificates: J-Credits and carbon offsets may be recorded, so that a claim on one gets the engine's reason
 *   (RE100-CLAIM-4) instead of a refused row;
 * - evidence_files: what a file shows (`kind`); a certificate's CANCELLATION_STATEMENT is its cancellation
 *   evidence (V5-CANCEL-1). Files already stored become OTHER: nothing shows they are cancellation statements;
 * - organizations: the choice to exclude every immaterial market (RE100-SCOPE-2).
 *
 * `KR_EQUITY_INVESTMENT` is no longer a Korean tag: an equity stake counts only together with a PPA or a REC
 * purchase from the same plant (domain.md §1, corrected). Contracts that carry it are converted to the
 * conservative reading, a REC purchase with an equity stake (`UNBUNDLED_EAC`, `KR_REC_PURCHASE`,
 * `equity_stake`): its claims then need retired certificates to count. Each conversion is appended to the
 * organization's audit chain, through the same code as every other change (the chain stays verifiable; entries
 * are only ever appended), by the system actor named `ACTOR_LABEL`. `down` uses those entries to put back the
 * method each converted contract had, where the contract is still as converted; equity stakes recorded
 * after this migration have no place in the older schema and are dropped with the column.
 */
export class ProcurementFacts1765000000000 implements MigrationInterface {
  name = 'ProcurementFacts1765000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contracts
        ADD COLUMN long_term boolean NOT NULL DEFAULT false,
        ADD COLUMN project_specific boolean NOT NULL DEFAULT false,
        ADD COLUMN first_offtaker boolean NOT NULL DEFAULT false,
        ADD COLUMN trial_operation_end_date date,
        ADD COLUMN equity_stake boolean NOT NULL DEFAULT false,
        ADD COLUMN passive_basis text CONSTRAINT contracts_passive_basis_check
          CHECK (passive_basis IN ('SUPPLIER_PRO_RATA', 'MANDATE_ONLY'))`);

    await this.convertEquityInvestments(q);

    await q.query(`
      ALTER TABLE contracts
        DROP CONSTRAINT contracts_kr_tag_check,
        ADD CONSTRAINT contracts_kr_tag_check CHECK (kr_tag IN
          ('KR_GREEN_PREMIUM', 'KR_REC_PURCHASE', 'KR_THIRD_PARTY_PPA', 'KR_DIRECT_PPA', 'KR_SELF_GEN')),
        -- An equity stake counts only with a type-2 PPA or a type-4 REC purchase from the plant.
        ADD CONSTRAINT contracts_equity_stake_method_check
          CHECK (NOT equity_stake OR method IN ('PPA_PHYSICAL', 'PPA_VIRTUAL', 'UNBUNDLED_EAC')),
        -- V5-PASSIVE-1: what default-delivered (type 5) certificates rest on.
        ADD CONSTRAINT contracts_passive_basis_method_check
          CHECK (passive_basis IS NULL OR method = 'DEFAULT_DELIVERED')`);

    await q.query(
      `ALTER TABLE generation_facilities ADD COLUMN coal_cofiring boolean NOT NULL DEFAULT false`,
    );

    await q.query(`
      ALTER TABLE certificates
        DROP CONSTRAINT certificates_instrument_type_check,
        ADD CONSTRAINT certificates_instrument_type_check CHECK (instrument_type IN
          ('US_REC', 'GO', 'REGO_UK', 'I_REC', 'TIGR', 'K_REC', 'JP_NFC_TRACKED', 'JP_NFC_NON_FIT',
           'GRANULAR_CERT', 'CONTRACT_ONLY', 'J_CREDIT', 'CARBON_OFFSET'))`);

    await q.query(`
      ALTER TABLE evidence_files ADD COLUMN kind text NOT NULL DEFAULT 'OTHER' CONSTRAINT evidence_files_kind_check
        CHECK (kind IN ('CANCELLATION_STATEMENT', 'CONTRACT', 'SUSTAINABILITY', 'OTHER'))`);

    await q.query(
      `ALTER TABLE organizations ADD COLUMN re100_exclude_immaterial_markets boolean NOT NULL DEFAULT false`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const [{ count }] = await q.query(
      `SELECT count(*)::int AS count FROM certificates WHERE instrument_type IN ('J_CREDIT', 'CARBON_OFFSET')`,
    );
    if (count > 0) {
      throw new Error(
        `Cannot revert ${this.name}: ${count} certificates are J_CREDIT or CARBON_OFFSET, which the earlier ` +
          'schema cannot hold; delete them through the API first',
      );
    }
    await q.query(`ALTER TABLE organizations DROP COLUMN re100_exclude_immaterial_markets`);
    await q.query(`ALTER TABLE evidence_files DROP COLUMN kind`);
    await q.query(`
      ALTER TABLE certificates
        DROP CONSTRAINT certificates_instrument_type_check,
        ADD CONSTRAINT certificates_instrument_type_check CHECK (instrument_type IN
          ('US_REC', 'GO', 'REGO_UK', 'I_REC', 'TIGR', 'K_REC', 'JP_NFC_TRACKED', 'JP_NFC_NON_FIT',
           'GRANULAR_CERT', 'CONTRACT_ONLY'))`);
    await q.query(`ALTER TABLE generation_facilities DROP COLUMN coal_cofiring`);
    await q.query(`
      ALTER TABLE contracts
        DROP CONSTRAINT contracts_passive_basis_method_check,
        DROP CONSTRAINT contracts_equity_stake_method_check,
        DROP CONSTRAINT contracts_kr_tag_check,
        ADD CONSTRAINT contracts_kr_tag_check CHECK (kr_tag IN ('KR_GREEN_PREMIUM', 'KR_REC_PURCHASE',
          'KR_THIRD_PARTY_PPA', 'KR_DIRECT_PPA', 'KR_EQUITY_INVESTMENT', 'KR_SELF_GEN'))`);
    await this.restoreEquityInvestments(q);
    await q.query(`
      ALTER TABLE contracts
        DROP COLUMN passive_basis, DROP COLUMN equity_stake, DROP COLUMN trial_operation_end_date,
        DROP COLUMN first_offtaker, DROP COLUMN project_specific, DROP COLUMN long_term`);
  }

  /** KR_EQUITY_INVESTMENT → a REC purchase with an equity stake, each audited in its organization's chain. */
  private async convertEquityInvestments(q: QueryRunner): Promise<void> {
    const contracts: ContractView[] = await q.query(
      `${CONTRACT_VIEW} WHERE c.kr_tag = 'KR_EQUITY_INVESTMENT' ORDER BY c.organization_id, c.id FOR UPDATE OF c`,
    );
    await this.change(q, ACTOR_LABEL, contracts, {
      method: 'UNBUNDLED_EAC',
      krTag: 'KR_REC_PURCHASE',
      equityStake: true,
    });
  }

  /** The contracts `up` converted and nobody changed since get their tag and method back, audited. */
  private async restoreEquityInvestments(q: QueryRunner): Promise<void> {
    const converted: { organizationId: string; id: string; method: string }[] = await q.query(
      `SELECT DISTINCT ON (organization_id, entity_id)
              organization_id AS "organizationId", entity_id AS id, before ->> 'method' AS method
       FROM audit_log
       WHERE actor_type = 'system' AND actor_label = $1 AND action = 'update' AND entity_type = 'contract'
         AND before ->> 'krTag' = 'KR_EQUITY_INVESTMENT'
       ORDER BY organization_id, entity_id, seq DESC`,
      [ACTOR_LABEL],
    );
    for (const { organizationId, id, method } of converted) {
      const contracts: ContractView[] = await q.query(
        `${CONTRACT_VIEW} WHERE c.organization_id = $1 AND c.id::text = $2 AND c.method = 'UNBUNDLED_EAC'
           AND c.kr_tag = 'KR_REC_PURCHASE' AND c.equity_stake FOR UPDATE OF c`,
        [organizationId, id],
      );
      await this.change(q, REVERT_LABEL, contracts, {
        method,
        krTag: 'KR_EQUITY_INVESTMENT',
        equityStake: false,
      });
    }
  }

  private async change(
    q: QueryRunner,
    label: string,
    contracts: ContractView[],
    to: { method: string; krTag: string; equityStake: boolean },
  ): Promise<void> {
    const audit = new AuditService(q.connection);
    for (const before of contracts) {
      const updatedAt = new Date();
      await q.query(
        `UPDATE contracts SET method = $3, kr_tag = $4, equity_stake = $5, updated_at = $6
         WHERE organization_id = $1 AND id = $2`,
        [before.organizationId, before.id, to.method, to.krTag, to.equityStake, updatedAt],
      );
      const scope: AuditScope = {
        organizationId: before.organizationId,
        actor: { type: 'system', id: null, label },
        requestId: null,
      };
      await audit.record(q.manager, scope, {
        action: 'update',
        entityType: 'contract',
        entityId: before.id,
        before,
        after: { ...before, ...to, updatedAt },
      });
    }
  }
}
