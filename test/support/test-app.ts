import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createApp } from '../../src/app.factory';
import { loadOpenApiMetadata } from './openapi-metadata';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { Secrets } from '../../src/config/secrets';
import type { Role } from '../../src/auth/principal';

export const PLATFORM_ADMIN = { email: 'platform-admin@test.local', password: 'platform-admin-password-1' };
export const MEMBER_PASSWORD = 'member-password-0001';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0001';
/**
 * The test run's secrets, the same in every test file and worker (they share one database): a fixed JWT
 * secret (tests forge tokens with it) and an Ed25519 audit signing key from a fixed seed.
 */
export const TEST_SECRETS: Secrets = {
  jwtSecret: TEST_JWT_SECRET,
  auditSigningKey: createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, 7)]),
    format: 'der',
    type: 'pkcs8',
  }),
};

/** What the service keeps outside the database (e.g. the audit witness), per test worker. */
const TEST_DATA_DIR = mkdtempSync(path.join(tmpdir(), 're100-test-data-'));

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the e2e tests through jest (global setup)');
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    DATA_DIR: TEST_DATA_DIR,
    ADMIN_EMAIL: PLATFORM_ADMIN.email,
    ADMIN_PASSWORD: PLATFORM_ADMIN.password,
    LOG_LEVEL: 'error',
    LOGIN_RATE_LIMIT: '1000',
    ...overrides,
  });
}

export interface TestApp {
  app: INestApplication;
  http: App;
  close(): Promise<void>;
}

export async function startTestApp(
  overrides: Record<string, string> = {},
  secrets: Secrets = TEST_SECRETS,
): Promise<TestApp> {
  const config = testConfig(overrides);
  await loadOpenApiMetadata();
  const app = await createApp(config, secrets, config.databaseUrl!);
  await app.init();
  return { app, http: app.getHttpServer(), close: () => app.close() };
}

export async function login(http: App, email: string, password: string): Promise<string> {
  const res = await request(http).post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

/** Requests as one caller of one organization. */
export class Caller {
  constructor(
    private readonly http: App,
    readonly token: string,
    readonly organizationId: string | null,
  ) {}

  private headers(req: request.Test): request.Test {
    req.set('Authorization', `Bearer ${this.token}`);
    return this.organizationId ? req.set('X-Organization-Id', this.organizationId) : req;
  }

  /** A request without a body yet, for bodies that are not JSON objects. */
  raw = (method: 'post' | 'patch', url: string) => this.headers(request(this.http)[method](url));
  get = (url: string) => this.headers(request(this.http).get(url));
  post = (url: string, body?: object) => this.headers(request(this.http).post(url)).send(body);
  patch = (url: string, body?: object) => this.headers(request(this.http).patch(url)).send(body);
  delete = (url: string) => this.headers(request(this.http).delete(url));

  /** The same caller acting in another organization. */
  in(organizationId: string): Caller {
    return new Caller(this.http, this.token, organizationId);
  }
}

export interface TestOrganization {
  id: string;
  name: string;
  platformAdmin: Caller;
  /** One member per role, each belonging to this organization only. */
  as: Record<Role, Caller>;
  userIds: Record<Role, string>;
  /** Each member's e-mail (their password is MEMBER_PASSWORD), to sign in to the web pages. */
  emails: Record<Role, string>;
}

/** A new organization with one member per role, all signed in. Each test file makes its own. */
export async function createOrganization(http: App, label = 'Org'): Promise<TestOrganization> {
  const platformToken = await login(http, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  const suffix = randomUUID().slice(0, 8);
  const created = await new Caller(http, platformToken, null).post('/api/v1/organizations', {
    name: `${label} ${suffix}`,
    legalEntityName: `${label} ${suffix} Co., Ltd.`,
    country: 'KR',
    timeZone: 'Asia/Seoul',
  });
  if (created.status !== 201)
    throw new Error(`create organization: ${created.status} ${JSON.stringify(created.body)}`);
  const id: string = created.body.id;
  const platformAdmin = new Caller(http, platformToken, id);
  const roles: Role[] = ['admin', 'officer', 'auditor', 'executive'];
  const as = {} as Record<Role, Caller>;
  const userIds = {} as Record<Role, string>;
  const emails = {} as Record<Role, string>;
  for (const role of roles) {
    emails[role] = `${role}-${suffix}@test.local`;
    const member = await joinByInvitation(http, platformAdmin, emails[role], role);
    userIds[role] = member.userId;
    as[role] = member.caller;
  }
  return { id, name: created.body.name, platformAdmin, as, userIds, emails };
}

/**
 * A person joins the inviter's organization: the inviter creates an invitation, the person accepts it with
 * their own password (a new account, or the existing account's password) and is signed in.
 */
export async function joinByInvitation(
  http: App,
  inviter: Caller,
  email: string,
  role: Role,
  password = MEMBER_PASSWORD,
): Promise<{ userId: string; caller: Caller; invitationId: string }> {
  const invited = await inviter.post('/api/v1/invitations', { email, role });
  if (invited.status !== 201)
    throw new Error(`invite ${email}: ${invited.status} ${JSON.stringify(invited.body)}`);
  const accepted = await request(http)
    .post('/api/v1/invitations/accept')
    .send({ token: invited.body.token, password });
  if (accepted.status !== 200)
    throw new Error(`accept ${email}: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return {
    userId: accepted.body.user.id,
    caller: new Caller(http, accepted.body.accessToken, inviter.organizationId),
    invitationId: invited.body.id,
  };
}

/** Rows of the organization's audit log, oldest first. */
export async function auditEntries(org: TestOrganization, query = ''): Promise<Record<string, unknown>[]> {
  const res = await org.as.auditor.get(`/api/v1/audit-log?limit=500${query}`);
  if (res.status !== 200) throw new Error(`audit-log: ${res.status}`);
  return [...res.body.items].reverse();
}
