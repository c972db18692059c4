import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { AppError } from '../common/app-error';
import { isUuid } from '../common/parse-id.pipe';
import { ACCESS_KEY, AccessRule } from './access.decorators';
import { looksLikeApiKey } from './api-key-secret';
import { ApiKeysService } from './api-keys.service';
import { AuthService } from './auth.service';
import { Principal, RequestContext, Role, ROLES } from './principal';
import { UsersService } from './users.service';

const unauthenticated = (message = 'Sign in, or present an API key') =>
  new AppError('UNAUTHENTICATED', message);
const forbidden = (message: string) => new AppError('FORBIDDEN', message);
const organizationNotFound = () => new AppError('NOT_FOUND', 'The organization was not found');

/**
 * The single gate of the API: checks credentials, resolves the organization in context and the caller's
 * role in it, and enforces the route's access rule. Routes without a rule are refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw forbidden('This route declares no access rule');
    if (rule.kind === 'public') return true;
    // Web pages are checked by their own guard (web/page.guard.ts), which reads the session cookie.
    if (rule.kind === 'page') return true;

    const req = context.switchToHttp().getRequest<Request>();
    if (rule.kind === 'optional-user' && !req.header('authorization') && !req.header('x-api-key'))
      return true;
    const principal = await this.authenticate(req);
    req.principal = principal;

    if (rule.kind === 'user' || rule.kind === 'platform' || rule.kind === 'optional-user') {
      if (principal.kind !== 'user') throw forbidden('API keys may only write readings');
      if (rule.kind === 'platform' && !principal.isPlatformAdmin)
        throw forbidden('Only platform admins may do this');
      if (rule.kind === 'user' && rule.organizationHeader && req.header('x-organization-id') !== undefined) {
        req.context = await this.organizationContext(req, principal, ROLES, false);
      }
      return true;
    }
    req.context = await this.organizationContext(req, principal, rule.roles, rule.apiKey);
    return true;
  }

  private async authenticate(req: Request): Promise<Principal> {
    const header = req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (header && !bearer) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const token = bearer ?? req.header('x-api-key');
    if (!token) throw unauthenticated();
    if (looksLikeApiKey(token)) {
      const principal = await this.apiKeys.authenticate(token);
      if (!principal) throw unauthenticated('The API key is invalid or revoked');
      return principal;
    }
    const user = await this.auth.userForToken(token);
    if (!user) throw unauthenticated('The access token is invalid or expired');
    return { kind: 'user', userId: user.id, email: user.email, isPlatformAdmin: user.isPlatformAdmin };
  }

  /**
   * The organization named by `X-Organization-Id`, or the caller's only one. Non-members get 404, former
   * members 403.
   */
  private async organizationContext(
    req: Request,
    principal: Principal,
    roles: readonly Role[],
    apiKeyAllowed: boolean,
  ): Promise<RequestContext> {
    const requested = req.header('x-organization-id');
    if (requested !== undefined && !isUuid(requested)) {
      throw new AppError('VALIDATION_FAILED', 'X-Organization-Id must be a UUID', [
        { path: 'headers.x-organization-id', code: 'isUuid', message: 'X-Organization-Id must be a UUID' },
      ]);
    }
    const requestId = req.requestId;

    if (principal.kind === 'api_key') {
      if (requested && requested.toLowerCase() !== principal.organizationId) throw organizationNotFound();
      if (!apiKeyAllowed) throw forbidden('API keys may only write readings');
      const actor = {
        type: 'api_key' as const,
        id: principal.apiKeyId,
        label: principal.name,
        meterIds: principal.meterIds,
      };
      return { organizationId: principal.organizationId, actor, requestId };
    }

    const memberships = await this.users.roles(principal.userId, requested);
    if (memberships.length === 0) {
      if (!requested) throw forbidden('You are not a member of any organization');
      // A former member knows the organization exists: they are told they were removed. To anyone else it
      // is answered as missing, so its existence is not revealed (invariant 5).
      if (await this.users.wasMember(principal.userId, requested.toLowerCase())) {
        throw forbidden('You are no longer a member of this organization');
      }
      throw organizationNotFound();
    }
    if (memberships.length > 1) {
      throw new AppError(
        'ORGANIZATION_REQUIRED',
        'You belong to several organizations: name one in the X-Organization-Id header',
        [
          {
            path: 'headers.x-organization-id',
            code: 'ORGANIZATION_REQUIRED',
            message: 'X-Organization-Id is required',
          },
        ],
      );
    }
    const { organizationId, role } = memberships[0];
    if (!roles.includes(role)) throw forbidden(`The ${role} role may not do this`);
    return {
      organizationId,
      actor: { type: 'user', id: principal.userId, label: principal.email, role },
      requestId,
    };
  }
}
