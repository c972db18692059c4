import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { GENESIS_HASH } from './audit-chain';
import {
  CheckpointFields,
  checkpointPayload,
  checkpointSignatureValid,
  findCheckpointProblem,
  findKnownHeadProblem,
  findWitnessProblem,
  keyIdOf,
  signCheckpoint,
  StoredCheckpoint,
  TrustedKey,
} from './checkpoint';

const ORG = '6f1c1c1e-5b0e-4f57-9d53-2d4a2b8f3a10';
const { privateKey } = generateKeyPairSync('ed25519');
const key: TrustedKey = { keyId: keyIdOf(privateKey), publicKey: createPublicKey(privateKey) };
const hash = (n: number) => n.toString(16).padStart(64, '0');

function fields(seq: number, headSeq = seq * 10): CheckpointFields {
  return {
    organizationId: ORG,
    seq: String(seq),
    headSeq: String(headSeq),
    headHash: hash(headSeq),
    createdAt: new Date(Date.UTC(2026, 0, seq)).toISOString(),
    reason: 'interval',
    keyId: key.keyId,
  };
}

/** Checkpoints 1..n, signed, each head still in the chain with its hash. */
function stored(n: number): StoredCheckpoint[] {
  return Array.from({ length: n }, (_, i) => {
    const cp = signCheckpoint(fields(i + 1), privateKey);
    return { ...cp, entryHash: cp.headHash };
  });
}

describe('checkpoint signatures', () => {
  it('sign canonical JSON of every field and the context, keys sorted', () => {
    const payload = checkpointPayload(fields(1));
    expect(payload).toBe(
      `{"context":"re100-ledger/audit-checkpoint/v1","createdAt":"2026-01-01T00:00:00.000Z","headHash":"${hash(10)}",` +
        `"headSeq":"10","keyId":"${key.keyId}","organizationId":"${ORG}","reason":"interval","seq":"1"}`,
    );
    expect(checkpointPayload({ ...fields(1), signature: 'x' } as CheckpointFields)).toBe(payload);
  });

  it('name a key by 16 hex digits of its public key, the same from either half', () => {
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(createPublicKey(privateKey))).toBe(key.keyId);
    expect(keyIdOf(generateKeyPairSync('ed25519').privateKey)).not.toBe(key.keyId);
  });

  it('verify, and fail for any changed field, another key or a malformed signature', () => {
    const cp = signCheckpoint(fields(1), privateKey);
    expect(checkpointSignatureValid(cp, key.publicKey)).toBe(true);
    for (const change of [
      { organizationId: '00000000-0000-0000-0000-000000000000' },
      { seq: '2' },
      { headSeq: '11' },
      { headHash: hash(11) },
      { createdAt: '2026-01-01T00:00:00.001Z' },
      { reason: 'manual' as const },
      { keyId: '0000000000000000' },
      { signature: 'not base64 at all' },
      { signature: '' },
    ]) {
      expect(checkpointSignatureValid({ ...cp, ...change }, key.publicKey)).toBe(false);
    }
    const other = generateKeyPairSync('ed25519');
    expect(checkpointSignatureValid(signCheckpoint(fields(1), other.privateKey), key.publicKey)).toBe(false);
  });

  it('never carry the private key', () => {
    const cp = signCheckpoint(fields(1), privateKey);
    const secret = privateKey.export({ type: 'pkcs8', format: 'der' }).subarray(-32);
    expect(JSON.stringify(cp)).not.toContain(secret.toString('base64'));
    expect(JSON.stringify(cp)).not.toContain(secret.toString('hex'));
  });
});

