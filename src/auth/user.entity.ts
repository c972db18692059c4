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

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
