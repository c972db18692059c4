import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Inject,
  Logger,
  Optional,
} from '@nestjs/common';
import { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError, ErrorDetail } from './app-error';
import { ErrorCode, ERROR_CODES, isErrorCode } from './error-codes';

interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details: ErrorDetail[];
  requestId: string;
}

/** Codes of the refusals the web framework makes itself (an unknown route is its 404), by status. */
const FRAMEWORK_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

/** Constraint failures the schema reports for input that validation let through: a client mistake, never a 500. */
const PG_ERRORS: Record<string, [ErrorCode, string]> = {
  '23505': ['ALREADY_EXISTS', 'A record with the same unique value already exists'],
  '23503': ['IN_USE', 'The record is referenced by other records or references a missing one'],
  '23502': ['MISSING_VALUE', 'A required value is missing'],
  '23P01': ['SERIAL_RANGE_OVERLAP', 'The serial range overlaps another range of the same registry'],
  '23514': ['CONSTRAINT_VIOLATION', 'The values break a rule of the schema'],
  '22001': ['VALUE_TOO_LONG', 'A value is too long'],
  '22003': ['OUT_OF_RANGE', 'A number is out of range'],
  '22007': ['INVALID_VALUE', 'A date or time has the wrong form'],
  '22008': ['OUT_OF_RANGE', 'A date or time is out of range'],
  '22P02': ['INVALID_VALUE', 'A value has the wrong form'],
  '22021': ['INVALID_TEXT', 'A text value contains a NUL character or bytes that are not valid UTF-8'],
  '22P05': ['INVALID_TEXT', 'A text value contains a character that cannot be stored (NUL)'],
  '40001': ['CONCURRENT_UPDATE', 'A concurrent change conflicted with this one; retry'],
  '40P01': ['CONCURRENT_UPDATE', 'A concurrent change conflicted with this one; retry'],
};

/** SQLSTATEs of a server that is gone, shutting down, starting up or recovering, or full. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P01|57P02|57P03|53300)$/;
/** What node-postgres and the socket say when the server cannot be reached or went away mid-query. */
const UNAVAILABLE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|Query read timeout/i;

/** True when a failure means the database is unreachable rather than that the request was wrong. */
export function isDatabaseUnavailable(exception: unknown): boolean {
  // TypeORM releases a transaction's connection when the server drops it; the use case's next query on
  // it then fails with this rather than with the connection error.
  if ((exception as { name?: unknown })?.name === 'QueryRunnerProviderAlreadyReleasedError') return true;
  for (let error = exception, depth = 0; error && depth < 3; depth++) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (
      typeof code === 'string' &&
      (UNAVAILABLE_SQLSTATE.test(code) || /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT)$/.test(code))
    )
      return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    error =
      (error as { driverError?: unknown; cause?: unknown }).driverError ??
      (error as { cause?: unknown }).cause;
  }
  return false;
}

/** Seconds a client should wait before retrying while the database is unavailable. */
const UNAVAILABLE_RETRY_AFTER_S = 2;

/** Answers a request for a page that does not exist with a page (provided by the web pages' module). */
export const NOT_FOUND_PAGE = Symbol('NOT_FOUND_PAGE');
export type NotFoundPage = (req: Request, res: Response) => void;

/** A browser asking for a page outside the API: it gets a page, not JSON. */
const wantsPage = (req: Request) =>
  (req.method === 'GET' || req.method === 'HEAD') &&
  !/^\/(api|health)(\/|$)/.test(req.path) &&
  req.accepts(['json', 'html']) === 'html';

/** The one place where failures become HTTP answers, all in the one shape of docs/errors.md. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  constructor(@Optional() @Inject(NOT_FOUND_PAGE) private readonly notFoundPage?: NotFoundPage) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const body = this.toBody(exception, req.requestId ?? 'unknown');
    if (body.code === 'NOT_FOUND' && this.notFoundPage && !res.headersSent && wantsPage(req)) {
      return this.notFoundPage(req, res);
    }
    if (body.statusCode >= 500 && body.code !== 'DATABASE_UNAVAILABLE') {
      this.logger.error({
        message: 'unhandled error',
        requestId: body.requestId,
        error: exception instanceof Error ? exception.stack : String(exception),
      });
    }
    if (body.statusCode === 429 && exception instanceof AppError && exception.retryAfterSeconds) {
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    if (body.code === 'DATABASE_UNAVAILABLE') {
      this.logger.warn({
        message: 'database unavailable',
        requestId: body.requestId,
        error: String(exception),
      });
      res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
    }
    // A body left unread (refused before reading, or cut short at a limit) is not read to its end for the
    // sake of the connection: it is closed after this answer.
    if (!req.complete && !res.headersSent) res.setHeader('Connection', 'close');
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }

  toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof AppError) {
      return {
        statusCode: exception.status,
        code: exception.code,
        message: exception.message,
        details: exception.details,
        requestId,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? (response as { message: string[] }).message.join('; ')
            : String((response as { message?: unknown }).message ?? exception.message);
      const code = FRAMEWORK_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'MALFORMED_REQUEST');
      return { statusCode: ERROR_CODES[code].status, code, message, details: [], requestId };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        statusCode: ERROR_CODES.DATABASE_UNAVAILABLE.status,
        code: 'DATABASE_UNAVAILABLE',
        message:
          'The database is unavailable; retry shortly (a retry with the same Idempotency-Key never applies a write twice)',
        details: [],
        requestId,
      };
    }
    if (exception instanceof QueryFailedError) {
      const driver = exception.driverError as { code?: string; hint?: string; message?: string } | undefined;
      const pgCode = driver?.code ?? '';
      // Rules the database enforces itself raise P0001 with the API's code as the hint.
      const hint = driver?.hint;
      if (pgCode === 'P0001' && isErrorCode(hint)) {
        return {
          statusCode: ERROR_CODES[hint].status,
          code: hint,
          message: driver?.message ?? hint,
          details: [],
          requestId,
        };
      }
      const mapped = PG_ERRORS[pgCode];
      if (mapped) {
        const [code, message] = mapped;
        return { statusCode: ERROR_CODES[code].status, code, message, details: [], requestId };
      }
    }
    return {
      statusCode: ERROR_CODES.INTERNAL_ERROR.status,
      code: 'INTERNAL_ERROR',
      message: 'Internal server error',
      details: [],
      requestId,
    };
  }
}
