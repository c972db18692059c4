import { HttpStatus } from '@nestjs/common';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from './app-error';

/** Deepest nesting of arrays and objects accepted; deeper bodies would exhaust the stack downstream. */
export const MAX_JSON_DEPTH = 32;

class TooDeep extends Error {}

/** Scans raw JSON for bracket depth, skipping string contents (escapes included). */
export function jsonDepthExceeds(raw: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

const hasBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * JSON body parsing whose failures are client errors in the API's shape: 400 `MALFORMED_BODY` for
 * unparseable or too deeply nested JSON, 413 `PAYLOAD_TOO_LARGE` over the limit, 415 for a body that is
 * not JSON (routes that take files parse them before this runs).
 */
export function jsonBody(limit: string, routes: { pattern: RegExp; limit: string }[] = []): RequestHandler {
  const parser = (bytes: string) =>
    express.json({
      limit: bytes,
      strict: true,
      verify: (_req, _res, raw) => {
        if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) throw new TooDeep();
      },
    });
  const standard = { parse: parser(limit), limit };
  const special = routes.map((route) => ({
    pattern: route.pattern,
    parse: parser(route.limit),
    limit: route.limit,
  }));
  return (req: Request, res: Response, next: NextFunction) => {
    // Bodies already read (file uploads) are left alone.
    if (req.body !== undefined) return next();
    const { parse, limit } = special.find((route) => route.pattern.test(req.path)) ?? standard;
    if (hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
      return next(
        new AppError(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the body as application/json',
        ),
      );
    }
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const failure = error as { type?: string; status?: number };
      if (failure.type === 'entity.too.large') {
        return next(
          new AppError(
            HttpStatus.PAYLOAD_TOO_LARGE,
            'PAYLOAD_TOO_LARGE',
            `The request body is larger than the limit of ${limit}`,
          ),
        );
      }
      if (failure.type === 'encoding.unsupported' || failure.type === 'charset.unsupported') {
        return next(
          new AppError(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            'UNSUPPORTED_MEDIA_TYPE',
            'The body must be UTF-8 JSON',
          ),
        );
      }
      if (
        error instanceof TooDeep ||
        (failure as { cause?: unknown }).cause instanceof TooDeep ||
        failure.type === 'entity.verify.failed'
      ) {
        return next(
          new AppError(
            HttpStatus.BAD_REQUEST,
            'MALFORMED_BODY',
            `The JSON is nested deeper than ${MAX_JSON_DEPTH} levels`,
          ),
        );
      }
      if (typeof failure.status === 'number' && failure.status >= 400 && failure.status < 500) {
        return next(
          new AppError(HttpStatus.BAD_REQUEST, 'MALFORMED_BODY', 'The request body is not valid JSON'),
        );
      }
      next(error);
    });
  };
}
