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

const malformed = (message: string) => new AppError('MALFORMED_BODY', message);

/**
 * Keys that name what every object inherits. class-transformer drops them silently, so they would slip past
 * the validation pipe's refusal of unknown fields (and `__proto__` is a prototype-pollution vector).
 */
const INHERITED_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype).concat('prototype'));
const MAY_HOLD_INHERITED_KEY = new RegExp(`"(${[...INHERITED_KEYS].join('|')})"\\s*:`);

/** The path of the first inherited-name key, or null; the exact check runs only when a quick scan hints. */
function inheritedKeyPath(text: string): string | null {
  if (!MAY_HOLD_INHERITED_KEY.test(text)) return null;
  const find = (value: unknown, path: string): string | null => {
    if (value === null || typeof value !== 'object') return null;
    for (const [key, child] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (INHERITED_KEYS.has(key)) return here;
      const found = find(child, here);
      if (found) return found;
    }
    return null;
  };
  return find(JSON.parse(text), '');
}

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
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json in UTF-8');
  }
  const raw = await readBody(req, limit);
  if (jsonDepthExceeds(raw, MAX_JSON_DEPTH))
    throw malformed(`The JSON is nested deeper than ${MAX_JSON_DEPTH} levels`);
  const text = raw.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed('The request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object')
    throw malformed('The request body must be a JSON object or array');
  const inherited = inheritedKeyPath(text);
  if (inherited) {
    const message = `${inherited} is not a known field`;
    throw new AppError('VALIDATION_FAILED', message, [{ path: inherited, code: 'UNKNOWN_FIELD', message }]);
  }
  return parsed;
}
