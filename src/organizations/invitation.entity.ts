import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../auth/principal';

/** An invitation to join an organization with a role: grants nothing until the person accepts it. */
@Entity({ name: 'invitations' })
export class Invitation {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  email: string;

  @Column('text')
  role: Role;

  /** SHA-256 of the single-use token; the token itself is shown once, to the inviting admin. */
  @Column('char', { name: 'token_hash', length: 64, select: false })
  tokenHash: string;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'accepted_at', nullable: true })
  acceptedAt: Date | null;

  @Column('uuid', { name: 'accepted_by', nullable: true })
  acceptedBy: string | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
