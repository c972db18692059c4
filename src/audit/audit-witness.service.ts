import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import path from 'node:path';
import {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { WitnessFile } from './audit-witness';
import { SignedCheckpoint } from './checkpoint';

export const WITNESS_FILE_NAME = 'audit-witness.json';

interface Pending {
  /** Transaction depth the checkpoint was recorded at: a rolled-back savepoint takes it along. */
  depth: number;
  checkpoint: SignedCheckpoint;
}

/** TypeORM keeps the nesting depth of a query runner's transaction (savepoints) here. */
const depthOf = (runner: QueryRunner) => (runner as unknown as { transactionDepth: number }).transactionDepth;

/**
 * Keeps the newest checkpoint of every chain in `<dataDir>/audit-witness.json`, outside the database. A
 * checkpoint is written there only once the transaction that recorded it has committed (a rolled-back one
 * would make the witness claim a checkpoint the database never had), before that transaction call returns.
 */
@Injectable()
export class AuditWitnessService implements EntitySubscriberInterface {
  private readonly logger = new Logger('AuditWitness');
  private readonly file: WitnessFile;
  private readonly pending = new WeakMap<QueryRunner, Pending[]>();

  constructor(@InjectDataSource() dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    this.file = new WitnessFile(path.join(config.dataDir, WITNESS_FILE_NAME));
    dataSource.subscribers.push(this);
  }

  /** Writes `checkpoint` to the witness once the transaction of `em` commits. */
  afterCommit(em: EntityManager, checkpoint: SignedCheckpoint): void {
    const runner = em.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('A checkpoint is recorded inside a transaction');
    const list = this.pending.get(runner) ?? [];
    list.push({ depth: depthOf(runner), checkpoint });
    this.pending.set(runner, list);
  }

  /** The newest checkpoint of a chain in the witness, or null; a damaged file throws WitnessUnreadableError. */
  async latest(chainId: string): Promise<SignedCheckpoint | null> {
    const doc = await this.file.read();
    return doc?.chains[chainId] ?? null;
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const runner = event.queryRunner;
    const list = this.pending.get(runner);
    // A released savepoint commits nothing yet: its checkpoints wait for the outer commit.
    if (!list || runner.isTransactionActive) return;
    this.pending.delete(runner);
    try {
      await this.file.record(list.map((p) => p.checkpoint));
    } catch (error) {
      // The checkpoint is committed: the witness only lags. Failing the caller's request would not undo it.
      this.logger.error(
        `The audit witness ${this.file.file} could not be written: ${(error as Error).message}`,
      );
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const runner = event.queryRunner;
    const list = this.pending.get(runner);
    if (!list) return;
    const kept = list.filter((p) => p.depth <= depthOf(runner));
    if (kept.length > 0 && runner.isTransactionActive) this.pending.set(runner, kept);
    else this.pending.delete(runner);
  }
}
