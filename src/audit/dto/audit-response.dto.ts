import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '../../common/page.dto';
import { AuditEntry } from '../audit-entry.entity';
import { VERIFICATION_REASONS, type VerificationReason } from '../checkpoint';
import { AuditCheckpointDto } from './audit-checkpoint.dto';

export class AuditPageDto extends PageDto {
  items: AuditEntry[];
}

export class ChainBreakDto {
  /**
   * The entry concerned: the first entry whose link is broken, or the head entry that a checkpoint, the
   * witness or the head you kept vouches for.
   */
  seq: string;

  /** The checkpoint concerned (checkpoint and witness problems), else null. */
  checkpointSeq: string | null;

  /**
   * Chain: `SEQUENCE_GAP` (an entry is missing), `PREV_HASH_MISMATCH` (an entry does not point at the one
   * before: inserted, reordered or rewritten), `HASH_MISMATCH` (an entry was changed).
   * Checkpoints: `CHECKPOINT_MISSING` (a checkpoint was removed), `CHECKPOINT_KEY_UNKNOWN` (names a key other
   * than the configured one), `CHECKPOINT_SIGNATURE_INVALID` (forged or altered), `CHECKPOINT_HEAD_MISSING`
   * (the entry it signed is gone: the chain was truncated), `CHECKPOINT_HEAD_MISMATCH` (the entry it signed
   * has another hash: the chain was rewritten).
   * Witness file: `WITNESS_AHEAD` (it holds a checkpoint newer than any in the database: checkpoints and
   * entries were removed), `WITNESS_MISMATCH` (the database's checkpoint differs from it),
   * `WITNESS_UNREADABLE` (the file is damaged).
   * Head you kept (`headSeq`, `headHash`): `KNOWN_HEAD_MISSING`, `KNOWN_HEAD_MISMATCH`.
   */
  @ApiProperty({ enum: VERIFICATION_REASONS })
  reason: VerificationReason;

  /** What was found, in words. */
  message: string;
}

export class CheckpointVerificationDto {
  /** Checkpoints whose number, key, signature and head were checked: all of them, or those before a broken one. */
  checked: number;

  /** The chain's newest checkpoint in the database. */
  latest: AuditCheckpointDto | null;

  /** Entries written after the newest checkpoint's head: no signature vouches for them yet. */
  entriesSinceLatest: number;

  /** The newest checkpoint of this chain in this instance's witness file (null: none recorded there). */
  witness: AuditCheckpointDto | null;

  /** True when a head you kept (`headSeq`, `headHash`) was given and checked. */
  knownHeadChecked: boolean;
}

export class ChainVerificationDto {
  /** True when nothing below found a problem. */
  valid: boolean;

  /** Entries whose hash and link were recomputed before the first break (all when the chain is intact). */
  entriesChecked: number;

  /** Last entry of an intact chain; keep it outside the database and pass it back as `headSeq`/`headHash`. */
  headSeq: string | null;

  /** Hash of that entry. */
  headHash: string | null;

  /** The first problem found: in the chain, then the checkpoints, the witness and the head you kept. */
  firstBroken: ChainBreakDto | null;

  /** What the signed checkpoints and the witness say about the chain. */
  checkpoints: CheckpointVerificationDto;
}
