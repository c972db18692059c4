import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { JOB_QUEUE_SCHEMA } from '../../database/app-privileges';

/** The queue the migrations created (migrations/1765200000000-Reports.ts) with its retry and expiry policy. */
export const REPORT_QUEUE = 'reports';

export interface ReportJob {
  organizationId: string;
  reportId: string;
}

/** How often an idle worker looks for jobs other instances queued (its own are started at once). */
const POLL_SECONDS = 2;

/**
 * The PostgreSQL-backed job queue (pg-boss) that makes reports. Jobs are rows in the `pgboss` schema of the
 * service's own database, sent in the transaction that creates the report, so a report is queued exactly
 * when it exists, survives a restart, and runs on whichever instance fetches it first (SKIP LOCKED).
 * pg-boss works through the service's connection pool and role: it never changes the schema
 * (`migrate: false`; the migrations created it as the owner).
 */
@Injectable()
export class ReportQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ReportQueue');
  private readonly boss: PgBoss;
  private workerId: string | null = null;
  private handler: ((job: ReportJob) => Promise<void>) | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.boss = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
      schema: JOB_QUEUE_SCHEMA,
      migrate: false,
      schedule: false,
    });
    this.boss.on('error', (error) => this.logger.error(`Job queue: ${error.message}`));
  }

  /** The function that runs a report job; set once by the report worker. */
  process(handler: (job: ReportJob) => Promise<void>): void {
    this.handler = handler;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    this.workerId = await this.boss.work<ReportJob>(
      REPORT_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: POLL_SECONDS },
      async ([job]) => {
        if (!this.handler) throw new Error('no report worker is registered');
        await this.handler(job.data);
      },
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
  }

  /** Queues a report's job inside the caller's transaction: it exists only if the transaction commits. */
  async enqueue(em: EntityManager, job: ReportJob): Promise<void> {
    await this.boss.send(REPORT_QUEUE, job, {
      db: { executeSql: async (text: string, values: unknown[]) => ({ rows: await em.query(text, values) }) },
    });
  }

  /** Wakes this instance's worker after a commit, instead of waiting for its next poll. */
  wake(): void {
    if (this.workerId) this.boss.notifyWorker(this.workerId);
  }
}
