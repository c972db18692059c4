import { createHash } from 'node:crypto';
import { Request } from 'express';
import { EntityManager } from 'typeorm';
import { canonicalJson } from '../audit/audit-chain';
import { AppError, conflict } from './app-error';

const KEY = /^[\x21-\x7E]{1,200}$/;

export interface StoredAnswer {
  statusCode: number;
  body: unknown;
}

/** Validates an `Idempotency-Key` header: 1 to 200 printable characters. */
export function idempotencyKey(header: string | undefined): string | null {
  if (header === undefined) return null;
  if (!KEY.test(header)) {
    const message = 'Idempotency-Key must be 1 to 200 printable characters';
    throw new AppError('VALIDATION_FAILED', message, [
      { path: 'headers.idempotency-key', code: 'isIdempotencyKey', message },
    ]);
  }
  return header;
}

/** The idempotency part of a create request: its `Idempotency-Key` and what identifies the request. */
export function idempotencyOf(
  req: Request,
  query: unknown,
  body: unknown,
): { key: string; fingerprint: string } | null {
  const key = idempotencyKey(req.header('idempotency-key'));
  return key ? { key, fingerprint: requestFingerprint(req.path, query, body) } : null;
}

/** What identifies a request for replay: route, query and body. */
export const requestFingerprint = (route: string, query: unknown, body: unknown): string =>
  createHash('sha256').update(canonicalJson({ route, query, body })).digest('hex');

/**
 * Claims a key inside the caller's transaction. A concurrent request with the same key waits on the row
 * until this transaction ends; after a commit it gets the stored answer, after a rollback it proceeds.
 * Returns the first answer for a replay; 409 `IDEMPOTENCY_MISMATCH` when the key was used for another request.
 */
export async function claimIdempotencyKey(
  em: EntityManager,
  organizationId: string,
  key: string,
  fingerprint: string,
): Promise<StoredAnswer | null> {
  const claimed = await em.query(
    `INSERT INTO idempotency_keys (organization_id, key, request_hash) VALUES ($1, $2, $3)
     ON CONFLICT (organization_id, key) DO NOTHING RETURNING key`,
    [organizationId, key, fingerprint],
  );
  if (claimed.length > 0) return null;
  const [first] = await em.query(
    'SELECT request_hash, status_code, response FROM idempotency_keys WHERE organization_id = $1 AND key = $2',
    [organizationId, key],
  );
  if (first.request_hash !== fingerprint) {
    throw conflict('IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used for a different request');
  }
  return { statusCode: first.status_code, body: first.response };
}

export async function storeIdempotentAnswer(
  em: EntityManager,
  organizationId: string,
  key: string,
  answer: StoredAnswer,
): Promise<void> {
  await em.query(
    'UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE organization_id = $1 AND key = $2',
    [organizationId, key, answer.statusCode, JSON.stringify(answer.body)],
  );
}
