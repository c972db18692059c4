/**
 * The child process of `makeReportInChildProcess`: receives what one report is made of, makes its model and
 * files (`makeReport`), sends them back and exits.
 */
import { makeReport, ReportStageError } from './make-report';
import type { ReportInputs } from './model/build-report-model';
import { ReportTemplates } from './templates/report-templates';

const bytes = (file: Buffer) => new Uint8Array(file.buffer, file.byteOffset, file.byteLength);

process.once('message', (inputs: ReportInputs) => {
  void (async () => {
    try {
      const { model, pdf, xlsx } = await makeReport(inputs, ReportTemplates.load());
      process.send!({ model, pdf: bytes(pdf), xlsx: bytes(xlsx) }, () => process.exit(0));
    } catch (error) {
      const { code, message } = ReportStageError.of(error);
      process.send!({ error: { code, message } }, () => process.exit(1));
    }
  })();
});