describe('findCheckpointProblem', () => {
  it('accepts intact checkpoints, in batches', () => {
    const all = stored(5);
    expect(findCheckpointProblem(all, '0', key)).toBeNull();
    expect(findCheckpointProblem(all.slice(2), '2', key)).toBeNull();
    expect(findCheckpointProblem([], '0', key)).toBeNull();
  });

  it('accepts the checkpoint of an empty chain (head 0, the genesis hash)', () => {
    const cp = signCheckpoint({ ...fields(1), headSeq: '0', headHash: GENESIS_HASH }, privateKey);
    expect(findCheckpointProblem([{ ...cp, entryHash: null }], '0', key)).toBeNull();
    const forged = signCheckpoint({ ...fields(1), headSeq: '0', headHash: hash(1) }, privateKey);
    expect(findCheckpointProblem([{ ...forged, entryHash: null }], '0', key)).toMatchObject({
      reason: 'CHECKPOINT_HEAD_MISMATCH',
    });
  });

  it('finds a removed checkpoint', () => {
    const all = stored(5);
    all.splice(2, 1);
    expect(findCheckpointProblem(all, '0', key)).toMatchObject({
      reason: 'CHECKPOINT_MISSING',
      checkpointSeq: '3',
      seq: '40',
    });
  });

  it('finds a checkpoint of another key, and one whose signature does not verify', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const all = stored(3);
    const foreign = signCheckpoint({ ...fields(2), keyId: keyIdOf(other) }, other);
    expect(
      findCheckpointProblem([all[0], { ...foreign, entryHash: foreign.headHash }], '0', key),
    ).toMatchObject({
      reason: 'CHECKPOINT_KEY_UNKNOWN',
      checkpointSeq: '2',
    });
    const forged = signCheckpoint(fields(2), other);
    expect(
      findCheckpointProblem([all[0], { ...forged, entryHash: forged.headHash }], '0', key),
    ).toMatchObject({
      reason: 'CHECKPOINT_SIGNATURE_INVALID',
      checkpointSeq: '2',
    });
  });

  it('finds a head that is gone, and one that was rewritten', () => {
    const truncated = stored(3);
    truncated[2] = { ...truncated[2], entryHash: null };
    expect(findCheckpointProblem(truncated, '0', key)).toMatchObject({
      reason: 'CHECKPOINT_HEAD_MISSING',
      seq: '30',
      checkpointSeq: '3',
    });
    const rewritten = stored(3);
    rewritten[1] = { ...rewritten[1], entryHash: hash(999) };
    expect(findCheckpointProblem(rewritten, '0', key)).toMatchObject({
      reason: 'CHECKPOINT_HEAD_MISMATCH',
      seq: '20',
      checkpointSeq: '2',
    });
  });
});

describe('findWitnessProblem', () => {
  const [one, two] = stored(2);

  it('has nothing to say without a witness', () => {
    expect(findWitnessProblem(null, null, null)).toBeNull();
    expect(findWitnessProblem(null, null, '4')).toBeNull();
  });

  it('accepts a witness the database agrees with, also when the database is further on', () => {
    expect(findWitnessProblem(two, two, '2')).toBeNull();
    expect(findWitnessProblem(one, one, '2')).toBeNull();
  });

  it('finds a witness newer than the newest checkpoint in the database', () => {
    expect(findWitnessProblem(two, null, '1')).toMatchObject({ reason: 'WITNESS_AHEAD', checkpointSeq: '2' });
    expect(findWitnessProblem(two, null, null)).toMatchObject({ reason: 'WITNESS_AHEAD' });
  });

  it('finds a database checkpoint that differs from the witness', () => {
    const resigned = signCheckpoint({ ...fields(2), headHash: hash(5) }, privateKey);
    expect(findWitnessProblem(two, resigned, '2')).toMatchObject({ reason: 'WITNESS_MISMATCH' });
    expect(findWitnessProblem(one, null, '2')).toMatchObject({ reason: 'WITNESS_MISMATCH' });
  });
});

describe('findKnownHeadProblem', () => {
  it('accepts a kept head still in the chain', () => {
    expect(findKnownHeadProblem({ seq: '7', hash: hash(7) }, hash(7))).toBeNull();
    expect(findKnownHeadProblem({ seq: '0', hash: GENESIS_HASH }, null)).toBeNull();
  });

  it('finds a kept head that is gone or differs', () => {
    expect(findKnownHeadProblem({ seq: '7', hash: hash(7) }, null)).toMatchObject({
      reason: 'KNOWN_HEAD_MISSING',
      seq: '7',
      checkpointSeq: null,
    });
    expect(findKnownHeadProblem({ seq: '7', hash: hash(7) }, hash(8))).toMatchObject({
      reason: 'KNOWN_HEAD_MISMATCH',
    });
  });
});
