import { CallHandler, ExecutionContext, Injectable, NestInterceptor, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Request } from 'express';
import { getMetadataStorage } from 'class-validator';
import { Observable } from 'rxjs';
import { ACCESS_KEY } from '../auth/access.decorators';
import { AppError, ErrorDetail } from './app-error';

/** The query names a route takes. */
type Allowed = Set<string>;

/**
 * Unknown query parameters are refused on every route, as unknown body fields are: the names a route takes
 * are its query DTO's validated properties, or the single values it names. (The validation pipe alone lets
 * names such as `toString` or `__proto__` pass: class-transformer drops them silently.)
 */
@Injectable()
export class KnownQueryInterceptor implements NestInterceptor {
  private readonly cache = new WeakMap<object, Allowed>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const query = context.switchToHttp().getRequest<Request>().query;
    const names = Object.keys(query ?? {});
    if (names.length === 0) return next.handle();
    // Web pages, like any site, ignore what they do not read (`?lang=` is read by every page).
    if (Reflect.getMetadata(ACCESS_KEY, context.getHandler())?.kind === 'page') return next.handle();
    const allowed = this.allowed(context.getClass(), context.getHandler());
    const unknown = names.filter((name) => !allowed.has(name));
    if (unknown.length > 0) {
      const details = unknown.map((name): ErrorDetail => ({
        path: name,
        code: 'UNKNOWN_FIELD',
        message: `${name} is not a known query parameter of this route`,
      }));
      throw new AppError('VALIDATION_FAILED', details[0].message, details);
    }
    return next.handle();
  }

  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- what Nest hands out as the handler
  private allowed(controller: Type, handler: Function): Allowed {
    const cached = this.cache.get(handler);
    if (cached !== undefined) return cached;
    const params: Record<string, { index: number; data?: unknown }> =
      Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {};
    const types: unknown[] =
      Reflect.getMetadata('design:paramtypes', controller.prototype, handler.name) ?? [];
    const allowed: Allowed = new Set();
    for (const [key, { index, data }] of Object.entries(params)) {
      if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY) continue;
      if (typeof data === 'string') allowed.add(data);
      else
        for (const { propertyName } of getMetadataStorage().getTargetValidationMetadatas(
          types[index] as Type,
          '',
          true,
          false,
        ))
          allowed.add(propertyName);
    }
    this.cache.set(handler, allowed);
    return allowed;
  }
}
