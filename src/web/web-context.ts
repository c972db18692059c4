import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';
import { MembershipDto } from '../auth/dto/auth-response.dto';
import { RequestContext, Role } from '../auth/principal';
import { Language } from './i18n/language';

/** What every page knows about its request: who, in which organization and role, in which language. */
export interface WebContext {
  /** The request path with its query, to come back to after sign-in. */
  path: string;
  language: Language;
  /** Null on the pages that need no sign-in. */
  user: { id: string; email: string; displayName: string; sessionId: string } | null;
  memberships: MembershipDto[];
  /** The organization in context and the caller's role in it (organization pages only). */
  organization: { id: string; name: string; role: Role } | null;
  csrfToken: string;
  /** True when htmx asked for a fragment rather than a whole page. */
  fragment: boolean;
}

declare module 'express-serve-static-core' {
  interface Request {
    web?: WebContext;
  }
}

export const Web = createParamDecorator((_: unknown, host: ExecutionContext): WebContext => {
  const web = host.switchToHttp().getRequest<Request>().web;
  if (!web) throw new Error('Web used on a route without the page guard');
  return web;
});

/** The organization-scoped context of a page: what the services take, as on the API. */
export const PageCtx = createParamDecorator((_: unknown, host: ExecutionContext): RequestContext => {
  const ctx = host.switchToHttp().getRequest<Request>().context;
  if (!ctx) throw new Error('PageCtx used on a page without an organization');
  return ctx;
});
