import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createPublicKey, KeyObject } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { publicKeyPem, Secrets, SECRETS } from '../config/secrets';
import { GENESIS_HASH } from './audit-chain';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditWitnessService } from './audit-witness.service';
import { AuditService, lockChain } from './audit.service';
import { CheckpointReason, keyIdOf, signCheckpoint, SignedCheckpoint, TrustedKey } from './checkpoint';
import {
  AuditCheckpointDto,
  AuditCheckpointPageDto,
  AuditCheckpointQueryDto,
  AuditPublicKeyDto,
} from './dto/audit-checkpoint.dto';

/** Only what the signature covers: never anything else that travels with a checkpoint. */
export const checkpointView = (cp: SignedCheckpoint): AuditCheckpointDto => ({
  organizationId: cp.organizationId,
  seq: cp.seq,
  headSeq: cp.headSeq,
  headHash: cp.headHash,
  createdAt: cp.createdAt,
  reason: cp.reason,
  keyId: cp.keyId,
  signature: cp.signature,
});

/**
 * Signed checkpoints of the audit chains: each one commits the service, under the key kept outside the
 * database, to a chain's head at a moment, so a later truncation or rewrite of the chain shows.
 */
@Injectable()
export class AuditCheckpointService {
  private readonly signingKey: KeyObject;
  readonly trustedKey: TrustedKey;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS) secrets: Secrets,
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpointRepository,
    private readonly witness: AuditWitnessService,
  ) {
    this.signingKey = secrets.auditSigningKey;
    this.trustedKey = {
      keyId: keyIdOf(secrets.auditSigningKey),
      publicKey: createPublicKey(secrets.auditSigningKey),
    };
  }

  /**
   * Records a signed checkpoint of the chain's current head inside the caller's transaction: reports and
   * year finalization call this in their own transaction, so the checkpoint covers their entries and commits
   * with them. The witness file gets it once that transaction commits.
   */
  async checkpoint(
    em: EntityManager,
    chainId: string,
    reason: CheckpointReason,
  ): Promise<AuditCheckpointDto> {
    return (await this.take(em, chainId, reason, false))!;
  }

  /** As `checkpoint`, but records nothing (null) when the newest checkpoint already names the current head. */
  checkpointIfMoved(
    em: EntityManager,
    chainId: string,
    reason: CheckpointReason,
  ): Promise<AuditCheckpointDto | null> {
    return this.take(em, chainId, reason, true);
  }

  /** A checkpoint asked for by an admin or auditor, in a transaction of its own. */
  recordManual(chainId: string): Promise<AuditCheckpointDto> {
    return this.dataSource.transaction((em) => this.checkpoint(em, chainId, 'manual'));
  }

  // Under the chain's lock, so no append slips in between reading the head and signing it.
  private async take(
    em: EntityManager,
    chainId: string,
    reason: CheckpointReason,
    onlyIfMoved: boolean,
  ): Promise<AuditCheckpointDto | null> {
    if (!em.queryRunner?.isTransactionActive)
      throw new Error('A checkpoint is recorded inside a transaction');
    await lockChain(em, chainId);
    const head = (await this.audit.head(em, chainId)) ?? { seq: '0', hash: GENESIS_HASH };
    const latest = await this.checkpoints.latest(em, chainId);
    if (onlyIfMoved && latest?.headSeq === head.seq) return null;
    const checkpoint = signCheckpoint(
      {
        organizationId: chainId,
        seq: latest ? (BigInt(latest.seq) + 1n).toString() : '1',
        headSeq: head.seq,
        headHash: head.hash,
        createdAt: new Date().toISOString(),
        reason,
        keyId: this.trustedKey.keyId,
      },
      this.signingKey,
    );
    await this.checkpoints.insert(em, checkpoint);
    this.witness.afterCommit(em, checkpoint);
    return checkpointView(checkpoint);
  }

  /** One chain's checkpoints, newest first. */
  async list(chainId: string, query: AuditCheckpointQueryDto): Promise<AuditCheckpointPageDto> {
    const { items, total } = await this.checkpoints.page(chainId, query);
    return { items: items.map(checkpointView), total, limit: query.limit, offset: query.offset };
  }

  publicKey(): AuditPublicKeyDto {
    return {
      algorithm: 'Ed25519',
      keyId: this.trustedKey.keyId,
      publicKeyPem: publicKeyPem(this.signingKey),
    };
  }
}
