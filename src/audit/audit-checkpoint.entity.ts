import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CheckpointReason } from './checkpoint';

/** One signed statement of a chain's head at a moment (append-only; see checkpoint.ts and docs/audit-log.md). */
@Entity({ name: 'audit_checkpoints' })
export class AuditCheckpoint {
  /** The chain: an organization id, or the nil uuid of the platform chain. */
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  /** Position among the chain's checkpoints, from 1. */
  @PrimaryColumn('bigint')
  seq: string;

  @Column('bigint', { name: 'head_seq' })
  headSeq: string;

  @Column('char', { name: 'head_hash', length: 64 })
  headHash: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('text')
  reason: CheckpointReason;

  @Column('text', { name: 'key_id' })
  keyId: string;

  @Column('text')
  signature: string;
}
