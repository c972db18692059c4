import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Request } from 'express';
import { Observable } from 'rxjs';
import { csrfRefused } from './page.guard';
import { sameToken } from './session/web-sessions.service';

/**
 * Every state-changing page request carries the session's CSRF token, in the `X-CSRF-Token` header (htmx
 * sends it on every request) or the form's `_csrf` field; the field is removed before the handler sees the
 * form. Runs after the body was read (interceptors of the route come after the global body reader).
 */
@Injectable()
export class CsrfInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method === 'GET' || req.method === 'HEAD') return next.handle();
    const body = req.body as Record<string, unknown> | undefined;
    const sent = req.header('x-csrf-token') ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
    if (!req.web?.csrfToken || !sameToken(sent, req.web.csrfToken)) throw csrfRefused();
    if (body && typeof body === 'object') delete body._csrf;
    return next.handle();
  }
}
