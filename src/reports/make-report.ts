import { assembleReport, ReportInputs } from './model/build-report-model';
import type { ReportModel } from './model/report-model';
import { renderPdf } from './render/pdf/pdf-renderer';
import { renderXlsx } from './render/xlsx/xlsx-renderer';
import type { ReportTemplates } from './templates/report-templates';

/** A report made: its model and both files. */
export interface MadeReport {
  model: ReportModel;
  pdf: Buffer;
  xlsx: Buffer;
}

/** A report that could not be made, and at which stage: its `failure.code` is `BUILD_FAILED` or `RENDER_FAILED`. */
export class ReportStageError extends Error {
  constructor(
    readonly code: 'BUILD_FAILED' | 'RENDER_FAILED',
    message: string,
  ) {
    super(message);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Makes a report from what it is made of: the model (the pure builder), then the PDF and the XLSX (the pure
 * renderers). No database: it runs in the service's process or in a child process alike.
 */
export async function makeReport(inputs: ReportInputs, templates: ReportTemplates): Promise<MadeReport> {
  let model: ReportModel;
  try {
    model = assembleReport(inputs, templates.cdpFor(inputs.request.year));
  } catch (error) {
    throw new ReportStageError('BUILD_FAILED', messageOf(error));
  }
  try {
    const text = templates.text(model.language);
    return { model, pdf: await renderPdf(model, text), xlsx: await renderXlsx(model, text) };
  } catch (error) {
    throw new ReportStageError('RENDER_FAILED', messageOf(error));
  }
}
