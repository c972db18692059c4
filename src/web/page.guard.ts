import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request, Response } from 'express';
import { UsersService } from '../auth/users.service';
import { AppError } from '../common/app-error';
import { isLanguage, languageOf } from './i18n/language';
import { PAGE_KEY, PageRule, SAME_ORIGIN_KEY } from './page.decorator';
import { OrganizationRequired, RoleRequired, SignInRequired } from './page-errors';
import { sessionSecretOf, setLanguageCookie, signInCsrfOf } from './session/session-cookie';
import { sameToken, WebSessionsService } from './session/web-sessions.service';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The gate of the web pages: the session cookie (never a Bearer token or API key), the organization the
 * session chose (or the person's only one) and the role in it. A state-changing request must also come
 * from one of our own pages (Origin / Sec-Fetch-Site) before its body is read; its CSRF token is checked
 * by CsrfInterceptor once the body is.
 */
@Injectable()
export class PageGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: WebSessionsService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<PageRule>(PAGE_KEY, context.getHandler());
    const req = context.switchToHttp().getRequest<Request>();
    // A state-changing request, or a page whose opening is audited (a download), must come from our pages.
    if (!SAFE_METHODS.has(req.method) || this.reflector.get<boolean>(SAME_ORIGIN_KEY, context.getHandler()))
      assertSameOrigin(req);
    const res = context.switchToHttp().getResponse<Response>();
    // Pages show an organization's figures: never kept by a browser cache or a proxy.
    res.setHeader('Cache-Control', 'no-store');
    const language = languageOf(req);
    // A language chosen with `?lang=` is remembered for the next pages.
    if (isLanguage(req.query.lang)) setLanguageCookie(req, res, language);
    const fragment = req.header('hx-request') === 'true';
    const base = { path: req.originalUrl, language, fragment };

    const found = await this.sessions.lookUp(sessionSecretOf(req));
    if (found.state !== 'live') {
      if (rule.kind !== 'anyone') throw new SignInRequired(found.state === 'expired');
      req.web = {
        ...base,
        user: null,
        memberships: [],
        organization: null,
        csrfToken: signInCsrfOf(req) ?? '',
      };
      return true;
    }
    const { session } = found;
    const memberships = await this.users.memberships(session.userId);
    const user = {
      id: session.userId,
      email: session.email,
      displayName: session.displayName,
      sessionId: session.id,
    };
    const membership =
      memberships.find((m) => m.organizationId === session.selectedOrganizationId) ??
      (memberships.length === 1 ? memberships[0] : undefined);
    // An upload is checked before its body is read: its token comes in the header (htmx sends it), so a
    // request without the session's token never makes the service read, buffer or store a file.
    if (
      !SAFE_METHODS.has(req.method) &&
      req.is('multipart/form-data') &&
      !sameToken(req.header('x-csrf-token'), session.csrfToken)
    )
      throw csrfRefused();
    req.web = {
      ...base,
      user,
      memberships,
      organization: membership
        ? { id: membership.organizationId, name: membership.organizationName, role: membership.role }
        : null,
      csrfToken: session.csrfToken,
    };
    if (rule.kind !== 'roles') return true;
    if (!membership) throw new OrganizationRequired();
    if (!rule.roles.includes(membership.role)) throw new RoleRequired(rule.roles, membership.role);
    req.context = {
      organizationId: membership.organizationId,
      actor: { type: 'user', id: session.userId, label: session.email, role: membership.role },
      requestId: req.requestId,
    };
    return true;
  }
}

/**
 * A state-changing request must come from our own pages: a browser says where a request comes from in
 * Sec-Fetch-Site or Origin; one that says another site is refused (CSRF, with SameSite=Lax cookies as a
 * second wall and the token as the third).
 */
function assertSameOrigin(req: Request): void {
  const site = req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw csrfRefused();
  const origin = req.header('origin');
  if (origin !== undefined) {
    const host = req.header('host');
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!host || originHost !== host) throw csrfRefused();
  }
}

export const csrfRefused = () =>
  new AppError('CSRF_REFUSED', 'The form was not sent from this service’s own page; reload it and try again');
