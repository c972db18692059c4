import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditScope, AuditService, PLATFORM_CHAIN_ID } from '../audit/audit.service';
import { CurrentUserInfo, RequesterInfo } from '../auth/access.decorators';
import { AuthService } from '../auth/auth.service';
import { LoginResultDto } from '../auth/dto/auth-response.dto';
import { hashOneTimeToken, newOneTimeToken } from '../auth/one-time-token';
import { Principal, RequestContext } from '../auth/principal';
import { User } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { AppError, conflict, notFound } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import {
  AcceptInvitationDto,
  CreatedInvitationDto,
  CreateInvitationDto,
  InvitationDto,
  InvitationPageDto,
  InvitationQueryDto,
  InvitationStatus,
} from './dto/invitation.dto';
import { Invitation } from './invitation.entity';
import { memberView } from './member-view';
import { Membership } from './membership.entity';
import { Organization } from './organization.entity';

// Serializes what happens to one e-mail address (two invitations accepted at once create one account).
const ACCOUNT_LOCK_NAMESPACE = 7_301_006;

const invalidInvitation = () =>
  new AppError('INVITATION_INVALID', 'The invitation is unknown, expired, revoked or already accepted');

export function invitationStatus(i: Invitation, now = new Date()): InvitationStatus {
  if (i.acceptedAt) return 'accepted';
  if (i.revokedAt) return 'revoked';
  return i.expiresAt <= now ? 'expired' : 'pending';
}

const view = (i: Invitation): InvitationDto => ({
  id: i.id,
  email: i.email,
  role: i.role,
  status: invitationStatus(i),
  createdBy: i.createdBy,
  createdAt: i.createdAt,
  expiresAt: i.expiresAt,
  acceptedAt: i.acceptedAt,
  acceptedBy: i.acceptedBy,
  revokedAt: i.revokedAt,
});

