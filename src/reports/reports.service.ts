import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../auth/principal';
import { AppError, invalid, notFound } from '../common/app-error';
import { claimIdempotencyKey, storeIdempotentAnswer } from '../common/idempotency';
import {
  CreateReportDto,
  ReportDto,
  ReportListQueryDto,
  ReportPageDto,
  ReportVerificationDto,
} from './dto/report.dto';
import { ReportQueue } from './jobs/report-queue';
import { figureChanges } from './model/restatement';
import type { ReportModel } from './model/report-model';
import { ReportModelService } from './report-model.service';
import { REPORT_RENDERERS } from './render/renderers';
import { ReportFile, ReportRecord, ReportsRepository } from './reports.repository';

const MAX_DIFFERENCES = 500;

/** The downloads of a ready report: file kind → its name's ending and content type. */
export const REPORT_DOWNLOADS: Record<ReportFile, { suffix: string; contentType: string }> = {
  pdf: { suffix: '.pdf', contentType: REPORT_RENDERERS.pdf.contentType },
  xlsx: { suffix: '.xlsx', contentType: REPORT_RENDERERS.xlsx.contentType },
  model: { suffix: '-model.json', contentType: 'application/json; charset=utf-8' },
};

const ROUTE_FILES: Record<ReportFile, string> = {
  pdf: 'report.pdf',
  xlsx: 'report.xlsx',
  model: 'model.json',
};

function view(r: ReportRecord): ReportDto {
  const file = (kind: ReportFile, sha256: string | null, bytes: number | null) => ({
    sha256: sha256!,
    bytes: bytes!,
    href: `/api/v1/reports/${r.id}/${ROUTE_FILES[kind]}`,
  });
  return {
    id: r.id,
    year: r.year,
    language: r.language,
    status: r.status,
    failure: r.failureCode ? { code: r.failureCode, message: r.failureMessage ?? '' } : null,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    reportStatus: r.reportStatus,
    restatesReportId: r.restatesReportId,
    rulesetId: r.rulesetId,
    factorSetId: r.factorSetId,
    asOf: r.asOf,
    modelHash: r.modelHash,
    files:
      r.status === 'ready'
        ? {
            pdf: file('pdf', r.pdfSha256, r.pdfBytes),
            xlsx: file('xlsx', r.xlsxSha256, r.xlsxBytes),
            model: file('model', r.modelSha256, null),
          }
        : null,
  };
}

