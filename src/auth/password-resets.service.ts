import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { AuditService, PLATFORM_CHAIN_ID } from '../audit/audit.service';
import { AppError, notFound } from '../common/app-error';
import { CurrentUserInfo, RequesterInfo } from './access.decorators';
import { AuthService } from './auth.service';
import { LoginResultDto } from './dto/auth-response.dto';
import { IssuedPasswordResetDto, IssuePasswordResetDto, PasswordResetDto } from './dto/password-reset.dto';
import { hashOneTimeToken, newOneTimeToken } from './one-time-token';
import { PasswordReset } from './password-reset.entity';
import { User } from './user.entity';
import { UsersService } from './users.service';

const RESET_TTL_MS = 24 * 3_600_000;

/**
 * Account recovery without e-mail: a platform admin issues a single-use token for an account and hands it
 * to the person, who sets their own password with it (claiming an account nobody had claimed, or replacing
 * a forgotten password). The admin never sees the password; every token issued before is revoked.
 */
@Injectable()
export class PasswordResetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  async issue(admin: CurrentUserInfo, dto: IssuePasswordResetDto): Promise<IssuedPasswordResetDto> {
    return this.dataSource.transaction(async (em) => {
      const user = await this.users.findByEmail(em, dto.email);
      if (!user) throw notFound('Account', dto.email.toLowerCase());
      const now = new Date();
      await em.update(
        PasswordReset,
        { userId: user.id, usedAt: IsNull(), revokedAt: IsNull() },
        { revokedAt: now },
      );
      const { token, hash } = newOneTimeToken('rlr');
      const reset = {
        id: randomUUID(),
        userId: user.id,
        tokenHash: hash,
        createdBy: admin.userId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + RESET_TTL_MS),
        usedAt: null,
        revokedAt: null,
      };
      await em.insert(PasswordReset, reset);
      await this.audit.record(
        em,
        {
          organizationId: PLATFORM_CHAIN_ID,
          actor: { type: 'user', id: admin.userId, label: admin.email },
          requestId: admin.requestId,
        },
        {
          action: 'issue',
          entityType: 'password_reset',
          entityId: reset.id,
          after: { userId: user.id, email: user.email, expiresAt: reset.expiresAt },
        },
      );
      return { id: reset.id, userId: user.id, email: user.email, token, expiresAt: reset.expiresAt };
    });
  }

  /** Sets the person's password with a reset token, and signs them in. */
  async use(dto: PasswordResetDto, requester: RequesterInfo): Promise<LoginResultDto> {
    const user = await this.dataSource.transaction(async (em) => {
      const reset = await em
        .getRepository(PasswordReset)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.token_hash = :hash', { hash: hashOneTimeToken(dto.token) })
        .getOne();
      if (!reset || reset.usedAt || reset.revokedAt || reset.expiresAt <= new Date()) {
        throw new AppError(
          'RESET_INVALID',
          'The password reset is unknown, expired, revoked or already used',
        );
      }
      const account = await em.findOneByOrFail(User, { id: reset.userId });
      await em.update(PasswordReset, { id: reset.id }, { usedAt: new Date() });
      return this.users.setPassword(em, account, dto.newPassword, {
        organizationId: PLATFORM_CHAIN_ID,
        actor: { type: 'user', id: account.id, label: account.email },
        requestId: requester.requestId,
      });
    });
    return this.auth.session(user);
  }
}
