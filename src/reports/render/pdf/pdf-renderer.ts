import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import type { ReportModel } from '../../model/report-model';
import type { ReportText } from '../../templates/report-text';
import { EMPTY, formatter } from '../format';
import { renderToBuffer, type ReportRenderer } from '../renderer';
import { Canvas } from './canvas';
import type { SectionContext } from './context';
import { Flow } from './flow';
import { cdpSection } from './sections/cdp';
import { checksSection } from './sections/checks';
import { claimsSection } from './sections/claims';
import { coverSection } from './sections/cover';
import { dataQualitySection } from './sections/data-quality';
import { methodologySection } from './sections/methodology';
import { re100Section } from './sections/re100';
import { restatementSection } from './sections/restatement';
import { summarySection } from './sections/summary';
import { COLOR, MARGIN, SIZE } from './style';
import { Typesetter } from './text-runs';

/** The report's parts in order; each starts a page. */
const SECTIONS: ((ctx: SectionContext) => void)[] = [
  coverSection,
  summarySection,
  cdpSection,
  re100Section,
  claimsSection,
  dataQualitySection,
  methodologySection,
  checksSection,
  restatementSection,
];

/** Shared by all renders: its caches hold per-character font choices, and never a report's content. */
const typesetter = new Typesetter();

/** The disclosure report as an A4 PDF, with the fonts embedded: the same model gives the same bytes. */
export const pdfRenderer: ReportRenderer = {
  fileName: 'report.pdf',
  contentType: 'application/pdf',
  async render(model: ReportModel, text: ReportText, out: Writable): Promise<void> {
    await pipeline(buildDocument(model, text), out);
  },
};

/** The PDF in memory. */
export const renderPdf = (model: ReportModel, text: ReportText): Promise<Buffer> =>
  renderToBuffer(pdfRenderer, model, text);

/**
 * Lays the whole report out (pages stay buffered so the footers can say "page X of Y") and ends the
 * document. Dates in the file are the model's as-of time: pdfkit derives the file id from them, so
 * nothing depends on the clock.
 */
function buildDocument(model: ReportModel, text: ReportText): PDFKit.PDFDocument {
  const content = model.content;
  const asOf = new Date(model.asOf);
  const options: PDFKit.PDFDocumentOptions = {
    autoFirstPage: false,
    bufferPages: true,
    size: 'A4',
    lang: text.locale,
    displayTitle: true,
    info: {
      Title: `${text.title} · ${content.organization.name} · ${content.period.year}`,
      Author: content.organization.legalEntityName,
      Subject: text.subtitle,
      Creator: 're100-ledger',
      CreationDate: asOf,
      ModDate: asOf,
    },
  };
  const doc = new PDFDocument(options);
  const canvas = new Canvas(doc, typesetter);
  const ctx: SectionContext = {
    model,
    content,
    text,
    f: formatter(text),
    flow: new Flow(canvas),
  };
  for (const section of SECTIONS) section(ctx);
  footers(ctx);
  canvas.flush();
  doc.end();
  return doc;
}

/** On every page: the report id and the model hash's first 12 characters, and "page X of Y". */
function footers({ model, text, f, flow }: SectionContext): void {
  const canvas = flow.canvas;
  const left = f.fill(text.sentences.footer, {
    reportId: model.reportId ?? EMPTY,
    hash: model.modelHash.slice(0, 12),
  });
  const { start, count } = canvas.doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    canvas.switchToPage(i);
    const y = canvas.pageHeight - MARGIN.bottom + 18;
    const style = { size: SIZE.small, color: COLOR.muted };
    canvas.line([MARGIN.side, y - 5], [canvas.pageWidth - MARGIN.side, y - 5], COLOR.rule, 0.5);
    canvas.text(left, MARGIN.side, y, style);
    const page = f.fill(text.sentences.pageOf, { page: i + 1, pages: count });
    canvas.text(page, canvas.pageWidth - MARGIN.side, y, style, 'right');
  }
}
