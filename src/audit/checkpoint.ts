import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson, GENESIS_HASH } from './audit-chain';

/** Why a checkpoint was recorded; the CHECK constraint of `audit_checkpoints.reason` lists the same values. */
export const CHECKPOINT_REASONS = ['manual', 'interval', 'report', 'finalization'] as const;
export type CheckpointReason = (typeof CHECKPOINT_REASONS)[number];

/**
 * Put into every signed payload, so a checkpoint signature can never be mistaken for (or replayed as) anything
 * else the same key might sign.
 */
export const CHECKPOINT_CONTEXT = 're100-ledger/audit-checkpoint/v1';

/** What a checkpoint says: "at `createdAt`, entry `headSeq` of this chain had hash `headHash`". */
export interface CheckpointFields {
  /** The chain: an organization id, or the nil uuid of the platform chain. */
  organizationId: string;
  /** Position among the chain's checkpoints, from 1. */
  seq: string;
  /** The newest entry when the checkpoint was taken; 0 for an empty chain. */
  headSeq: string;
  headHash: string;
  /** ISO 8601 with milliseconds and `Z`, exactly as signed. */
  createdAt: string;
  reason: CheckpointReason;
  keyId: string;
}

export interface SignedCheckpoint extends CheckpointFields {
  /** Base64 Ed25519 signature over `checkpointPayload(fields)`. */
  signature: string;
}

/** The exact bytes that are signed: canonical JSON (keys sorted) of the fields and the context. */
export function checkpointPayload(fields: CheckpointFields): string {
  return canonicalJson({
    context: CHECKPOINT_CONTEXT,
    organizationId: fields.organizationId,
    seq: fields.seq,
    headSeq: fields.headSeq,
    headHash: fields.headHash,
    createdAt: fields.createdAt,
    reason: fields.reason,
    keyId: fields.keyId,
  });
}

/** A short, stable name of a key pair: the first 16 hex digits of SHA-256 over its public key (SPKI DER). */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex').slice(0, 16);
}

export function signCheckpoint(fields: CheckpointFields, privateKey: KeyObject): SignedCheckpoint {
  const signature = sign(null, Buffer.from(checkpointPayload(fields)), privateKey).toString('base64');
  return { ...fields, signature };
}

export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  try {
    return verify(
      null,
      Buffer.from(checkpointPayload(checkpoint)),
      publicKey,
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    // A malformed signature (wrong length, not base64) is simply not valid.
    return false;
  }
}

export const VERIFICATION_REASONS = [
  // The hash chain itself (audit-chain.ts).
  'SEQUENCE_GAP',
  'PREV_HASH_MISMATCH',
  'HASH_MISMATCH',
  // The checkpoints in the database.
  'CHECKPOINT_MISSING',
  'CHECKPOINT_KEY_UNKNOWN',
  'CHECKPOINT_SIGNATURE_INVALID',
  'CHECKPOINT_HEAD_MISSING',
  'CHECKPOINT_HEAD_MISMATCH',
  // The witness file outside the database.
  'WITNESS_AHEAD',
  'WITNESS_MISMATCH',
  'WITNESS_UNREADABLE',
  // A head the auditor kept.
  'KNOWN_HEAD_MISSING',
  'KNOWN_HEAD_MISMATCH',
] as const;
export type VerificationReason = (typeof VERIFICATION_REASONS)[number];

/** The first thing found wrong with a chain. */
export interface VerificationProblem {
  /** The entry concerned: the broken entry, or the head entry a checkpoint or kept head vouches for. */
  seq: string;
  /** The checkpoint concerned, for checkpoint and witness problems. */
  checkpointSeq: string | null;
  reason: VerificationReason;
  message: string;
}

/** A checkpoint as stored, with the hash the entry at its `headSeq` has now (null: no such entry). */
export interface StoredCheckpoint extends SignedCheckpoint {
  entryHash: string | null;
}

export interface TrustedKey {
  keyId: string;
  publicKey: KeyObject;
}

/** The hash the chain has at `seq` now; entry 0 is the genesis of every chain. */
const currentHash = (seq: string, entryHash: string | null) => (seq === '0' ? GENESIS_HASH : entryHash);

