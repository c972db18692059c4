import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageDto } from '../../common/page.dto';
import { PageQueryDto } from '../../common/page-query.dto';
import { CHECKPOINT_REASONS, type CheckpointReason } from '../checkpoint';

export class AuditCheckpointQueryDto extends PageQueryDto {
  /** Only checkpoints recorded for this reason. */
  @IsOptional()
  @IsIn(CHECKPOINT_REASONS)
  reason?: CheckpointReason;
}

/** A signed statement that entry `headSeq` of the chain had hash `headHash` at `createdAt`. */
export class AuditCheckpointDto {
  /** The chain: the organization's id, or the nil uuid for the platform chain. */
  organizationId: string;

  /** Position among the chain's checkpoints, from 1, without gaps. */
  seq: string;

  /** The chain's newest entry when the checkpoint was taken; `0` for a chain that was still empty. */
  headSeq: string;

  /** Hash of that entry (for `0`: 64 zeros). */
  headHash: string;

  /** When it was taken, ISO 8601 with milliseconds and `Z`, exactly as signed. */
  @ApiProperty({ format: 'date-time', example: '2026-01-31T23:00:00.000Z' })
  createdAt: string;

  /** `manual` (POST …/checkpoints), `interval` (the timer), `report`, `finalization`. */
  @ApiProperty({ enum: CHECKPOINT_REASONS })
  reason: CheckpointReason;

  /** First 16 hex digits of SHA-256 over the signing key's public key (SPKI DER). */
  keyId: string;

  /**
   * Base64 Ed25519 signature (key `keyId`, see `GET …/public-key`) over the UTF-8 bytes of the JSON object
   * `{context: "re100-ledger/audit-checkpoint/v1", organizationId, seq, headSeq, headHash, createdAt, reason,
   * keyId}` with every value the string shown here, keys in alphabetical order and no spaces (docs/audit-log.md).
   */
  signature: string;
}

export class AuditCheckpointPageDto extends PageDto {
  items: AuditCheckpointDto[];
}

/** The public half of the key that signs checkpoints, so an auditor can check signatures offline. */
export class AuditPublicKeyDto {
  /** Signature algorithm of the checkpoints (EdDSA over Curve25519, pure, no pre-hash). */
  @ApiProperty({ enum: ['Ed25519'] })
  algorithm: 'Ed25519';

  /** The `keyId` of the checkpoints this key signs. */
  keyId: string;

  /** SPKI public key in PEM. */
  publicKeyPem: string;
}
