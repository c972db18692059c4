import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, PLATFORM_CHAIN_ID } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AppError, rateLimited } from '../common/app-error';
import { CurrentUserInfo } from './access.decorators';
import { LoginRateLimiter } from './login-rate-limiter';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { isUuid } from '../common/parse-id.pipe';
import { User } from './user.entity';
import { LoginResultDto, MeDto } from './dto/auth-response.dto';
import { UsersService, userView } from './users.service';

const invalidCredentials = () =>
  new AppError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', 'The e-mail or password is wrong');

@Injectable()
export class AuthService {
  private readonly limiter: LoginRateLimiter;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {
    this.limiter = new LoginRateLimiter(config.loginRateLimit, config.loginRateWindowSeconds * 1000);
  }

  async login(email: string, password: string, clientAddress: string): Promise<LoginResultDto> {
    const keys = [`ip:${clientAddress}`, `email:${email.toLowerCase()}`];
    this.beginAttempt(keys);
    const user = await this.users.findByEmail(this.dataSource.manager, email, true);
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
    if (!user || !ok) throw invalidCredentials();
    this.limiter.succeeded(keys);
    return {
      accessToken: await this.jwt.signAsync({ sub: user.id, ver: user.tokenVersion }),
      tokenType: 'Bearer',
      expiresIn: this.config.jwtTtlSeconds,
      user: userView(user),
      memberships: await this.users.memberships(user.id),
    };
  }

  /**
   * The account of a valid access token: signed by us, no older than the configured lifetime, for an
   * existing account, and issued since its last password change (same token version).
   */
  async userForToken(token: string): Promise<User | null> {
    let payload: { sub?: unknown; ver?: unknown };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch {
      return null;
    }
    if (typeof payload.sub !== 'string' || !isUuid(payload.sub)) return null;
    const user = await this.users.findById(payload.sub);
    return user && payload.ver === user.tokenVersion ? user : null;
  }

  async me(userId: string): Promise<MeDto> {
    const user = await this.users.findById(userId);
    if (!user) throw invalidCredentials();
    return { ...userView(user), memberships: await this.users.memberships(userId) };
  }

  /** Account changes belong to no organization: they are recorded in the platform chain. */
  async changePassword(user: CurrentUserInfo, currentPassword: string, newPassword: string): Promise<void> {
    const keys = [`user:${user.userId}`];
    this.beginAttempt(keys);
    await this.dataSource.transaction(async (em) => {
      const found = await this.users.findByEmail(em, user.email, true);
      if (!found || !(await verifyPassword(found.passwordHash, currentPassword))) {
        throw new AppError(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'INVALID_CREDENTIALS',
          'The current password is wrong',
          [
            {
              path: 'currentPassword',
              code: 'INVALID_CREDENTIALS',
              message: 'The current password is wrong',
            },
          ],
        );
      }
      this.limiter.succeeded(keys);
      // Tokens issued before the change stop working: a stolen token does not outlive a password reset.
      await em.update(
        User,
        { id: found.id },
        {
          passwordHash: await hashPassword(newPassword),
          updatedAt: new Date(),
          tokenVersion: found.tokenVersion + 1,
        },
      );
      await this.audit.record(
        em,
        {
          organizationId: PLATFORM_CHAIN_ID,
          actor: { type: 'user', id: found.id, label: found.email },
          requestId: user.requestId,
        },
        { action: 'update', entityType: 'user_password', entityId: found.id },
      );
    });
  }

  private beginAttempt(keys: string[]): void {
    const wait = this.limiter.begin(keys);
    if (wait > 0) throw rateLimited(`Too many password attempts; try again in ${wait} s`, wait);
  }
}
