import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Request } from 'express';
import { Principal, RequestContext, Role } from './principal';

export const ACCESS_KEY = 'access';

/**
 * How a route may be reached. Every route declares one; the global guard denies routes that do not.
 * - public: no credentials;
 * - optional-user: no credentials needed, but a signed-in person is recognised (accepting an invitation);
 * - user: any signed-in person, no organization (account-level routes); with `organizationHeader`, an
 *   `X-Organization-Id` the caller sends is checked as on organization routes (a non-member is refused);
 * - platform: platform admins only (instance-wide routes);
 * - organization: a member of the organization in context with one of `roles`, and machine keys when
 *   `apiKey` is set;
 * - page: a web page (src/web/): its own guard checks the session cookie, never a Bearer token or API key,
 *   and a cookie is never read anywhere else.
 */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'optional-user' }
  | { kind: 'user'; organizationHeader?: boolean }
  | { kind: 'platform' }
  | { kind: 'organization'; roles: readonly Role[]; apiKey: boolean }
  | { kind: 'page' };

export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);
export const PublicOrSignedIn = () => SetMetadata(ACCESS_KEY, { kind: 'optional-user' } satisfies AccessRule);
export const SignedIn = (options: { organizationHeader?: boolean } = {}) =>
  SetMetadata(ACCESS_KEY, { kind: 'user', ...options } satisfies AccessRule);
export const PlatformAdmin = () => SetMetadata(ACCESS_KEY, { kind: 'platform' } satisfies AccessRule);
export const Roles = (...roles: Role[]) =>
  SetMetadata(ACCESS_KEY, { kind: 'organization', roles, apiKey: false } satisfies AccessRule);
/** Machine keys only (ingestion), plus the listed roles. */
export const ApiKeyOr = (...roles: Role[]) =>
  SetMetadata(ACCESS_KEY, { kind: 'organization', roles, apiKey: true } satisfies AccessRule);

export const READ_ROLES: Role[] = ['admin', 'officer', 'auditor', 'executive'];
export const WRITE_ROLES: Role[] = ['admin', 'officer'];

/** The organization-scoped context the guard established. */
export const Ctx = createParamDecorator((_: unknown, host: ExecutionContext): RequestContext => {
  const ctx = host.switchToHttp().getRequest<Request>().context;
  if (!ctx) throw new Error('Ctx used on a route without organization access');
  return ctx;
});

/** The signed-in person (routes marked `@SignedIn()`). */
export const CurrentUser = createParamDecorator((_: unknown, host: ExecutionContext) => {
  const req = host.switchToHttp().getRequest<Request>();
  const principal = req.principal;
  if (principal?.kind !== 'user') throw new Error('CurrentUser used on a route without user access');
  return { ...principal, requestId: req.requestId };
});

export type CurrentUserInfo = Extract<Principal, { kind: 'user' }> & { requestId: string };

/** The signed-in person on a `@PublicOrSignedIn()` route, or null for an anonymous caller. */
export const OptionalUser = createParamDecorator((_: unknown, host: ExecutionContext) => {
  const principal = host.switchToHttp().getRequest<Request>().principal;
  return principal?.kind === 'user' ? principal : null;
});

/** Who made the request and from where: for routes that check passwords (rate limits) and audit. */
export const Requester = createParamDecorator((_: unknown, host: ExecutionContext): RequesterInfo => {
  const req = host.switchToHttp().getRequest<Request>();
  return { requestId: req.requestId, clientAddress: req.ip ?? 'unknown' };
});

export interface RequesterInfo {
  requestId: string;
  clientAddress: string;
}
