import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, PLATFORM_CHAIN_ID } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AppError, invalid, rateLimited } from '../common/app-error';
import { CurrentUserInfo } from './access.decorators';
import { LoginRateLimiter } from './login-rate-limiter';
import { decoyHash, verifyPassword } from './passwords';
import { isUuid } from '../common/parse-id.pipe';
import { RequestContext } from './principal';
import { User } from './user.entity';
import { LoginResultDto, MeDto } from './dto/auth-response.dto';
import { UsersService, userView } from './users.service';

export const invalidCredentials = () =>
  new AppError('INVALID_CREDENTIALS', 'The e-mail or password is wrong');

/** Clock skew allowed between instances that sign and verify tokens. */
const CLOCK_SKEW_S = 60;

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
    const user = await this.verifyCredentials(this.dataSource.manager, email, password, clientAddress);
    return this.session(user);
  }

  /**
   * The claimed account with this e-mail and password, or 401 (the same answer for an unknown e-mail, a
   * wrong password and an account nobody has claimed). Attempts count against the login rate limit.
   */
  async verifyCredentials(
    em: EntityManager,
    email: string,
    password: string,
    clientAddress: string,
  ): Promise<User> {
    const keys = [`ip:${clientAddress}`, `email:${email.toLowerCase()}`];
    this.beginAttempt(keys);
    const user = await this.users.findByEmail(em, email, true);
    const ok = await verifyPassword(
      user?.passwordHash ?? (await decoyHash(this.users.passwordCost)),
      password,
    );
    if (!user || !ok || !user.claimedAt) throw invalidCredentials();
    this.limiter.succeeded(keys);
    return user;
  }

  /** A signed-in session for the account: an access token and the organizations it belongs to. */
  async session(user: User): Promise<LoginResultDto> {
    return {
      accessToken: await this.jwt.signAsync({ sub: user.id, ver: user.tokenVersion }),
      tokenType: 'Bearer',
      expiresIn: this.config.jwtTtlSeconds,
      user: userView(user),
      memberships: await this.users.memberships(user.id),
    };
  }

  /**
   * The account of a valid access token: signed with our secret, issued in the past, living no longer than
   * the configured lifetime (whoever signed it: a token from an instance configured with a longer one is
   * refused), not yet expired, for an existing claimed account, and issued since its last password change.
   */
  async userForToken(token: string): Promise<User | null> {
    let payload: { sub?: unknown; ver?: unknown; iat?: unknown; exp?: unknown };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch {
      return null;
    }
    const { sub, iat, exp } = payload;
    if (typeof iat !== 'number' || typeof exp !== 'number') return null;
    if (iat > Date.now() / 1000 + CLOCK_SKEW_S || exp - iat > this.config.jwtTtlSeconds) return null;
    if (typeof sub !== 'string' || !isUuid(sub)) return null;
    const user = await this.users.findById(sub);
    return user && user.claimedAt && payload.ver === user.tokenVersion ? user : null;
  }

  async me(userId: string, context?: RequestContext): Promise<MeDto> {
    const user = await this.users.findById(userId);
    if (!user) throw invalidCredentials();
    const organization =
      context?.actor.type === 'user' ? { id: context.organizationId, role: context.actor.role! } : undefined;
    return {
      ...userView(user),
      memberships: await this.users.memberships(userId),
      ...(organization ? { organization } : {}),
    };
  }

  /** Account changes belong to no organization: they are recorded in the platform chain. */
  async changePassword(user: CurrentUserInfo, currentPassword: string, newPassword: string): Promise<void> {
    const keys = [`user:${user.userId}`];
    this.beginAttempt(keys);
    await this.dataSource.transaction(async (em) => {
      const found = await this.users.findByEmail(em, user.email, true);
      if (!found || !(await verifyPassword(found.passwordHash, currentPassword))) {
        // A field of the request that is wrong (422), not a failed sign-in (401): the session stays valid.
        throw invalid('currentPassword', 'INVALID_CREDENTIALS', 'The current password is wrong');
      }
      this.limiter.succeeded(keys);
      await this.users.setPassword(em, found, newPassword, {
        organizationId: PLATFORM_CHAIN_ID,
        actor: { type: 'user', id: found.id, label: found.email },
        requestId: user.requestId,
      });
    });
  }

  private beginAttempt(keys: string[]): void {
    const wait = this.limiter.begin(keys);
    if (wait > 0) throw rateLimited(`Too many password attempts; try again in ${wait} s`, wait);
  }
}
