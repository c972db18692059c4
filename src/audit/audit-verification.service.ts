import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { findChainBreak, GENESIS_HASH } from './audit-chain';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditCheckpointService, checkpointView } from './audit-checkpoint.service';
import { WitnessUnreadableError } from './audit-witness';
import { AuditWitnessService } from './audit-witness.service';
import { AuditService } from './audit.service';
import {
  findCheckpointProblem,
  findKnownHeadProblem,
  findWitnessProblem,
  SignedCheckpoint,
  VerificationProblem,
} from './checkpoint';
import { VerifyQueryDto } from './dto/audit-query.dto';
import { ChainVerificationDto } from './dto/audit-response.dto';

// Entries are read this many at a time: an entry may hold up to a few hundred KB (an import's summary).
const BATCH = 200;

type Witness = { checkpoint: SignedCheckpoint | null } | { unreadable: string };

/**
 * Checks a chain against everything that can vouch for it: its own hashes and links, every signed checkpoint,
 * the witness file outside the database, and a head the auditor kept.
 */
@Injectable()
export class AuditVerificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpointRepository,
    private readonly checkpointService: AuditCheckpointService,
    private readonly witness: AuditWitnessService,
  ) {}

  async verify(chainId: string, query: VerifyQueryDto): Promise<ChainVerificationDto> {
    // The witness is read first: it only ever holds committed checkpoints, so the database read after it
    // must contain them all; read the other way round, a checkpoint committed in between would look removed.
    const witness = await this.readWitness(chainId);
    // One snapshot, so the entries and the checkpoints that name them are seen at the same moment.
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const chain = await this.walkChain(em, chainId);
      const checkpoints = await this.checkCheckpoints(em, chainId);
      const witnessProblem =
        'unreadable' in witness
          ? unreadableWitness(witness.unreadable)
          : findWitnessProblem(
              witness.checkpoint,
              witness.checkpoint
                ? await this.checkpoints.findBySeq(em, chainId, witness.checkpoint.seq)
                : null,
              checkpoints.latest?.seq ?? null,
            );
      const known =
        query.headSeq !== undefined && query.headHash !== undefined
          ? { seq: query.headSeq, hash: query.headHash }
          : null;
      const knownProblem = known
        ? findKnownHeadProblem(known, await this.audit.hashAt(em, chainId, known.seq))
        : null;
      const firstBroken = chain.problem ?? checkpoints.problem ?? witnessProblem ?? knownProblem;
      const head = chain.problem ? null : chain.head;
      return {
        valid: firstBroken === null,
        entriesChecked: chain.checked,
        headSeq: head?.seq ?? null,
        headHash: head?.hash ?? null,
        firstBroken,
        checkpoints: {
          checked: checkpoints.checked,
          latest: checkpoints.latest ? checkpointView(checkpoints.latest) : null,
          entriesSinceLatest: entriesAfter(chain.lastSeq, checkpoints.latest?.headSeq),
          witness: 'checkpoint' in witness && witness.checkpoint ? checkpointView(witness.checkpoint) : null,
          knownHeadChecked: known !== null,
        },
      };
    });
  }

  private async readWitness(chainId: string): Promise<Witness> {
    try {
      return { checkpoint: await this.witness.latest(chainId) };
    } catch (error) {
      if (error instanceof WitnessUnreadableError) return { unreadable: error.message };
      throw error;
    }
  }

  /** Recomputes every hash of the chain in order; stops at the first broken link. */
  private async walkChain(em: EntityManager, chainId: string) {
    let previous = { seq: '0', hash: GENESIS_HASH };
    let checked = 0;
    for (;;) {
      const batch = await this.audit.entriesAfter(em, chainId, previous.seq, BATCH);
      const broken = findChainBreak(batch, previous);
      if (broken) {
        const problem: VerificationProblem = { ...broken, checkpointSeq: null };
        const lastSeq = (await this.audit.head(em, chainId))?.seq ?? '0';
        return {
          problem,
          checked: checked + batch.findIndex((e) => e.seq === broken.seq),
          head: null,
          lastSeq,
        };
      }
      checked += batch.length;
      if (batch.length > 0) previous = batch[batch.length - 1];
      if (batch.length < BATCH) break;
    }
    const head = checked ? { seq: previous.seq, hash: previous.hash } : null;
    return { problem: null, checked, head, lastSeq: previous.seq };
  }

  /** Checks the chain's checkpoints in order (numbering, key, signature, head) up to the first problem. */
  private async checkCheckpoints(em: EntityManager, chainId: string) {
    let previousSeq = '0';
    let checked = 0;
    for (;;) {
      const batch = await this.checkpoints.withHeadsAfter(em, chainId, previousSeq, BATCH);
      const problem = findCheckpointProblem(batch, previousSeq, this.checkpointService.trustedKey);
      if (problem) {
        checked += batch.filter((cp) => BigInt(cp.seq) < BigInt(problem.checkpointSeq!)).length;
        return { problem, checked, latest: await this.checkpoints.latest(em, chainId) };
      }
      checked += batch.length;
      if (batch.length > 0) previousSeq = batch[batch.length - 1].seq;
      if (batch.length < BATCH) break;
    }
    return { problem: null, checked, latest: await this.checkpoints.latest(em, chainId) };
  }
}

/** Entries after `headSeq`, up to the chain's last entry. */
const entriesAfter = (lastSeq: string, headSeq: string | undefined): number => {
  const count = BigInt(lastSeq) - BigInt(headSeq ?? '0');
  return count > 0n ? Number(count) : 0;
};

const unreadableWitness = (message: string): VerificationProblem => ({
  seq: '0',
  checkpointSeq: null,
  reason: 'WITNESS_UNREADABLE',
  message: `${message}: move it aside to start a new one, and find out who changed it`,
});
