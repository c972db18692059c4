import { AppError } from '../common/app-error';
import { Role } from '../auth/principal';

/** Why a page refused its request; the page filter turns each into a page or a redirect. */
export class SignInRequired extends Error {
  constructor(readonly expired: boolean) {
    super(expired ? 'The session has expired' : 'Sign in to see this page');
  }
}

/** The caller's role lacks what the page needs; the page names the roles that may. */
export class RoleRequired extends Error {
  constructor(
    readonly needed: readonly Role[],
    readonly role: Role,
  ) {
    super(`The ${role} role may not open this page`);
  }
}

/** A person in several organizations who has not chosen one yet. */
export class OrganizationRequired extends Error {}

export const pageNotFound = () => new AppError('NOT_FOUND', 'The page was not found');
