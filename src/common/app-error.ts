import { HttpStatus } from '@nestjs/common';

export interface ErrorDetail {
  path: string;
  code: string;
  message: string;
}

/** A failure the client can act on: a stable code, an HTTP status and a message. Mapped by the exception filter. */
export class AppError extends Error {
  /** Seconds until a rate-limited client may try again (sent as `Retry-After`). */
  retryAfterSeconds?: number;

  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string, id?: string): AppError =>
  new AppError(
    HttpStatus.NOT_FOUND,
    'NOT_FOUND',
    id ? `${what} ${id} was not found` : `${what} was not found`,
  );

export const conflict = (code: string, message: string): AppError =>
  new AppError(HttpStatus.CONFLICT, code, message);

export const invalid = (path: string, code: string, message: string): AppError =>
  unprocessable([{ path, code, message }]);

/** 422: well-formed input that breaks domain rules; the first problem's code, every problem in `details`. */
export const unprocessable = (problems: ErrorDetail[]): AppError =>
  new AppError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    problems[0].code,
    problems.map((p) => p.message).join('; '),
    problems,
  );

export const rateLimited = (message: string, retryAfterSeconds: number): AppError =>
  Object.assign(new AppError(HttpStatus.TOO_MANY_REQUESTS, 'RATE_LIMITED', message), { retryAfterSeconds });