/**
 * Checks a run of a chain's checkpoints in order, after checkpoint `previousSeq`: numbering without gaps,
 * signed by the trusted key, and each head still in the chain with the hash it had. Returns the first problem.
 */
export function findCheckpointProblem(
  checkpoints: StoredCheckpoint[],
  previousSeq: string,
  key: TrustedKey,
): VerificationProblem | null {
  let previous = BigInt(previousSeq);
  for (const cp of checkpoints) {
    const problem = (reason: VerificationReason, message: string): VerificationProblem => ({
      seq: cp.headSeq,
      checkpointSeq: cp.seq,
      reason,
      message,
    });
    if (BigInt(cp.seq) !== previous + 1n) {
      return {
        ...problem(
          'CHECKPOINT_MISSING',
          `checkpoint ${previous + 1n} was removed (checkpoint ${cp.seq} follows ${previous})`,
        ),
        checkpointSeq: String(previous + 1n),
      };
    }
    if (cp.keyId !== key.keyId) {
      return problem(
        'CHECKPOINT_KEY_UNKNOWN',
        `checkpoint ${cp.seq} names key ${cp.keyId}, not the configured key ${key.keyId}: it is not trusted`,
      );
    }
    if (!checkpointSignatureValid(cp, key.publicKey)) {
      return problem(
        'CHECKPOINT_SIGNATURE_INVALID',
        `checkpoint ${cp.seq} is not signed by key ${key.keyId}`,
      );
    }
    const now = currentHash(cp.headSeq, cp.entryHash);
    if (now === null) {
      return problem(
        'CHECKPOINT_HEAD_MISSING',
        `entry ${cp.headSeq}, the head of checkpoint ${cp.seq}, no longer exists: entries were removed`,
      );
    }
    if (now !== cp.headHash) {
      return problem(
        'CHECKPOINT_HEAD_MISMATCH',
        `entry ${cp.headSeq} no longer has the hash checkpoint ${cp.seq} signed: the chain was rewritten`,
      );
    }
    previous = BigInt(cp.seq);
  }
  return null;
}

const sameCheckpoint = (a: SignedCheckpoint, b: SignedCheckpoint) =>
  checkpointPayload(a) === checkpointPayload(b) && a.signature === b.signature;

/**
 * Compares the witness (the newest checkpoint the service wrote outside the database) with the database:
 * `stored` is the database's checkpoint with the witness's number, `latestSeq` the database's newest number.
 */
export function findWitnessProblem(
  witness: SignedCheckpoint | null,
  stored: SignedCheckpoint | null,
  latestSeq: string | null,
): VerificationProblem | null {
  if (!witness) return null;
  const problem = (reason: VerificationReason, message: string): VerificationProblem => ({
    seq: witness.headSeq,
    checkpointSeq: witness.seq,
    reason,
    message,
  });
  if (latestSeq === null || BigInt(witness.seq) > BigInt(latestSeq)) {
    return problem(
      'WITNESS_AHEAD',
      `the witness holds checkpoint ${witness.seq} (entry ${witness.headSeq}) but the database's newest is ` +
        `${latestSeq ?? 'none'}: checkpoints and entries were removed`,
    );
  }
  if (!stored || !sameCheckpoint(witness, stored)) {
    return problem(
      'WITNESS_MISMATCH',
      `checkpoint ${witness.seq} in the database is ${stored ? 'not the one' : 'missing, unlike the one'} the witness holds`,
    );
  }
  return null;
}

/** Checks a head the auditor kept: `entryHash` is the hash the entry at `known.seq` has now (null: none). */
export function findKnownHeadProblem(
  known: { seq: string; hash: string },
  entryHash: string | null,
): VerificationProblem | null {
  const now = currentHash(known.seq, entryHash);
  if (now === null) {
    return {
      seq: known.seq,
      checkpointSeq: null,
      reason: 'KNOWN_HEAD_MISSING',
      message: `entry ${known.seq}, the head you kept, no longer exists: entries were removed`,
    };
  }
  if (now !== known.hash) {
    return {
      seq: known.seq,
      checkpointSeq: null,
      reason: 'KNOWN_HEAD_MISMATCH',
      message: `entry ${known.seq} no longer has the hash you kept: the chain was rewritten`,
    };
  }
  return null;
}