/**
 * Disclosure reports of an organization: requested (queued as a job in the same transaction), listed,
 * downloaded exactly as stored, and verified against today's data. Creating one is audited, and so is
 * every download by an auditor.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsRepository,
    private readonly queue: ReportQueue,
    private readonly audit: AuditService,
    private readonly models: ReportModelService,
  ) {}

  async create(
    ctx: RequestContext,
    dto: CreateReportDto,
    idempotency: { key: string; fingerprint: string } | null,
  ): Promise<{ body: ReportDto; replayed: boolean }> {
    const answer = await this.dataSource.transaction(async (em) => {
      if (idempotency) {
        const replay = await claimIdempotencyKey(
          em,
          ctx.organizationId,
          idempotency.key,
          idempotency.fingerprint,
        );
        if (replay) return { body: replay.body as ReportDto, replayed: true };
      }
      const { record, created } = await this.reports.insert(em, {
        organizationId: ctx.organizationId,
        id: randomUUID(),
        year: dto.year,
        language: dto.language,
        requestedBy: ctx.actor.id!,
      });
      const body = view(record);
      if (created) {
        await this.audit.record(em, ctx, {
          action: 'create',
          entityType: 'report',
          entityId: record.id,
          after: body,
        });
        await this.queue.enqueue(em, { organizationId: ctx.organizationId, reportId: record.id });
      }
      if (idempotency) {
        await storeIdempotentAnswer(em, ctx.organizationId, idempotency.key, { statusCode: 202, body });
      }
      return { body, replayed: false };
    });
    if (!answer.replayed) this.queue.wake();
    return answer;
  }

  async list(ctx: RequestContext, query: ReportListQueryDto): Promise<ReportPageDto> {
    const { items, total } = await this.reports.page(this.dataSource.manager, ctx.organizationId, query);
    return { items: items.map(view), total, limit: query.limit, offset: query.offset };
  }

  async get(ctx: RequestContext, id: string): Promise<ReportDto> {
    return view(await this.find(this.dataSource.manager, ctx, id));
  }

  /** A ready report's file as stored, with its SHA-256; an auditor's download is audited. */
  async download(
    ctx: RequestContext,
    id: string,
    kind: ReportFile,
  ): Promise<{ content: Buffer; sha256: string; filename: string; contentType: string }> {
    return this.dataSource.transaction(async (em) => {
      const record = await this.ready(em, ctx, id);
      const file = (await this.reports.file(em, ctx.organizationId, id, kind))!;
      await this.auditDownload(em, ctx, id, { file: ROUTE_FILES[kind], sha256: file.sha256 });
      const { suffix, contentType } = REPORT_DOWNLOADS[kind];
      return {
        content: file.content,
        sha256: file.sha256,
        filename: `re100-report-${record.year}-${record.language}-${record.id.slice(0, 8)}${suffix}`,
        contentType,
      };
    });
  }

  /** A download by an auditor is audited (invariant 6: who read which file of which report, and when). */
  async auditDownload(em: EntityManager, ctx: RequestContext, id: string, what: object): Promise<void> {
    if (ctx.actor.type !== 'user' || ctx.actor.role !== 'auditor') return;
    await this.audit.record(em, ctx, { action: 'download', entityType: 'report', entityId: id, after: what });
  }

  /**
   * The report a reporting year is finalized from, verified inside the finalization's transaction, which
   * holds the year's lock (so no writer of the year's figures changes them meanwhile, and no second
   * connection is needed): a ready report of that year whose figures are
   * still the data's figures. 404 for a report of another organization, 422 of another year, 409 when it
   * is not ready or its figures are outdated.
   */
  async finalizable(em: EntityManager, ctx: RequestContext, year: number, id: string): Promise<ReportRecord> {
    const record = await this.find(em, ctx, id);
    if (record.year !== year) {
      throw invalid(
        'reportId',
        'REPORT_OF_ANOTHER_YEAR',
        `Report ${id} is a report of ${record.year}, not ${year}`,
      );
    }
    await this.ready(em, ctx, id);
    const check = await this.verify(ctx, id, em);
    if (!check.matches) {
      throw new AppError(
        'REPORT_OUTDATED',
        `Report ${id}: ${check.differenceCount} figure(s) differ from the data now; make a new report`,
      );
    }
    return record;
  }

  /**
   * Rebuilds the report's figures from today's data for its year and compares them with the stored model:
   * the same hash, or the figures that differ (a restatement is a comparison, not a figure: not compared).
   */
  async verify(ctx: RequestContext, id: string, within?: EntityManager): Promise<ReportVerificationDto> {
    const em = within ?? this.dataSource.manager;
    const record = await this.ready(em, ctx, id);
    const stored = JSON.parse(
      (await this.reports.model(em, ctx.organizationId, id))!.toString('utf8'),
    ) as ReportModel;
    const now = await this.models.build(
      {
        organizationId: ctx.organizationId,
        year: record.year,
        language: record.language,
        reportId: null,
      },
      within,
    );
    const differences = figureChanges(stored.content, now.content).map((c) => ({
      path: c.path,
      stored: c.finalized,
      now: c.now,
    }));
    return {
      reportId: id,
      matches: now.modelHash === stored.modelHash,
      storedModelHash: stored.modelHash,
      currentModelHash: now.modelHash,
      asOf: new Date(now.asOf),
      differences: differences.slice(0, MAX_DIFFERENCES),
      differenceCount: differences.length,
    };
  }

  private async find(em: EntityManager, ctx: RequestContext, id: string): Promise<ReportRecord> {
    const record = await this.reports.find(em, ctx.organizationId, id);
    if (!record) throw notFound('Report', id);
    return record;
  }

  /** A report that has its files: 409 `REPORT_NOT_READY` while queued or running, or when it failed. */
  async ready(em: EntityManager, ctx: RequestContext, id: string): Promise<ReportRecord> {
    const record = await this.find(em, ctx, id);
    if (record.status !== 'ready') {
      throw new AppError('REPORT_NOT_READY', `Report ${id} is ${record.status}: it has no files`);
    }
    return record;
  }
}
