import type { Writable } from 'node:stream';
import type { ReportModel } from '../../model/report-model';
import type { ReportText } from '../../templates/report-text';
import { renderToBuffer, type ReportRenderer } from '../renderer';
import { Styles } from './cells';
import { DeterministicWorkbookWriter } from './deterministic-writer';
import { workbookSheets } from './sheets';
import { writeSheet } from './write-sheet';

/**
 * The report as an XLSX workbook: one sheet per table, figures as numeric cells, CDP tables in the
 * questionnaire's column order. Written with exceljs's streaming writer, each row committed as it is
 * written, so a large register costs the XML of one sheet at a time, not a workbook model. Every date in
 * the file is the model's `asOf`, so the same model gives the same bytes.
 */
export const xlsxRenderer: ReportRenderer = {
  fileName: 'report.xlsx',
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  render: renderXlsxTo,
};

async function renderXlsxTo(model: ReportModel, text: ReportText, out: Writable): Promise<void> {
  const workbook = new DeterministicWorkbookWriter(out, new Date(model.asOf));
  const context = { styles: new Styles(), cdpMwhDecimals: model.content.cdp.mwhDecimals };
  for (const sheet of workbookSheets(model, text)) {
    writeSheet(workbook, sheet, context);
    // Let the zip take the sheet's XML before the next one is built.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await workbook.commit();
}

/** The workbook in memory. */
export const renderXlsx = (model: ReportModel, text: ReportText): Promise<Buffer> =>
  renderToBuffer(xlsxRenderer, model, text);
