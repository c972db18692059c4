import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../auth/principal';
import { User } from '../auth/user.entity';
import { AppError, notFound } from '../common/app-error';
import { PageQueryDto } from '../common/page-query.dto';
import { UpdateMemberDto } from './dto/member.dto';
import { MemberDto, MemberPageDto } from './dto/organization-response.dto';
import { InvitationsService } from './invitations.service';
import { memberView } from './member-view';
import { Membership } from './membership.entity';

@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly invitations: InvitationsService,
  ) {}

  async list(ctx: RequestContext, page: PageQueryDto): Promise<MemberPageDto> {
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT m.user_id AS "userId", u.email, u.display_name AS "displayName", m.role,
                m.created_at AS "createdAt", m.updated_at AS "updatedAt"
         FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.organization_id = $1 ORDER BY u.email LIMIT $2 OFFSET $3`,
        [ctx.organizationId, page.limit, page.offset],
      ),
      this.dataSource.query('SELECT count(*)::int AS total FROM memberships WHERE organization_id = $1', [
        ctx.organizationId,
      ]),
    ]);
    return { items: rows, total, limit: page.limit, offset: page.offset };
  }

  async updateRole(ctx: RequestContext, userId: string, dto: UpdateMemberDto): Promise<MemberDto> {
    return this.dataSource.transaction(async (em) => {
      const { membership, user } = await this.lockMember(em, ctx, userId);
      const before = memberView(membership, user);
      if (membership.role === dto.role) return before;
      if (membership.role === 'admin') await this.keepOneAdmin(em, ctx);
      membership.role = dto.role;
      membership.updatedAt = new Date();
      await em.update(
        Membership,
        { organizationId: ctx.organizationId, userId },
        { role: dto.role, updatedAt: membership.updatedAt },
      );
      const after = memberView(membership, user);
      await this.audit.record(em, ctx, {
        action: 'update',
        entityType: 'membership',
        entityId: userId,
        before,
        after,
      });
      if (before.role === 'admin') await this.invitations.revokeInvitationsOf(em, ctx, userId);
      return after;
    });
  }

  async remove(ctx: RequestContext, userId: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const { membership, user } = await this.lockMember(em, ctx, userId);
      if (membership.role === 'admin') await this.keepOneAdmin(em, ctx);
      await em.delete(Membership, { organizationId: ctx.organizationId, userId });
      await this.audit.record(em, ctx, {
        action: 'delete',
        entityType: 'membership',
        entityId: userId,
        before: memberView(membership, user),
      });
      if (membership.role === 'admin') await this.invitations.revokeInvitationsOf(em, ctx, userId);
    });
  }

  /**
   * Locks every membership of the organization, so two admins demoting each other cannot leave none, then
   * checks that the caller is still an admin: the guard read the role before this transaction began.
   */
  private async lockMemberships(em: EntityManager, ctx: RequestContext): Promise<void> {
    const rows: { user_id: string; role: string }[] = await em.query(
      'SELECT user_id, role FROM memberships WHERE organization_id = $1 FOR UPDATE',
      [ctx.organizationId],
    );
    if (ctx.actor.type === 'user' && rows.find((r) => r.user_id === ctx.actor.id)?.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'You are no longer an admin of this organization');
    }
  }

  private async lockMember(em: EntityManager, ctx: RequestContext, userId: string) {
    await this.lockMemberships(em, ctx);
    const membership = await em.findOneBy(Membership, { organizationId: ctx.organizationId, userId });
    const user = membership && (await em.findOneBy(User, { id: userId }));
    if (!membership || !user) throw notFound('Member', userId);
    return { membership, user };
  }

  private async keepOneAdmin(em: EntityManager, ctx: RequestContext): Promise<void> {
    const admins = await em.countBy(Membership, { organizationId: ctx.organizationId, role: 'admin' });
    if (admins <= 1) {
      throw new AppError('LAST_ADMIN', 'An organization keeps at least one admin');
    }
  }
}
