import { HttpStatus } from '@nestjs/common';
import { Request } from 'express';
import { AppError } from '../app-error';
import { readBody } from './decoded-body';

/** Deepest nesting of arrays and objects accepted; deeper bodies would exhaust the stack downstream. */
export const MAX_JSON_DEPTH = 32;

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

export const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

const malformed = (message: string) => new AppError(HttpStatus.BAD_REQUEST, 'MALFORMED_BODY', message);

/**
 * A JSON body, as the API takes it: `application/json` (or `+json`) in UTF-8, an object or an array at the
 * top, nested at most MAX_JSON_DEPTH deep, at most `limit` bytes (decompressed too). No body leaves
 * `req.body` undefined. 400 `MALFORMED_BODY`, 413, or 415 otherwise.
 */
export async function readJsonBody(req: Request, limit: number): Promise<unknown> {
  if (!hasBody(req)) return undefined;
  const charset = /;\s*charset=([^;]+)/i
    .exec(req.headers['content-type'] ?? '')?.[1]
    ?.trim()
    .replace(/"/g, '');
  if (!req.is(['application/json', 'application/*+json']) || (charset && !/^utf-?8$/i.test(charset))) {
    throw new AppError(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the body as application/json in UTF-8',
    );
  }
  const raw = await readBody(req, limit);
  if (jsonDepthExceeds(raw, MAX_JSON_DEPTH))
    throw malformed(`The JSON is nested deeper than ${MAX_JSON_DEPTH} levels`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw malformed('The request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object')
    throw malformed('The request body must be a JSON object or array');
  return parsed;
}
