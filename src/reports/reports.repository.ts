import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ReportLanguage, ReportStatus } from './model/report-model';

export type ReportJobStatus = 'queued' | 'running' | 'ready' | 'failed';

/** A report row without its files: what lists and views show. */
export interface ReportRecord {
  organizationId: string;
  id: string;
  year: number;
  language: ReportLanguage;
  status: ReportJobStatus;
  attempts: number;
  failureCode: string | null;
  failureMessage: string | null;
  requestedBy: string;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  reportStatus: ReportStatus | null;
  restatesReportId: string | null;
  rulesetId: string | null;
  factorSetId: string | null;
  asOf: Date | null;
  modelHash: string | null;
  modelSha256: string | null;
  pdfSha256: string | null;
  pdfBytes: number | null;
  xlsxSha256: string | null;
  xlsxBytes: number | null;
}

/** The stored files of a ready report. */
export const REPORT_FILES = {
  pdf: { column: 'pdf', hash: 'pdf_sha256' },
  xlsx: { column: 'xlsx', hash: 'xlsx_sha256' },
  model: { column: 'model_json', hash: 'model_sha256' },
} as const;
export type ReportFile = keyof typeof REPORT_FILES;

/** What a finished job stores: the files, their hashes and what they were made from. */
export interface ReadyReport {
  reportStatus: ReportStatus;
  restatesReportId: string | null;
  rulesetId: string;
  factorSetId: string;
  asOf: Date;
  modelHash: string;
  modelJson: Buffer;
  modelSha256: string;
  pdf: Buffer;
  pdfSha256: string;
  xlsx: Buffer;
  xlsxSha256: string;
}

const COLUMNS = `organization_id AS "organizationId", id, year, language, status, attempts,
  failure_code AS "failureCode", failure_message AS "failureMessage", requested_by AS "requestedBy",
  requested_at AS "requestedAt", started_at AS "startedAt", finished_at AS "finishedAt",
  report_status AS "reportStatus", restates_report_id AS "restatesReportId", ruleset_id AS "rulesetId",
  factor_set_id AS "factorSetId", as_of AS "asOf", model_hash AS "modelHash", model_sha256 AS "modelSha256",
  pdf_sha256 AS "pdfSha256", octet_length(pdf) AS "pdfBytes", xlsx_sha256 AS "xlsxSha256",
  octet_length(xlsx) AS "xlsxBytes"`;

/** The `reports` table (migrations/1765200000000-Reports.ts); a ready row is immutable in the database. */
@Injectable()
export class ReportsRepository {
  /**
   * Inserts a queued report, unless one of the same year and language is queued or running: then answers
   * that one, with `created: false` (a second request while the first is being made gets the first).
   */
  async insert(
    em: EntityManager,
    row: { organizationId: string; id: string; year: number; language: ReportLanguage; requestedBy: string },
  ): Promise<{ record: ReportRecord; created: boolean }> {
    const [created] = await em.query(
      `INSERT INTO reports (organization_id, id, year, language, requested_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organization_id, year, language) WHERE status IN ('queued', 'running') DO NOTHING
       RETURNING ${COLUMNS}`,
      [row.organizationId, row.id, row.year, row.language, row.requestedBy],
    );
    if (created) return { record: created, created: true };
    const [existing] = await em.query(
      `SELECT ${COLUMNS} FROM reports WHERE organization_id = $1 AND year = $2 AND language = $3
       AND status IN ('queued', 'running')`,
      [row.organizationId, row.year, row.language],
    );
    return { record: existing, created: false };
  }

  async find(
    em: EntityManager,
    organizationId: string,
    id: string,
    lock = false,
  ): Promise<ReportRecord | null> {
    const [record] = await em.query(
      `SELECT ${COLUMNS} FROM reports WHERE organization_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [organizationId, id],
    );
    return record ?? null;
  }

  async page(
    em: EntityManager,
    organizationId: string,
    filter: { year?: number; limit: number; offset: number },
  ): Promise<{ items: ReportRecord[]; total: number }> {
    const params = [organizationId, filter.year ?? null];
    const where = `organization_id = $1 AND ($2::int IS NULL OR year = $2)`;
    const items = await em.query(
      `SELECT ${COLUMNS} FROM reports WHERE ${where} ORDER BY requested_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [...params, filter.limit, filter.offset],
    );
    const [{ total }] = await em.query(`SELECT count(*)::int AS total FROM reports WHERE ${where}`, params);
    return { items, total };
  }

  /** A stored file's bytes and SHA-256. */
  async file(
    em: EntityManager,
    organizationId: string,
    id: string,
    file: ReportFile,
  ): Promise<{ content: Buffer; sha256: string } | null> {
    const { column, hash } = REPORT_FILES[file];
    const [row] = await em.query(
      `SELECT ${column} AS content, ${hash} AS sha256 FROM reports
       WHERE organization_id = $1 AND id = $2 AND status = 'ready'`,
      [organizationId, id],
    );
    return row ?? null;
  }

  async markRunning(em: EntityManager, organizationId: string, id: string): Promise<void> {
    await em.query(
      `UPDATE reports SET status = 'running', started_at = now(), attempts = attempts + 1
       WHERE organization_id = $1 AND id = $2`,
      [organizationId, id],
    );
  }

  async markReady(em: EntityManager, organizationId: string, id: string, ready: ReadyReport): Promise<void> {
    await em.query(
      `UPDATE reports SET status = 'ready', finished_at = now(), report_status = $3, restates_report_id = $4,
         ruleset_id = $5, factor_set_id = $6, as_of = $7, model_hash = $8, model_json = $9, model_sha256 = $10,
         pdf = $11, pdf_sha256 = $12, xlsx = $13, xlsx_sha256 = $14
       WHERE organization_id = $1 AND id = $2`,
      [
        organizationId,
        id,
        ready.reportStatus,
        ready.restatesReportId,
        ready.rulesetId,
        ready.factorSetId,
        ready.asOf,
        ready.modelHash,
        ready.modelJson,
        ready.modelSha256,
        ready.pdf,
        ready.pdfSha256,
        ready.xlsx,
        ready.xlsxSha256,
      ],
    );
  }

  async markFailed(em: EntityManager, organizationId: string, id: string, code: string, message: string) {
    await em.query(
      `UPDATE reports SET status = 'failed', finished_at = now(), failure_code = $3, failure_message = $4
       WHERE organization_id = $1 AND id = $2 AND status IN ('queued', 'running')`,
      [organizationId, id, code, message.slice(0, 2000)],
    );
  }

  /** The stored model of a ready report (for a restatement and for verification). */
  async model(em: EntityManager, organizationId: string, id: string): Promise<Buffer | null> {
    return (await this.file(em, organizationId, id, 'model'))?.content ?? null;
  }
}
