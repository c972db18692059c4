export { pdfRenderer, renderPdf } from './pdf-renderer';
