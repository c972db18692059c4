import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A live session with the account it belongs to, as the page guard needs it. */
export interface SessionRow {
  id: string;
  userId: string;
  email: string;
  displayName: string;
  isPlatformAdmin: boolean;
  selectedOrganizationId: string | null;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  /** False when the session ended, idled out, outlived its lifetime or the password changed since. */
  live: boolean;
}

@Injectable()
export class WebSessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(input: {
    secretHash: Buffer;
    userId: string;
    tokenVersion: number;
    csrfToken: string;
    maxAgeSeconds: number;
  }): Promise<string> {
    const [row] = await this.dataSource.query(
      `INSERT INTO web_sessions (secret_hash, user_id, token_version, csrf_token, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING id`,
      [input.secretHash, input.userId, input.tokenVersion, input.csrfToken, input.maxAgeSeconds],
    );
    return row.id;
  }

  /** The session of a cookie secret's hash, live or not (null when unknown). */
  async findBySecretHash(secretHash: Buffer, idleSeconds: number): Promise<SessionRow | null> {
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT s.id, s.user_id AS "userId", u.email, u.display_name AS "displayName",
              u.is_platform_admin AS "isPlatformAdmin", s.selected_organization_id AS "selectedOrganizationId",
              s.csrf_token AS "csrfToken", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt",
              (s.ended_at IS NULL AND s.expires_at > now()
               AND s.last_seen_at > now() - make_interval(secs => $2)
               AND s.token_version = u.token_version AND u.claimed_at IS NOT NULL) AS live
       FROM web_sessions s JOIN users u ON u.id = s.user_id
       WHERE s.secret_hash = $1`,
      [secretHash, idleSeconds],
    );
    return rows[0] ?? null;
  }

  /** Marks the session used now; at most once a minute, so reading pages does not write on every request. */
  async touch(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE web_sessions SET last_seen_at = now() WHERE id = $1 AND last_seen_at < now() - interval '1 minute'`,
      [id],
    );
  }

  async selectOrganization(id: string, organizationId: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE web_sessions SET selected_organization_id = $2 WHERE id = $1`, [
      id,
      organizationId,
    ]);
  }

  async end(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE web_sessions SET ended_at = now() WHERE id = $1 AND ended_at IS NULL`,
      [id],
    );
  }

  /** Forgets sessions that can no longer be used (kept a day, so a late request still reads "expired"). */
  async deleteExpired(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM web_sessions WHERE coalesce(ended_at, expires_at) < now() - interval '1 day'`,
    );
  }
}
