// Reads a PDF on stdin with unpdf (PDF.js) and prints JSON: its page count, info, outline (title → page) and
// the text of its pages, all of them or those named (1-based) as arguments. A separate process: PDF.js is
// an ES module, which Jest's CommonJS sandbox cannot import.
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { extractText, getDocumentProxy } from 'unpdf';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const pdf = await getDocumentProxy(new Uint8Array(Buffer.concat(chunks)));

const wanted = process.argv.slice(2).map(Number);
const pages = {};
if (wanted.length === 0) {
  const { text } = await extractText(pdf, { mergePages: false });
  text.forEach((pageText, i) => (pages[i + 1] = pageText));
} else {
  for (const number of wanted) {
    const content = await (await pdf.getPage(number)).getTextContent();
    pages[number] = content.items
      .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
      .join('');
  }
}
const outline = [];
for (const item of (await pdf.getOutline()) ?? []) {
  const dest = typeof item.dest === 'string' ? await pdf.getDestination(item.dest) : item.dest;
  outline.push({ title: item.title, page: dest ? (await pdf.getPageIndex(dest[0])) + 1 : null });
}
const { info } = await pdf.getMetadata();
process.stdout.write(JSON.stringify({ pageCount: pdf.numPages, info, outline, pages }));
