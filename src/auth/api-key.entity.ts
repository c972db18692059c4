import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A machine credential of one organization, allowed only to write readings. Its secret is kept hashed. */
@Entity({ name: 'api_keys' })
export class ApiKey {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** The public part of the key, shown in lists to tell keys apart. */
  @Column('text')
  prefix: string;

  @Column('text', { name: 'secret_hash', select: false })
  secretHash: string;

  @Column('text', { array: true, default: () => "'{readings:write}'" })
  permissions: string[];

  /** True when the key may write every meter of the organization; else only the meters listed for it. */
  @Column('boolean', { name: 'all_meters' })
  allMeters: boolean;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
