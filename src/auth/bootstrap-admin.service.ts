import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PLATFORM_CHAIN_ID } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { generatePassword } from './passwords';
import { UsersService } from './users.service';

const BOOTSTRAP_LOCK_KEY = 7_301_003;
export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

/**
 * On the first start against an empty database, creates the platform admin: from ADMIN_EMAIL and
 * ADMIN_PASSWORD, or with a generated password printed once. Safe when several instances start together.
 */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');
  private announcement: string | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
    const generated = this.config.adminPassword ? null : generatePassword();
    const created = await this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      const [{ exists }] = await em.query('SELECT EXISTS (SELECT 1 FROM users) AS exists');
      if (exists) return false;
      await this.users.create(
        em,
        {
          organizationId: PLATFORM_CHAIN_ID,
          actor: { type: 'system', id: null, label: 'bootstrap' },
          requestId: null,
        },
        {
          email,
          displayName: 'Administrator',
          password: this.config.adminPassword ?? generated!,
          isPlatformAdmin: true,
        },
      );
      return true;
    });
    if (!created) return;
    this.logger.log({ message: 'created the platform admin', email });
    if (generated) {
      this.announcement =
        `\n  re100-ledger: first start, created the admin account\n    email:    ${email}\n    password: ${generated}\n` +
        `  This password is shown only once. Change it with POST /api/v1/auth/password.\n\n`;
    }
  }

  /**
   * The generated password, once: printed by the start-up after its last log line (outside the structured
   * log, as self-hosted tools do), where a person sees it. Change it after signing in.
   */
  takeAnnouncement(): string | null {
    const text = this.announcement;
    this.announcement = null;
    return text;
  }
}
