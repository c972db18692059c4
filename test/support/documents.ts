import { execFile } from 'node:child_process';
import path from 'node:path';

/** A PDF as PDF.js reads it: page count, document info, outline (title → page) and the text of pages. */
export interface PdfRead {
  pageCount: number;
  info: Record<string, unknown>;
  outline: { title: string; page: number | null }[];
  pages: Record<number, string>;
}

const SCRIPT = path.join(__dirname, 'pdf-text.mjs');

/**
 * Reads a PDF back with a maintained PDF library (unpdf, on PDF.js) in a child process, as Jest's CommonJS
 * workers cannot import PDF.js: all pages, or the ones named (1-based).
 */
export function readPdf(pdf: Buffer, pages: number[] = []): Promise<PdfRead> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [SCRIPT, ...pages.map(String)],
      { maxBuffer: 256 * 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as PdfRead)),
    );
    child.stdin!.end(pdf);
  });
}

/** The text of a PDF, page after page. */
export async function pdfText(pdf: Buffer): Promise<string> {
  return Object.values((await readPdf(pdf)).pages).join('\n');
}

/** The entries of a zip file by name, read with yauzl (which refuses unsafe names itself). */
export async function readZip(zip: Buffer): Promise<Map<string, Buffer>> {
  const yauzl = await import('yauzl');
  const archive = await new Promise<import('yauzl').ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file!))),
  );
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    archive.on('error', reject);
    archive.on('end', resolve);
    archive.on('entry', (entry: import('yauzl').Entry) => {
      archive.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream!.on('data', (c: Buffer) => chunks.push(c));
        stream!.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          archive.readEntry();
        });
      });
    });
    archive.readEntry();
  });
  return entries;
}
