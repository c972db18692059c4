import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person who signs in. Global: one user may be a member of several organizations. */
@Entity({ name: 'users' })
export class User {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  email: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('text', { name: 'password_hash', select: false })
  passwordHash: string;

  @Column('boolean', { name: 'is_platform_admin', default: false })
  isPlatformAdmin: boolean;

  /** Carried in access tokens; a password change increments it, so earlier tokens stop working. */
  @Column('integer', { name: 'token_version', default: 0 })
  tokenVersion: number;

  /**
   * When the person set their own password. An account whose password someone else chose (created by an
   * organization admin before invitations existed) is not claimed and cannot sign in.
   */
  @Column('timestamptz', { name: 'claimed_at', nullable: true })
  claimedAt: Date | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
