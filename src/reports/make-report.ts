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

/**
 * Why a report failed, its `failure.code`: its figures could not be built, its files not rendered, or its
 * job was run three times and never finished (the service stopped, or ran out of time).
 */
export const REPORT_FAILURES = {
  build: 'BUILD_FAILED',
  render: 'RENDER_FAILED',
  interrupted: 'INTERRUPTED',
} as const;
export type ReportFailureCode = (typeof REPORT_FAILURES)[keyof typeof REPORT_FAILURES];

/** A report that could not be made, and why. */
export class ReportStageError extends Error {
  constructor(
    readonly code: ReportFailureCode,
    message: string,
  ) {
    super(message);
  }

  /** Any error as a report failure: a stage's own, or one of building (reading, assembling, a lost child). */
  static of(error: unknown): ReportStageError {
    return error instanceof ReportStageError
      ? error
      : new ReportStageError(REPORT_FAILURES.build, messageOf(error));
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
    throw new ReportStageError(REPORT_FAILURES.build, messageOf(error));
  }
  try {
    const text = templates.text(model.language);
    return { model, pdf: await renderPdf(model, text), xlsx: await renderXlsx(model, text) };
  } catch (error) {
    throw new ReportStageError(REPORT_FAILURES.render, messageOf(error));
  }
}