/**
 * Joining an organization. An admin invites an e-mail with a role and passes the single-use token on;
 * the person accepts it with their own password (a new account) or as the account of that e-mail (signed
 * in, or by giving its password). Nobody ever sets or learns another person's password, a pending
 * invitation grants nothing, and inviting answers alike whether or not the e-mail has an account.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {}

  async list(ctx: RequestContext, query: InvitationQueryDto): Promise<InvitationPageDto> {
    const qb = this.dataSource
      .getRepository(Invitation)
      .createQueryBuilder('i')
      .where('i.organization_id = :org', { org: ctx.organizationId });
    const now = new Date();
    if (query.status === 'accepted') qb.andWhere('i.accepted_at IS NOT NULL');
    if (query.status === 'revoked') qb.andWhere('i.revoked_at IS NOT NULL');
    if (query.status === 'pending' || query.status === 'expired') {
      qb.andWhere('i.accepted_at IS NULL AND i.revoked_at IS NULL').andWhere(
        query.status === 'pending' ? 'i.expires_at > :now' : 'i.expires_at <= :now',
        { now },
      );
    }
    const [items, total] = await qb
      .orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { items: items.map(view), total, limit: query.limit, offset: query.offset };
  }

  /** An admin invites a person into the organization in context. */
  create(ctx: RequestContext, dto: CreateInvitationDto): Promise<CreatedInvitationDto> {
    return this.dataSource.transaction((em) => this.invite(em, ctx, dto));
  }

  /** A platform admin invites a person into any organization (its first admin, or a new one). */
  async createAsPlatformAdmin(
    user: CurrentUserInfo,
    organizationId: string,
    dto: CreateInvitationDto,
  ): Promise<CreatedInvitationDto> {
    return this.dataSource.transaction(async (em) => {
      if (!(await em.existsBy(Organization, { id: organizationId })))
        throw notFound('Organization', organizationId);
      return this.invite(em, platformScope(user, organizationId), dto);
    });
  }

  /**
   * Creates the invitation inside the caller's transaction. A pending invitation for the same e-mail is
   * revoked (a new token replaces a lost one). The answer is the same whether or not the e-mail has an
   * account anywhere; only membership of this organization is told (admins see their members anyway).
   */
  async invite(
    em: EntityManager,
    scope: AuditScope,
    dto: CreateInvitationDto,
  ): Promise<CreatedInvitationDto> {
    const email = dto.email.toLowerCase();
    const organizationId = scope.organizationId;
    const [member] = await em.query(
      `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 AND u.email = $2`,
      [organizationId, email],
    );
    if (member) throw conflict('ALREADY_MEMBER', `${email} is already a member`);
    const now = new Date();
    const open: Invitation[] = await em
      .getRepository(Invitation)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.organization_id = :organizationId AND i.email = :email', { organizationId, email })
      .andWhere('i.accepted_at IS NULL AND i.revoked_at IS NULL')
      .getMany();
    for (const previous of open) await this.markRevoked(em, scope, previous, now);

    const { token, hash } = newOneTimeToken('rli');
    const invitation = em.create(Invitation, {
      organizationId,
      id: randomUUID(),
      email,
      role: dto.role,
      tokenHash: hash,
      createdBy: scope.actor.type === 'user' ? scope.actor.id : null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.invitationTtlHours * 3_600_000),
      acceptedAt: null,
      acceptedBy: null,
      revokedAt: null,
    });
    await em.insert(Invitation, invitation);
    const result = view(invitation);
    await this.audit.record(em, scope, {
      action: 'create',
      entityType: 'invitation',
      entityId: invitation.id,
      after: result,
    });
    return { ...result, token };
  }

  async revoke(ctx: RequestContext, id: string): Promise<InvitationDto> {
    return this.dataSource.transaction(async (em) => {
      const invitation = await em.findOne(Invitation, {
        where: { organizationId: ctx.organizationId, id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!invitation) throw notFound('Invitation', id);
      if (invitation.acceptedAt) throw conflict('INVITATION_ACCEPTED', 'The invitation was accepted already');
      if (!invitation.revokedAt) await this.markRevoked(em, ctx, invitation, new Date());
      return view(invitation);
    });
  }

  /**
   * Accepts an invitation: as the signed-in account of the invitation's e-mail, or with a password (the
   * new account's, or the existing account's: accepting then signs in). Answers with a signed-in session.
   */
  async accept(
    signedIn: Extract<Principal, { kind: 'user' }> | null,
    dto: AcceptInvitationDto,
    requester: RequesterInfo,
  ): Promise<LoginResultDto> {
    // Asked before anything is looked up, so the answer tells nothing about the e-mail's account.
    if (!signedIn && dto.password === undefined) {
      const message = 'password is required unless you are signed in';
      throw new AppError('VALIDATION_FAILED', message, [{ path: 'password', code: 'isDefined', message }]);
    }
    const user = await this.dataSource.transaction(async (em) => {
      const invitation = await em
        .getRepository(Invitation)
        .createQueryBuilder('i')
        .setLock('pessimistic_write')
        .where('i.token_hash = :hash', { hash: hashOneTimeToken(dto.token) })
        .getOne();
      if (!invitation || invitationStatus(invitation) !== 'pending') throw invalidInvitation();
      // An admin removed or demoted since inviting cannot keep a way back in through a pending invitation.
      if (!(await this.inviterMayStillInvite(em, invitation))) throw invalidInvitation();
      await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        ACCOUNT_LOCK_NAMESPACE,
        invitation.email,
      ]);
      const account = await this.accountFor(em, invitation, signedIn, dto, requester);
      await this.join(em, invitation, account, requester.requestId);
      return account;
    });
    return this.auth.session(user);
  }

  private async accountFor(
    em: EntityManager,
    invitation: Invitation,
    signedIn: Extract<Principal, { kind: 'user' }> | null,
    dto: AcceptInvitationDto,
    requester: RequesterInfo,
  ): Promise<User> {
    if (signedIn) {
      if (signedIn.email !== invitation.email) {
        throw new AppError(
          'INVITATION_FOR_ANOTHER_ACCOUNT',
          'This invitation is for another e-mail address: accept it signed out, or as that account',
        );
      }
      return em.findOneByOrFail(User, { id: signedIn.userId });
    }
    const existing = await this.users.findByEmail(em, invitation.email);
    if (existing) {
      return this.auth.verifyCredentials(em, invitation.email, dto.password!, requester.clientAddress);
    }
    return this.users.create(
      em,
      {
        organizationId: PLATFORM_CHAIN_ID,
        actor: { type: 'system', id: null, label: `invitation ${invitation.id}` },
        requestId: requester.requestId,
      },
      {
        email: invitation.email,
        displayName: dto.displayName ?? invitation.email.split('@')[0],
        password: dto.password!,
      },
    );
  }

  private async join(
    em: EntityManager,
    invitation: Invitation,
    user: User,
    requestId: string,
  ): Promise<void> {
    const { organizationId } = invitation;
    if (await em.existsBy(Membership, { organizationId, userId: user.id })) {
      throw conflict('ALREADY_MEMBER', `${user.email} is already a member`);
    }
    const now = new Date();
    const membership = em.create(Membership, {
      organizationId,
      userId: user.id,
      role: invitation.role,
      createdAt: now,
      updatedAt: now,
    });
    await em.insert(Membership, membership);
    const before = view(invitation);
    Object.assign(invitation, { acceptedAt: now, acceptedBy: user.id });
    await em.update(
      Invitation,
      { organizationId, id: invitation.id },
      { acceptedAt: now, acceptedBy: user.id },
    );
    const scope: AuditScope = {
      organizationId,
      actor: { type: 'user', id: user.id, label: user.email },
      requestId,
    };
    await this.audit.record(em, scope, {
      action: 'accept',
      entityType: 'invitation',
      entityId: invitation.id,
      before,
      after: view(invitation),
    });
    await this.audit.record(em, scope, {
      action: 'create',
      entityType: 'membership',
      entityId: user.id,
      after: memberView(membership, user),
    });
  }

  /**
   * Revokes the pending invitations a member created, when they stop being an admin (demoted or removed):
   * they cannot leave a way back in behind them. Inside the caller's transaction, each revocation audited.
   */
  async revokeInvitationsOf(em: EntityManager, scope: AuditScope, inviterId: string): Promise<void> {
    const pending = await em
      .getRepository(Invitation)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.organization_id = :org AND i.created_by = :inviterId', {
        org: scope.organizationId,
        inviterId,
      })
      .andWhere('i.accepted_at IS NULL AND i.revoked_at IS NULL')
      .getMany();
    const now = new Date();
    for (const invitation of pending) await this.markRevoked(em, scope, invitation, now);
  }

  /** The inviter is still an admin of the organization, or a platform admin. */
  private async inviterMayStillInvite(em: EntityManager, invitation: Invitation): Promise<boolean> {
    if (!invitation.createdBy) return false;
    const [row] = await em.query(
      `SELECT u.is_platform_admin OR EXISTS (
         SELECT 1 FROM memberships m WHERE m.organization_id = $1 AND m.user_id = u.id AND m.role = 'admin'
       ) AS ok
       FROM users u WHERE u.id = $2`,
      [invitation.organizationId, invitation.createdBy],
    );
    return row?.ok === true;
  }

  private async markRevoked(
    em: EntityManager,
    scope: AuditScope,
    invitation: Invitation,
    now: Date,
  ): Promise<void> {
    const before = view(invitation);
    invitation.revokedAt = now;
    await em.update(
      Invitation,
      { organizationId: invitation.organizationId, id: invitation.id },
      { revokedAt: now },
    );
    await this.audit.record(em, scope, {
      action: 'revoke',
      entityType: 'invitation',
      entityId: invitation.id,
      before,
      after: view(invitation),
    });
  }
}

/** A platform admin acting in an organization they need not belong to. */
export const platformScope = (user: CurrentUserInfo, organizationId: string): AuditScope => ({
  organizationId,
  actor: { type: 'user', id: user.userId, label: user.email },
  requestId: user.requestId,
});
