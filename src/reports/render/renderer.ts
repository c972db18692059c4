import { PassThrough, type Writable } from 'node:stream';
import type { ReportModel } from '../model/report-model';
import type { ReportText } from '../templates/report-text';

/**
 * An output of a report: a pure function of the model and its language's text, writing the file to `out`.
 * It formats and computes nothing, and takes every date and id from the model, so the same model gives the
 * same bytes. A new output (a K-RE100 submission, a CSV appendix) is a new renderer, not a change to the
 * builder.
 */
export interface ReportRenderer {
  /** The file's name in downloads and the evidence pack (`report.pdf`). */
  readonly fileName: string;
  readonly contentType: string;
  render(model: ReportModel, text: ReportText, out: Writable): Promise<void>;
}

/** A renderer's file in memory: what it writes to a stream, collected. */
export async function renderToBuffer(
  renderer: ReportRenderer,
  model: ReportModel,
  text: ReportText,
): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await Promise.all([renderer.render(model, text, out), ended]);
  return Buffer.concat(chunks);
}
