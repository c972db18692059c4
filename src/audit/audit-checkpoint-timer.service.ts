import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { PLATFORM_CHAIN_ID } from './audit.service';

// Session advisory lock held by the one instance whose timer is checkpointing (others skip that round).
const TIMER_LOCK_KEY = 7_301_020;

/**
 * Every `AUDIT_CHECKPOINT_INTERVAL_SECONDS` (0: never), checkpoints each chain whose head moved since its
 * newest checkpoint, reason `interval`. Bounds how many entries can be removed without a signature noticing.
 */
@Injectable()
export class AuditCheckpointTimer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditCheckpoints');
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly checkpoints: AuditCheckpointService,
    private readonly repository: AuditCheckpointRepository,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.auditCheckpointIntervalSeconds;
    if (seconds === 0) return;
    // unref: a pending round never keeps the process alive on its own.
    this.timer = setInterval(() => void this.runRound(), seconds * 1000).unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    // Let a running round finish before the database connections close.
    await this.round;
  }

  /** One round; a round still running when the next is due makes that one skip. */
  runRound(): Promise<void> {
    if (!this.round) {
      this.round = this.checkpointMovedChains()
        .catch((error: Error) => this.logger.error(`Audit checkpoint round failed: ${error.message}`))
        .finally(() => (this.round = null));
    }
    return this.round;
  }

  private async checkpointMovedChains(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [TIMER_LOCK_KEY]);
      if (!locked) return; // another instance is at it
      try {
        const chains = await this.repository.chainsMovedSinceCheckpoint(runner.manager, PLATFORM_CHAIN_ID);
        for (const chainId of chains) {
          if (this.stopping) break;
          // One transaction per chain: one failing chain does not hold back the others.
          await runner.startTransaction();
          try {
            await this.checkpoints.checkpointIfMoved(runner.manager, chainId, 'interval');
            await runner.commitTransaction();
          } catch (error) {
            await runner.rollbackTransaction();
            this.logger.warn(`No interval checkpoint for chain ${chainId}: ${(error as Error).message}`);
          }
        }
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [TIMER_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }
}
