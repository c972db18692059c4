import { CodeWithStatus, ErrorCode, ERROR_CODES, ProblemCode } from './error-codes';

export interface ErrorDetail<C extends ProblemCode = ProblemCode> {
  path: string;
  code: C;
  message: string;
}

/**
 * A failure the client can act on: a code of the catalog (error-codes.ts), whose status it answers with,
 * and a message. Mapped by the exception filter.
 */
export class AppError extends Error {
  readonly status: number;
  /** Seconds until a rate-limited client may try again (sent as `Retry-After`). */
  retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** The code's own; `unprocessable` gives 422, which its codes have (`CodeWithStatus<422>`). */
    status: number = ERROR_CODES[code].status,
  ) {
    super(message);
    this.status = status;
  }
}

/** A problem of well-formed input that breaks a domain rule (answered 422). */
export type DomainProblem = ErrorDetail<CodeWithStatus<422>>;

/**
 * 404 for a record that is missing or another organization's; `path` names the field of the request that
 * named it, when one did.
 */
export const notFound = (what: string, id?: string, path?: string): AppError => {
  const message = id ? `${what} ${id} was not found` : `${what} was not found`;
  return new AppError('NOT_FOUND', message, path ? [{ path, code: 'NOT_FOUND', message }] : []);
};

export const conflict = (code: CodeWithStatus<409>, message: string): AppError => new AppError(code, message);

export const invalid = (path: string, code: CodeWithStatus<422>, message: string): AppError =>
  unprocessable([{ path, code, message }]);

/** 422: well-formed input that breaks domain rules; the first problem's code, every problem in `details`. */
export const unprocessable = (problems: DomainProblem[]): AppError =>
  new AppError(problems[0].code, problems.map((p) => p.message).join('; '), problems, 422);

export const rateLimited = (message: string, retryAfterSeconds: number): AppError =>
  Object.assign(new AppError('RATE_LIMITED', message), { retryAfterSeconds });
