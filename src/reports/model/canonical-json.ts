import { createHash } from 'node:crypto';
import { canonicalJson } from '../../audit/audit-chain';

/**
 * SHA-256 (hex) of a value's canonical JSON (keys sorted at every depth, no whitespace): the same value
 * always gives the same hash, whatever order its keys were built in. What a report's model hash is.
 */
export const canonicalHash = (value: unknown): string =>
  createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
