import { SetMetadata } from '@nestjs/common';

export const BODY_KEY = 'request-body';

/**
 * How a route takes its body, read by RequestBodyInterceptor after the access guard let the caller in
 * (nothing is read, inflated or parsed for a caller who may not use the route):
 * - json: JSON up to JSON_BODY_LIMIT, or READINGS_BODY_LIMIT for readings pushes (the default rule);
 * - text-file: a file as UTF-8 text in `req.body` (raw or a multipart `file` field);
 * - evidence: a binary multipart `file` in `req.file` plus text fields in `req.body`;
 * - spooled: a large file written to a temporary file, `req.body` a SpooledFile, removed after the request;
 * - form: an HTML form (application/x-www-form-urlencoded) of a web page, as string fields in `req.body`;
 * - form-upload: a web page's upload form (multipart): its `file` spooled to disk as `req.upload` (removed
 *   after the request) and at most `fields` text fields in `req.body`.
 */
export type BodyRule =
  | { kind: 'json'; limit: 'json' | 'readings' }
  | { kind: 'text-file'; limit: 'upload' | number; atMost?: number }
  | { kind: 'evidence'; limit: number }
  | { kind: 'spooled'; limit: 'upload' }
  | { kind: 'form'; limit: number }
  | { kind: 'form-upload'; limit: 'upload' | number; fields: number };

export const JsonBody = (limit: 'json' | 'readings' = 'json') =>
  SetMetadata(BODY_KEY, { kind: 'json', limit } satisfies BodyRule);
/** `atMost`: a cap below the configured limit, for files that must be parsed whole in memory. */
export const TextFileBody = (limit: 'upload' | number, atMost?: number) =>
  SetMetadata(BODY_KEY, { kind: 'text-file', limit, atMost } satisfies BodyRule);
export const EvidenceBody = (limit: number) =>
  SetMetadata(BODY_KEY, { kind: 'evidence', limit } satisfies BodyRule);
export const SpooledBody = () =>
  SetMetadata(BODY_KEY, { kind: 'spooled', limit: 'upload' } satisfies BodyRule);
/** A web page's form, up to `limit` bytes (64 KiB unless said). */
export const FormBody = (limit = 64 * 1024) =>
  SetMetadata(BODY_KEY, { kind: 'form', limit } satisfies BodyRule);
/** A web page's upload form: the file spooled to disk (never held in memory), up to `fields` text fields. */
export const FormUploadBody = (limit: 'upload' | number, fields: number) =>
  SetMetadata(BODY_KEY, { kind: 'form-upload', limit, fields } satisfies BodyRule);
