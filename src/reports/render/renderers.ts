import { pdfRenderer } from './pdf/pdf-renderer';
import type { ReportRenderer } from './renderer';
import { xlsxRenderer } from './xlsx/xlsx-renderer';

/** The outputs every report is rendered to, by file kind. */
export const REPORT_RENDERERS: Readonly<Record<'pdf' | 'xlsx', ReportRenderer>> = Object.freeze({
  pdf: pdfRenderer,
  xlsx: xlsxRenderer,
});
