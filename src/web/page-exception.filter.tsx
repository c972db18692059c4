import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { AllExceptionsFilter } from '../common/all-exceptions.filter';
import { COMMON_TEXT } from './i18n/common';
import { languageOf } from './i18n/language';
import { OrganizationRequired, RoleRequired, SignInRequired } from './page-errors';
import { ErrorNotice, ErrorPage } from './views/error-page';
import { html, htmlDocument } from './views/render';
import { redirect } from './respond';
import { WebContext } from './web-context';

/** The page context of a request the page guard did not get to (or refused): anonymous, in its language. */
export const anonymousWeb = (req: Request): WebContext => ({
  path: req.originalUrl,
  language: languageOf(req),
  user: null,
  memberships: [],
  organization: null,
  csrfToken: '',
  fragment: req.header('hx-request') === 'true',
});

/** Where to come back to after signing in: the page itself, or for a form the page it was sent from. */
function returnPath(req: Request): string {
  if (req.method === 'GET') return req.originalUrl;
  const from = req.header('hx-current-url') ?? req.header('referer');
  if (!from) return '/app';
  try {
    const url = new URL(from);
    return url.host === req.header('host') ? url.pathname + url.search : '/app';
  } catch {
    return '/app';
  }
}

/**
 * Failures of the web pages as pages: sign-in and organization choice as redirects, a refusal as a page
 * that says why (the role needed), a failure with its request id and never a stack trace. A request htmx
 * made gets the message as a fragment to swap in.
 */
@Injectable()
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');
  private readonly api = new AllExceptionsFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (!req.complete) res.setHeader('Connection', 'close');
    const web = req.web ?? anonymousWeb(req);
    const t = COMMON_TEXT[web.language];

    if (exception instanceof SignInRequired) {
      const query = new URLSearchParams({ next: returnPath(req) });
      if (exception.expired) query.set('expired', '1');
      return redirect(req, res, `/app/sign-in?${query}`, req.header('hx-request') === 'true' ? 401 : 303);
    }
    if (exception instanceof OrganizationRequired) {
      return redirect(req, res, `/app/organizations?${new URLSearchParams({ next: returnPath(req) })}`);
    }
    if (exception instanceof RoleRequired) {
      const needed = exception.needed.map((role) => t.roles[role]).join(', ');
      return this.send(
        req,
        res,
        403,
        web,
        t.errors.forbiddenTitle,
        t.errors.forbidden(t.roles[exception.role], needed),
      );
    }
    const body = this.api.toBody(exception, req.requestId ?? 'unknown');
    if (body.statusCode === 429 && 'retryAfterSeconds' in (exception as object)) {
      res.setHeader(
        'Retry-After',
        String((exception as { retryAfterSeconds?: number }).retryAfterSeconds ?? 1),
      );
    }
    if (body.code === 'NOT_FOUND')
      return this.send(req, res, 404, web, t.errors.notFoundTitle, t.errors.notFound);
    if (body.code === 'CSRF_REFUSED')
      return this.send(req, res, 403, web, t.errors.refusedTitle, t.errors.csrf);
    if (body.code === 'DATABASE_UNAVAILABLE') {
      res.setHeader('Retry-After', '2');
      return this.send(req, res, 503, web, t.errors.failedTitle, t.errors.unavailable, body.requestId);
    }
    if (body.statusCode >= 500) {
      this.logger.error({
        message: 'unhandled error',
        requestId: body.requestId,
        error: exception instanceof Error ? exception.stack : String(exception),
      });
      return this.send(req, res, 500, web, t.errors.failedTitle, t.errors.failed, body.requestId);
    }
    return this.send(req, res, body.statusCode, web, t.errors.refusedTitle, body.message, body.requestId);
  }

  private send(
    req: Request,
    res: Response,
    status: number,
    web: WebContext,
    title: string,
    message: string,
    requestId?: string,
  ): void {
    res.status(status).type('html');
    if (req.header('hx-request') === 'true') {
      res.send(html(<ErrorNotice message={message} requestId={requestId} />));
    } else {
      res.send(htmlDocument(<ErrorPage web={web} title={title} message={message} requestId={requestId} />));
    }
  }
}
