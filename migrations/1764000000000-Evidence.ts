import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence files of contracts and certificates (domain §5): metadata and content in one row, the content
 * checked against its size and SHA-256 by the schema. Evidence is deleted explicitly (and audited), so a
 * contract or certificate that has some cannot be deleted (409 `IN_USE`).
 */
export class Evidence1764000000000 implements MigrationInterface {
  name = 'Evidence1764000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evidence_files (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        contract_id uuid,
        certificate_id uuid,
        filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
        content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv', 'text/plain')),
        size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
        sha256 char(64) NOT NULL,
        description text,
        content bytea NOT NULL,
        uploaded_by uuid,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, contract_id) REFERENCES contracts (organization_id, id),
        FOREIGN KEY (organization_id, certificate_id) REFERENCES certificates (organization_id, id),
        CHECK ((contract_id IS NULL) <> (certificate_id IS NULL)),
        CHECK (size_bytes = octet_length(content)),
        CHECK (sha256 = encode(sha256(content), 'hex'))
      )`);
    await q.query(
      `CREATE INDEX evidence_files_contract_idx ON evidence_files (organization_id, contract_id)
       WHERE contract_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX evidence_files_certificate_idx ON evidence_files (organization_id, certificate_id)
       WHERE certificate_id IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE evidence_files`);
  }
}
