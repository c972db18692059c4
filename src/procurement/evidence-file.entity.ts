import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What an evidence file shows. A certificate's CANCELLATION_STATEMENT (the registry's statement that it was
 * cancelled for the organization) is the cancellation evidence the v5.0 criteria ask for in some markets
 * (docs/rules.md#v5-cancel-1); SUSTAINABILITY documents hydro or biomass sustainability.
 */
export const EVIDENCE_KINDS = ['CANCELLATION_STATEMENT', 'CONTRACT', 'SUSTAINABILITY', 'OTHER'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * A file that documents a contract or a certificate (domain §5: the registry's retirement statement, the
 * signed PPA). The bytes are kept in PostgreSQL with their size and SHA-256, which the schema re-checks.
 */
@Entity({ name: 'evidence_files' })
export class EvidenceFile {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  @PrimaryColumn('uuid')
  id: string;

  /** The contract documented, or … */
  @Column('uuid', { name: 'contract_id', nullable: true })
  contractId: string | null;

  /** … the certificate (exactly one of the two). */
  @Column('uuid', { name: 'certificate_id', nullable: true })
  certificateId: string | null;

  /** The uploader's file name, without any path. */
  @Column('text')
  filename: string;

  /** PDF, PNG, JPEG, CSV, plain text or XLSX; the content was checked to agree. */
  @Column('text', { name: 'content_type' })
  contentType: string;

  @Column('integer', { name: 'size_bytes' })
  sizeBytes: number;

  /** SHA-256 of the content, hex. */
  @Column('char', { length: 64 })
  sha256: string;

  @Column('text', { nullable: true })
  description: string | null;

  /**
   * What the file shows: CANCELLATION_STATEMENT (a certificate's cancellation evidence,
   * docs/rules.md#v5-cancel-1), CONTRACT, SUSTAINABILITY or OTHER (the default).
   */
  @Column('text', { default: 'OTHER' })
  kind: EvidenceKind;

  /** The bytes; read only to download. */
  @Column('bytea', { select: false })
  content: Buffer;

  @Column('uuid', { name: 'uploaded_by', nullable: true })
  uploadedBy: string | null;

  @Column('timestamptz', { name: 'uploaded_at', default: () => 'now()' })
  uploadedAt: Date;
}
