import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { readFile } from 'node:fs/promises';
import { RequestContext } from '../../../auth/principal';
import type { SpooledFile, SpooledUpload } from '../../../common/request-body/file-body';
import { CertificateImportService } from '../../../procurement/certificate-import.service';
import { CsvImportQueryDto } from '../../../readings/dto/import-query.dto';
import { IngestResultDto } from '../../../readings/dto/ingest-result.dto';
import { answerIngest } from '../../../readings/ingest-http';
import { ReadingsImportService } from '../../../readings/import/readings-import.service';
import { attempt, bodyOf, fieldOf, FormFields, validated } from '../../views/form';
import {
  certificateReport,
  ImportPanel,
  ReadingsOptionsForm,
  readingsReport,
  refusedPanel,
} from './import-view';
import { ImportUploads, UploadKind } from './import-uploads';

/** An uploaded file as multer gives it (`@EvidenceBody`). */
/** A commit's outcome: what the import did, or the panel that says why it did not. */
export type Committed<T> = { value: T; panel: null } | { value: null; panel: ImportPanel };

/** The options of a readings import, as the API's query takes them (`CsvImportQueryDto`). */
type ReadingsOptions = Pick<
  CsvImportQueryDto,
  'timestampConvention' | 'timeZone' | 'ambiguous' | 'unit' | 'meter' | 'mode'
>;

/**
 * `answerIngest` is the API's mapping of an ingestion verdict (PERIOD_LOCKED, BATCH_REJECTED, or the
 * report): the page asks it the same question. It only sets the status of the answer, which the page sets
 * itself, so it is given a response that keeps nothing.
 */
const NO_RESPONSE = { status: () => NO_RESPONSE, setHeader: () => NO_RESPONSE } as unknown as Response;

/**
 * The import pages: a file is checked by the API's own import (a dry run: the per-row report, nothing
 * written), kept for its commit (ImportUploads), then imported by id with the options it was checked with.
 */
@Injectable()
export class ImportsPagesService {
  constructor(
    private readonly certificates: CertificateImportService,
    private readonly readings: ReadingsImportService,
    private readonly uploads: ImportUploads,
  ) {}

  /** Dry run of a certificates file (the API's `POST /certificates/import?dryRun=true`). */
  async checkCertificates(ctx: RequestContext, file: SpooledUpload): Promise<ImportPanel> {
    // Small (CERTIFICATE_IMPORT_MAX_BYTES): the API's import parses it whole, as text.
    const text = await readFile(file.path, 'utf8');
    const done = await attempt(() => this.certificates.import(ctx, text, true));
    if (done.refusal) return refusedPanel(done.refusal);
    const facts = { filename: file.filename.slice(0, 200), bytes: file.bytes, sha256: file.sha256 };
    const report = certificateReport(facts, done.value);
    if (!report.committable) return { state: 'checked', report };
    const kept = await this.uploads.keep(ctx, 'certificates', file, null);
    return { state: 'checked', report: { ...report, uploadId: kept.upload.id } };
  }

  /** Imports the certificates file checked before, by its id; all or nothing, as the API. */
  commitCertificates(ctx: RequestContext, uploadId: string): Promise<Committed<{ created: number }>> {
    return this.commit<null, { created: number }>(ctx, 'certificates', uploadId, async (taken) =>
      this.certificates.import(ctx, await readFile(taken.file.path, 'utf8'), false),
    );
  }

  /** The readings options of the form, checked by the API's query DTO. */
  async readingsOptions(
    fields: FormFields,
  ): Promise<{ options: ReadingsOptions; form: ReadingsOptionsForm }> {
    const form: ReadingsOptionsForm = {
      timeZone: fieldOf(fields, 'timeZone'),
      timestampConvention: fieldOf(fields, 'timestampConvention') || 'start',
      mode: fieldOf(fields, 'mode') || 'insert',
      ambiguous: fieldOf(fields, 'ambiguous') || 'order',
      unit: fieldOf(fields, 'unit'),
      meter: fieldOf(fields, 'meter'),
      errors: null,
    };
    const checked = await validated(CsvImportQueryDto, bodyOf(fields));
    if (checked.errors) return { options: null as never, form: { ...form, errors: checked.errors } };
    const { timestampConvention, timeZone, ambiguous, unit, meter, mode } = checked.value;
    return { options: { timestampConvention, timeZone, ambiguous, unit, meter, mode }, form };
  }

  /**
   * Dry run of a readings file (the API's `POST /readings/import/csv?dryRun=true`), every row reported. The
   * import reads the file from disk, so it is kept first, and let go unless it can be committed.
   */
  async checkReadings(
    ctx: RequestContext,
    file: SpooledUpload,
    options: ReadingsOptions,
  ): Promise<ImportPanel> {
    const kept = await this.uploads.keep(ctx, 'readings', file, options);
    const done = await attempt(() => this.importReadings(ctx, kept.file, options, true));
    if (done.refusal) {
      await kept.file.discard();
      return refusedPanel(done.refusal);
    }
    const { id, ...facts } = kept.upload;
    const report = readingsReport(facts, done.value);
    if (!report.committable) {
      await kept.file.discard();
      return { state: 'checked', report };
    }
    return { state: 'checked', report: { ...report, uploadId: id } };
  }

  /** Imports the readings file checked before, by its id: atomic, so a row refused now writes nothing. */
  commitReadings(ctx: RequestContext, uploadId: string): Promise<Committed<IngestResultDto>> {
    return this.commit<ReadingsOptions, IngestResultDto>(ctx, 'readings', uploadId, (taken) =>
      this.importReadings(ctx, taken.file, taken.options, false),
    );
  }

  /** Imports a file kept by its check, then lets it go; a lost file or a refusal is the panel to show. */
  private async commit<O, T>(
    ctx: RequestContext,
    kind: UploadKind,
    uploadId: string,
    work: (taken: { file: SpooledFile; options: O }) => Promise<T>,
  ): Promise<Committed<T>> {
    const taken = await this.uploads.take<O>(ctx, kind, uploadId);
    if (!taken) return { value: null, panel: { state: 'expired' } };
    try {
      const done = await attempt(() => work(taken));
      if (done.refusal) return { value: null, panel: refusedPanel(done.refusal) };
      return { value: done.value, panel: null };
    } finally {
      await taken.file.discard();
    }
  }

  private async importReadings(
    ctx: RequestContext,
    file: Parameters<ReadingsImportService['csv']>[1],
    options: ReadingsOptions,
    dryRun: boolean,
  ): Promise<IngestResultDto> {
    const { timestampConvention, timeZone, ambiguous, unit, meter, mode } = options;
    const result = await this.readings.csv(
      ctx,
      file,
      { timestampConvention, timeZone, ambiguous, defaultUnit: unit, meterRef: meter },
      { mode, atomic: !dryRun, dryRun, idempotency: null },
    );
    return answerIngest(result, NO_RESPONSE, 'file');
  }
}
