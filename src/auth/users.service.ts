import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditScope, AuditService } from '../audit/audit.service';
import { hashPassword, PasswordCost, passwordCost } from './passwords';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MembershipDto, UserDto } from './dto/auth-response.dto';
import { Role } from './principal';
import { User } from './user.entity';

export const userView = (user: User): UserDto => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  isPlatformAdmin: user.isPlatformAdmin,
  createdAt: user.createdAt,
});

@Injectable()
export class UsersService {
  /** How passwords are hashed here (cheaper under NODE_ENV=test only). */
  readonly passwordCost: PasswordCost;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.passwordCost = passwordCost(config.nodeEnv);
  }

  findById(id: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ id });
  }

  findByEmail(em: EntityManager, email: string, withPasswordHash = false): Promise<User | null> {
    const qb = em
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.email = :email', { email: email.toLowerCase() });
    if (withPasswordHash) qb.addSelect('u.passwordHash');
    return qb.getOne();
  }

  /**
   * Creates an account inside the caller's transaction and records it in the given audit chain. The
   * password is the person's own (they chose it, or the operator configured it): the account is claimed.
   */
  async create(
    em: EntityManager,
    scope: AuditScope,
    input: { email: string; displayName: string; password: string; isPlatformAdmin?: boolean },
  ): Promise<User> {
    const now = new Date();
    const user = em.create(User, {
      id: randomUUID(),
      email: input.email.toLowerCase(),
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password, this.passwordCost),
      isPlatformAdmin: input.isPlatformAdmin ?? false,
      tokenVersion: 0,
      claimedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await em.insert(User, user);
    await this.audit.record(em, scope, {
      action: 'create',
      entityType: 'user',
      entityId: user.id,
      after: userView(user),
    });
    return user;
  }

  /**
   * Sets the person's own password: the account is claimed, and tokens issued before stop working (a stolen
   * token does not outlive a password change). Recorded in the platform chain.
   */
  async setPassword(em: EntityManager, user: User, password: string, scope: AuditScope): Promise<User> {
    const changes = {
      passwordHash: await hashPassword(password, this.passwordCost),
      claimedAt: user.claimedAt ?? new Date(),
      tokenVersion: user.tokenVersion + 1,
      updatedAt: new Date(),
    };
    await em.update(User, { id: user.id }, changes);
    await this.audit.record(em, scope, {
      action: user.claimedAt ? 'update' : 'claim',
      entityType: 'user_password',
      entityId: user.id,
    });
    return Object.assign(user, changes);
  }

  /** The user's role in the named organization, or in up to two of theirs when none is named. */
  roles(userId: string, organizationId?: string): Promise<{ organizationId: string; role: Role }[]> {
    return this.dataSource.query(
      organizationId
        ? 'SELECT organization_id AS "organizationId", role FROM memberships WHERE user_id = $1 AND organization_id = $2'
        : 'SELECT organization_id AS "organizationId", role FROM memberships WHERE user_id = $1 LIMIT 2',
      organizationId ? [userId, organizationId] : [userId],
    );
  }

  /** Whether the person belonged to the organization once (its audit log records every membership). */
  async wasMember(userId: string, organizationId: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM audit_log WHERE organization_id = $1 AND entity_type = 'membership' AND entity_id = $2 LIMIT 1`,
      [organizationId, userId],
    );
    return rows.length > 0;
  }

  memberships(userId: string): Promise<MembershipDto[]> {
    return this.dataSource.query(
      `SELECT m.organization_id AS "organizationId", o.name AS "organizationName", m.role
       FROM memberships m JOIN organizations o ON o.id = m.organization_id
       WHERE m.user_id = $1 ORDER BY o.name, o.id`,
      [userId],
    );
  }
}
