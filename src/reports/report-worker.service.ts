import { createHash } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReportJob, ReportQueue } from './jobs/report-queue';
import { makeReport, REPORT_FAILURES, ReportStageError } from './make-report';
import { ReportModelService } from './report-model.service';
import { makeReportInChildProcess } from './report-process';
import { ReadyReport, ReportRecord, ReportsRepository } from './reports.repository';
import { ReportTemplates } from './templates/report-templates';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The built service makes each report (model and files) in a child process (`report-process.ts`), off its
 * event loop and outside its memory; run from the TypeScript sources (the tests), it makes them in its own
 * process. Both run the same `makeReport`; report-process.spec.ts runs the child from the sources.
 */
const MAKE_IN_CHILD_PROCESS = __filename.endsWith('.js');

/**
 * Runs of one report's job before it is given up as `INTERRUPTED`: the queue delivers a job once more
 * than this (retryLimit 3, migrations/1765200000000-Reports.ts), so the last delivery records the failure.
 */
const MAX_RUNS = 3;

/**
 * Runs report jobs: builds the model of the year as of now, renders every output, and stores the files with
 * their SHA-256 in one UPDATE that makes the report ready (and, by the database's trigger, immutable). A
 * job that finds its report already finished does nothing, so a retried job never writes twice.
 */
@Injectable()
export class ReportWorker implements OnModuleInit {
  private readonly logger = new Logger('ReportWorker');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsRepository,
    private readonly models: ReportModelService,
    private readonly templates: ReportTemplates,
    private readonly queue: ReportQueue,
  ) {}

  onModuleInit(): void {
    this.queue.process((job) => this.run(job));
  }

  async run({ organizationId, reportId }: ReportJob): Promise<void> {
    const record = await this.dataSource.transaction(async (em) => {
      const found = await this.reports.find(em, organizationId, reportId, true);
      if (!found || found.status === 'ready' || found.status === 'failed') return null;
      if (found.attempts >= MAX_RUNS) {
        // Each earlier run ended without an answer (the process died, or the job expired): stop here.
        const message = `${found.attempts} runs ended without finishing (the service stopped or ran out of time)`;
        await this.reports.markFailed(em, organizationId, reportId, REPORT_FAILURES.interrupted, message);
        return null;
      }
      await this.reports.markRunning(em, organizationId, reportId);
      return found;
    });
    if (!record) return;
    let ready: ReadyReport;
    try {
      ready = await this.make(record);
    } catch (error) {
      const failure = ReportStageError.of(error);
      this.logger.error(`Report ${reportId} failed (${failure.code}): ${failure.message}`);
      await this.dataSource.transaction((em) =>
        this.reports.markFailed(em, organizationId, reportId, failure.code, failure.message),
      );
      return;
    }
    // A database error here fails the job, which the queue runs again: the report stays running until then.
    await this.dataSource.transaction((em) => this.reports.markReady(em, organizationId, reportId, ready));
  }

  private async make(record: ReportRecord): Promise<ReadyReport> {
    const { organizationId, year, language } = record;
    const inputs = await this.models.read({ organizationId, year, language, reportId: record.id });
    const { model, pdf, xlsx } = MAKE_IN_CHILD_PROCESS
      ? await makeReportInChildProcess(inputs)
      : await makeReport(inputs, this.templates);
    const modelJson = Buffer.from(JSON.stringify(model, null, 2));
    return {
      reportStatus: model.status,
      restatesReportId: model.restatement?.finalizedReportId ?? null,
      rulesetId: model.content.ruleset.id,
      factorSetId: model.content.factorSets[0].id,
      asOf: new Date(model.asOf),
      modelHash: model.modelHash,
      modelJson,
      modelSha256: sha256(modelJson),
      pdf,
      pdfSha256: sha256(pdf),
      xlsx,
      xlsxSha256: sha256(xlsx),
    };
  }
}
