import { createHash } from 'node:crypto';

/** The hash before the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers; `prevHash` links it to the entry before. */
export interface ChainedFields {
  organizationId: string;
  seq: string;
  at: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
  prevHash: string;
}

/** JSON with object keys sorted at every depth, so the text does not depend on how jsonb reorders keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const CHAINED_KEYS: (keyof ChainedFields)[] = [
  'organizationId',
  'seq',
  'at',
  'actorType',
  'actorId',
  'actorLabel',
  'action',
  'entityType',
  'entityId',
  'before',
  'after',
  'requestId',
  'prevHash',
];

/** SHA-256 over exactly the chained fields (never the stored hash itself or any other property). */
export function entryHash(fields: ChainedFields): string {
  const covered = Object.fromEntries(CHAINED_KEYS.map((key) => [key, fields[key] ?? null]));
  return createHash('sha256').update(canonicalJson(covered)).digest('hex');
}

export type ChainBreak =
  | { seq: string; reason: 'SEQUENCE_GAP'; message: string }
  | { seq: string; reason: 'PREV_HASH_MISMATCH'; message: string }
  | { seq: string; reason: 'HASH_MISMATCH'; message: string };

/**
 * Checks a run of consecutive entries against the link that precedes them. Returns the first broken
 * link, or null when every hash recomputes and every entry points at the one before.
 */
export function findChainBreak(
  entries: (ChainedFields & { hash: string })[],
  previous: { seq: string; hash: string },
): ChainBreak | null {
  let prev = previous;
  for (const entry of entries) {
    if (BigInt(entry.seq) !== BigInt(prev.seq) + 1n) {
      return {
        seq: entry.seq,
        reason: 'SEQUENCE_GAP',
        message: `entry ${entry.seq} follows entry ${prev.seq}`,
      };
    }
    if (entry.prevHash !== prev.hash) {
      return {
        seq: entry.seq,
        reason: 'PREV_HASH_MISMATCH',
        message: `entry ${entry.seq} does not point at the hash of entry ${prev.seq}`,
      };
    }
    if (entryHash(entry) !== entry.hash) {
      return {
        seq: entry.seq,
        reason: 'HASH_MISMATCH',
        message: `entry ${entry.seq} was changed after it was written`,
      };
    }
    prev = entry;
  }
  return null;
}
