import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ZipFile } from 'yazl';
import { RequestContext } from '../auth/principal';
import { reportingYearDates } from '../readings/reporting-year';
import { claimsCsv, MeterMonth, meterMonthsCsv, monthsMatchReport } from './evidence-pack';
import type { ReportModel } from './model/report-model';
import { ReportFile, ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

interface EvidenceFileRow {
  id: string;
  certificate_id: string | null;
  contract_id: string | null;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
}

/** A name safe inside a zip: no directories, no `..`, no control characters. */
const safeName = (name: string) =>
  [...name]
    .map((c) => (/[/\\:]/.test(c) || c.charCodeAt(0) < 0x20 || c === '\x7f' ? '_' : c))
    .join('')
    .replace(/^\.+/, '_');

/**
 * A report's evidence pack (`evidence.zip`), streamed with yazl: the stored PDF, XLSX and model, the claims
 * register and the consumption per meter and month as CSV, every evidence file attached to the claimed
 * certificates and their contracts, and `manifest.json` with each file's SHA-256 and the model hash.
 * Evidence files are read from the database one at a time as the zip is written, never all in memory.
 */
@Injectable()
export class EvidencePackService {
  private readonly logger = new Logger('EvidencePack');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly repository: ReportsRepository,
  ) {}

  async open(ctx: RequestContext, id: string): Promise<{ stream: Readable; filename: string }> {
    const { record, stored, model, evidence, months } = await this.dataSource.transaction(
      'REPEATABLE READ',
      async (em) => {
        const record = await this.reports.ready(em, ctx, id);
        await this.reports.auditDownload(em, ctx, id, { file: 'evidence.zip' });
        const stored = new Map<ReportFile, Buffer>();
        for (const kind of ['pdf', 'xlsx', 'model'] as const) {
          stored.set(kind, (await this.repository.file(em, ctx.organizationId, id, kind))!.content);
        }
        const model = JSON.parse(stored.get('model')!.toString('utf8')) as ReportModel;
        const claims = model.content.claims;
        const evidence: EvidenceFileRow[] = await em.query(
          `SELECT id, certificate_id, contract_id, filename, content_type, size_bytes, sha256 FROM evidence_files
           WHERE organization_id = $1 AND (certificate_id = ANY($2::uuid[]) OR contract_id = ANY($3::uuid[]))
           ORDER BY certificate_id NULLS LAST, contract_id, uploaded_at, id`,
          [
            ctx.organizationId,
            claims.map((c) => c.certificateId).filter((c): c is string => c !== null),
            claims.map((c) => c.contract?.contractId).filter((c): c is string => !!c),
          ],
        );
        const [{ start_month: startMonth }] = await em.query(
          'SELECT reporting_year_start_month AS start_month FROM organizations WHERE id = $1',
          [ctx.organizationId],
        );
        const { from, to } = reportingYearDates(record.year, startMonth);
        const months: MeterMonth[] = (
          await em.query(
            `SELECT s.id AS "siteId", s.name AS "siteName", m.id AS "meterId", m.external_id AS "externalId",
                    m.direction, to_char(r.month, 'YYYY-MM') AS month, r.wh::text AS wh, r.readings,
                    r.estimated_wh::text AS "estimatedWh"
             FROM meter_monthly_rollups r
             JOIN meters m ON m.organization_id = r.organization_id AND m.id = r.meter_id
             JOIN sites s ON s.organization_id = m.organization_id AND s.id = m.site_id
             WHERE r.organization_id = $1 AND r.month >= $2 AND r.month < $3
             ORDER BY s.name, s.id, m.external_id, r.month`,
            [ctx.organizationId, from, to],
          )
        ).map((r: Record<string, string>) => ({
          ...r,
          wh: BigInt(r.wh),
          estimatedWh: BigInt(r.estimatedWh),
          readings: Number(r.readings),
        }));
        return { record, stored, model, evidence, months };
      },
    );

    const mtime = new Date(model.asOf);
    const zip = new ZipFile();
    const manifest: { path: string; bytes: number; sha256: string }[] = [];
    const base = `re100-report-${record.year}-${record.language}-${record.id.slice(0, 8)}`;
    const addBuffer = (path: string, content: Buffer) => {
      manifest.push({
        path,
        bytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
      });
      zip.addBuffer(content, path, { mtime });
    };
    addBuffer('report.pdf', stored.get('pdf')!);
    addBuffer('report.xlsx', stored.get('xlsx')!);
    addBuffer('model.json', stored.get('model')!);
    addBuffer('claims.csv', Buffer.from(claimsCsv(model)));
    addBuffer('consumption-by-meter-and-month.csv', Buffer.from(meterMonthsCsv(months)));
    for (const file of evidence) {
      const owner = file.certificate_id
        ? `certificates/${file.certificate_id}`
        : `contracts/${file.contract_id}`;
      const path = `evidence/${owner}/${file.id}-${safeName(file.filename)}`;
      manifest.push({ path, bytes: file.size_bytes, sha256: file.sha256.trim() });
      zip.addReadStreamLazy(path, { mtime, size: file.size_bytes }, (done) =>
        this.content(ctx.organizationId, file.id).then(
          (content) => done(null, Readable.from([content])),
          (error: Error) => done(error, undefined as never),
        ),
      );
    }
    const summary = {
      reportId: record.id,
      organizationId: ctx.organizationId,
      year: record.year,
      language: record.language,
      reportStatus: record.reportStatus,
      modelHash: model.modelHash,
      asOf: model.asOf,
      consumptionMatchesReport: monthsMatchReport(model, months),
      files: manifest,
    };
    zip.addBuffer(Buffer.from(JSON.stringify(summary, null, 2)), 'manifest.json', { mtime });
    // A file that cannot be read ends the download (the client sees a cut-off zip), never the process.
    const output = zip.outputStream as Readable;
    zip.on('error', (error: Error) => {
      this.logger.warn(`Evidence pack of report ${record.id} cut off: ${error.message}`);
      output.destroy(error);
    });
    zip.end();
    return { stream: output, filename: `${base}-evidence.zip` };
  }

  /** One evidence file's bytes, read from the database only when the zip reaches it. */
  private async content(organizationId: string, fileId: string): Promise<Buffer> {
    const [row]: { content: Buffer }[] = await this.dataSource.query(
      'SELECT content FROM evidence_files WHERE organization_id = $1 AND id = $2',
      [organizationId, fileId],
    );
    if (!row) throw new Error(`evidence file ${fileId} was deleted while the pack was being written`);
    return row.content;
  }
}
