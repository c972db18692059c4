import { applyDecorators, SetMetadata, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { ACCESS_KEY, AccessRule } from '../auth/access.decorators';
import { Role } from '../auth/principal';
import { CsrfInterceptor } from './csrf.interceptor';
import { PageExceptionFilter } from './page-exception.filter';
import { PageGuard } from './page.guard';

export const PAGE_KEY = 'page';
export const SAME_ORIGIN_KEY = 'page-same-origin';

/**
 * A GET whose answer is recorded (a report download writes an audit entry) must come from our own pages or
 * the address bar: a link on another site cannot make it in a person's name.
 */
export const SameOriginOnly = () => SetMetadata(SAME_ORIGIN_KEY, true);

/**
 * Who may open a page:
 * - anyone: no sign-in (sign-in page, assets);
 * - signed-in: any signed-in person, no organization needed (choosing one);
 * - roles: a member of the organization in context with one of them.
 */
export type PageRule = { kind: 'anyone' } | { kind: 'signed-in' } | { kind: 'roles'; roles: readonly Role[] };

const page = (rule: PageRule) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'page' } satisfies AccessRule),
    SetMetadata(PAGE_KEY, rule),
    UseGuards(PageGuard),
    UseInterceptors(CsrfInterceptor),
    UseFilters(PageExceptionFilter),
    ApiExcludeEndpoint(),
  );

/** A page for the members of the organization in context with one of `roles`. */
export const Page = (...roles: Role[]) => page({ kind: 'roles', roles });
export const SignedInPage = () => page({ kind: 'signed-in' });
export const AnyonePage = () => page({ kind: 'anyone' });
