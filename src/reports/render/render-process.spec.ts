import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReportModel } from '../model/report-model';
import { ReportTemplates } from '../templates/report-templates';
import { renderPdf } from './pdf/pdf-renderer';
import { renderInChildProcess } from './render-process';
import { renderXlsx } from './xlsx/xlsx-renderer';

const model = JSON.parse(
  readFileSync(path.join(__dirname, '../../../test/fixtures/report-model.json'), 'utf8'),
) as ReportModel;
/** The child's entry from the sources, transpiled as it loads (the built service runs render-child.js). */
const fromSources = {
  entry: path.join(__dirname, 'render-child.ts'),
  execArgv: ['-r', 'ts-node/register/transpile-only'],
};

describe('rendering in a child process', () => {
  const text = ReportTemplates.load().text('ko');

  it('gives the bytes the renderers give in this process', async () => {
    const korean = { ...model, language: 'ko' as const };
    const [pdf, xlsx] = await Promise.all([
      renderInChildProcess('pdf', korean, fromSources),
      renderInChildProcess('xlsx', korean, fromSources),
    ]);
    expect(pdf.equals(await renderPdf(korean, text))).toBe(true);
    expect(xlsx.equals(await renderXlsx(korean, text))).toBe(true);
  }, 60_000);

  it('fails with the renderer’s error, and a child that dies fails the render', async () => {
    const broken = { ...model, content: { ...model.content, cdp: undefined } } as unknown as ReportModel;
    await expect(renderInChildProcess('pdf', broken, fromSources)).rejects.toThrow(/cdp|undefined/);
    const missing = { ...fromSources, entry: path.join(__dirname, 'no-such-child.js') };
    await expect(renderInChildProcess('xlsx', model, missing)).rejects.toThrow(/exit code 1|without a file/);
  }, 60_000);
});
