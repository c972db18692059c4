/**
 * The child process of `renderInChildProcess`: receives one report model, renders it with the renderer of
 * its kind and the language's text, sends the file back and exits.
 */
import type { ReportModel } from '../model/report-model';
import { ReportTemplates } from '../templates/report-templates';
import { renderPdf } from './pdf/pdf-renderer';
import type { RenderKind } from './render-process';
import { renderXlsx } from './xlsx/xlsx-renderer';

process.once('message', (request: { kind: RenderKind; model: ReportModel }) => {
  void (async () => {
    try {
      const text = ReportTemplates.load().text(request.model.language);
      const file = await (request.kind === 'pdf' ? renderPdf : renderXlsx)(request.model, text);
      process.send!({ file: new Uint8Array(file.buffer, file.byteOffset, file.byteLength) }, () =>
        process.exit(0),
      );
    } catch (error) {
      process.send!({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1));
    }
  })();
});
