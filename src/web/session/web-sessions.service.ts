import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthService } from '../../auth/auth.service';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SessionRow, WebSessionsRepository } from './web-sessions.repository';

const hashOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();
export const randomToken = () => randomBytes(32).toString('base64url');

/** True when two tokens are equal, compared in constant time. */
export function sameToken(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export type SessionLookup = { state: 'none' } | { state: 'expired' } | { state: 'live'; session: SessionRow };

/** Sign-in, look-up and sign-out of the web pages' sessions (the API keeps its Bearer tokens). */
@Injectable()
export class WebSessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly sessions: WebSessionsRepository,
  ) {}

  /**
   * Checks the e-mail and password as the API's sign-in does (same answer for every failure, same rate
   * limit), then opens a session. Returns the cookie secret: it is never stored, only its hash.
   */
  async signIn(email: string, password: string, clientAddress: string): Promise<string> {
    const user = await this.auth.verifyCredentials(this.dataSource.manager, email, password, clientAddress);
    const secret = randomToken();
    await this.sessions.insert({
      secretHash: hashOf(secret),
      userId: user.id,
      tokenVersion: user.tokenVersion,
      csrfToken: randomToken(),
      maxAgeSeconds: this.config.webSessionMaxHours * 3600,
    });
    void this.sessions.deleteExpired().catch(() => undefined);
    return secret;
  }

  async lookUp(secret: string | undefined): Promise<SessionLookup> {
    if (!secret || secret.length > 100) return { state: 'none' };
    const session = await this.sessions.findBySecretHash(
      hashOf(secret),
      this.config.webSessionIdleMinutes * 60,
    );
    if (!session) return { state: 'none' };
    if (!session.live) return { state: 'expired' };
    await this.sessions.touch(session.id);
    return { state: 'live', session };
  }

  selectOrganization(sessionId: string, organizationId: string | null): Promise<void> {
    return this.sessions.selectOrganization(sessionId, organizationId);
  }

  signOut(sessionId: string): Promise<void> {
    return this.sessions.end(sessionId);
  }
}
