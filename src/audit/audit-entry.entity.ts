import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One append-only entry of an organization's hash-chained audit log (invariant 6). */
@Entity({ name: 'audit_log' })
export class AuditEntry {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  /** Position in the organization's chain, from 1. */
  @PrimaryColumn('bigint')
  seq: string;

  @Column('timestamptz')
  at: Date;

  @Column('text', { name: 'actor_type' })
  actorType: 'user' | 'api_key' | 'system';

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text', { name: 'actor_label' })
  actorLabel: string;

  @Column('text')
  action: string;

  @Column('text', { name: 'entity_type' })
  entityType: string;

  @Column('text', { name: 'entity_id' })
  entityId: string;

  @Column('jsonb', { nullable: true })
  before: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  after: Record<string, unknown> | null;

  @Column('text', { name: 'request_id', nullable: true })
  requestId: string | null;

  @Column('char', { name: 'prev_hash', length: 64 })
  prevHash: string;

  @Column('char', { length: 64 })
  hash: string;
}
