import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request, Response } from 'express';
import { from, Observable, switchMap, finalize } from 'rxjs';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { BODY_KEY, BodyRule } from './body.decorators';
import { bytes } from './decoded-body';
import { readEvidenceUpload, readTextFile, SpooledFile, spoolFile, spoolFormUpload } from './file-body';
import { readFormBody } from './form-body';
import { readJsonBody } from './json-body';

const WITHOUT_BODY = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/**
 * Reads a request's body the way its route declares (body.decorators.ts), and only now: interceptors run
 * after the guards, so an unauthenticated or unauthorised caller's body is never read, inflated or
 * parsed. Bodies of methods that take none are left unread.
 */
@Injectable()
export class RequestBodyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    if (WITHOUT_BODY.has(req.method)) return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    const rule = this.reflector.getAllAndOverride<BodyRule | undefined>(BODY_KEY, [
      context.getHandler(),
      context.getClass(),
    ]) ?? { kind: 'json', limit: 'json' };
    let spooled: SpooledFile | null = null;
    return from(
      this.read(req, res, rule).then((file) => {
        spooled = file;
      }),
    ).pipe(
      switchMap(() => next.handle()),
      finalize(() => void spooled?.discard()),
    );
  }

  private async read(req: Request, res: Response, rule: BodyRule): Promise<SpooledFile | null> {
    const limitOf = (limit: 'json' | 'readings' | 'upload' | number) =>
      typeof limit === 'number'
        ? limit
        : bytes(
            limit === 'json'
              ? this.config.jsonBodyLimit
              : limit === 'readings'
                ? this.config.readingsBodyLimit
                : this.config.uploadLimit,
          );
    switch (rule.kind) {
      case 'json':
        req.body = await readJsonBody(req, limitOf(rule.limit));
        return null;
      case 'text-file':
        req.body = await readTextFile(req, res, Math.min(limitOf(rule.limit), rule.atMost ?? Infinity));
        return null;
      case 'evidence':
        await readEvidenceUpload(req, res, rule.limit);
        return null;
      case 'form':
        req.body = await readFormBody(req, rule.limit);
        return null;
      case 'form-upload': {
        const upload = await spoolFormUpload(req, limitOf(rule.limit), rule.fields);
        req.body = upload.fields;
        req.upload = upload;
        return upload;
      }
      case 'spooled': {
        const file = await spoolFile(req, limitOf(rule.limit));
        req.body = file;
        return file;
      }
    }
  }
}
